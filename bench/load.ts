/**
 * `npm run bench:load`: an instance, started as `npm start` starts it, under anonymous viewers,
 * resumable uploads and signed inbox deliveries at the same time, for a bounded window. Then it
 * drains and checks that nothing was lost: every upload answered 200 is published, every
 * accepted comment is there exactly once (each was delivered twice), every accepted Like is
 * counted, and no job failed. It prints errors, p50 and p99 per kind of traffic.
 *
 *   npm run bench:load -- [--seconds 20] [--viewers 16] [--uploads 6] [--notes 24] [--actors 6]
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startFakeRemote } from '../test/helpers/fake-remote-instance';
import { generateClip } from '../test/helpers/clips';
import { call, seedForReads } from './lib/api-seed';
import { startBenchInstance } from './lib/bench-instance';
import { inboxLoad, newTally, percentile, uploadLoad, viewLoad, type Tally } from './lib/load-traffic';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    viewers: { type: 'string', default: '16' },
    uploads: { type: 'string', default: '6' },
    notes: { type: 'string', default: '24' },
    actors: { type: 'string', default: '6' },
  },
});
const ROOT_PASSWORD = 'bench-root-password';

const json = (url: string, token?: string) => call('', url, { token });

/** Polls `check` until it returns true or the deadline passes (bounded). */
async function settle(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 2000));
  }
  return check();
}

function row(name: string, t: Tally) {
  const errors5xx = t.samples.filter((s) => s.status >= 500 || s.status === 0).length;
  const other = t.samples.filter((s) => s.status >= 400 && s.status < 500).length;
  return `| ${name} | ${t.samples.length} | ${errors5xx} | ${other} | ${percentile(t.samples, 50).toFixed(0)} | ${percentile(t.samples, 99).toFixed(0)} |`;
}

async function main() {
  const { instance, dataDir, stop } = await startBenchInstance('load', {
    rootPassword: ROOT_PASSWORD,
    vars: { SIGNUP_ENABLED: 'true', ALLOW_LOOPBACK_FEDERATION: 'true', RATE_LIMIT_TOKEN_PER_MINUTE: '1000', RATE_LIMIT_REGISTER_PER_HOUR: '1000' },
  });
  const remote = await startFakeRemote();
  try {
    const base = instance.url;
    console.log(`instance up at ${base}; seeding…`);
    const seeded = await seedForReads({ url: base, rootPassword: ROOT_PASSWORD, videos: 2, workDir: dataDir });
    const video = await json(`${base}/api/v1/videos/${seeded.videoUuid}`);
    const me = await json(`${base}/api/v1/users/me`, seeded.userToken);
    const clip = new Uint8Array(await readFile(await generateClip(join(dataDir, 'upload.mp4'), { seconds: 2, width: 320, height: 180, fps: 15 })));
    const actors = await Promise.all(Array.from({ length: Number(args.actors) }, (_, i) => remote.addActor(`loadfan${i + 1}`)));
    const paths = [
      '/api/v1/videos?count=15',
      `/api/v1/videos/${seeded.videoUuid}`,
      `/videos/watch/${seeded.videoUuid}`,
      new URL(video.streamingPlaylists[0].playlistUrl).pathname,
      video.thumbnailPath,
      `/api/v1/videos/${seeded.videoUuid}/comment-threads`,
    ];

    const seconds = Number(args.seconds);
    console.log(
      `load for ${seconds} s: ${args.viewers} viewers, ${args.uploads} uploads, ${args.notes} comments (each delivered twice) and ${actors.length} likes from a remote instance…`,
    );
    const tallies = { view: newTally(), upload: newTally(), inbox: newTally() };
    const until = Date.now() + seconds * 1000;
    const [, uploaded, accepted] = await Promise.all([
      viewLoad(base, paths, Number(args.viewers), until, tallies.view),
      uploadLoad(base, seeded.userToken, me.videoChannels[0].id, clip, Number(args.uploads), until, tallies.upload),
      inboxLoad(`${base}/inbox`, remote, actors, video.url, Number(args.notes), until, tallies.inbox),
    ]);

    console.log('draining: waiting for the uploads to publish and the inbox jobs to finish…');
    const published = new Set<string>();
    await settle(
      async () => {
        for (const uuid of uploaded)
          if (!published.has(uuid) && (await json(`${base}/api/v1/videos/${uuid}`, seeded.userToken)).state.id === 1) published.add(uuid);
        return published.size === uploaded.length;
      },
      60_000 + uploaded.length * 20_000,
    );
    let noteCounts = new Map<string, number>();
    let likes = 0;
    await settle(async () => {
      const threads = await json(`${base}/api/v1/videos/${seeded.videoUuid}/comment-threads?count=100`);
      noteCounts = new Map();
      for (const c of threads.data as Array<{ url: string }>) noteCounts.set(c.url, (noteCounts.get(c.url) ?? 0) + 1);
      likes = (await json(`${base}/api/v1/videos/${seeded.videoUuid}`)).likes;
      return [...accepted.notes].every((id) => noteCounts.has(id)) && likes >= accepted.likers.size;
    }, 60_000);
    const failedJobs = (await json(`${base}/api/v1/jobs/failed?count=100`, seeded.rootToken)).total as number;

    const lostUploads = uploaded.length - published.size;
    const lostNotes = [...accepted.notes].filter((id) => !noteCounts.has(id)).length;
    const duplicated = [...accepted.notes].filter((id) => (noteCounts.get(id) ?? 0) > 1).length;
    const lostLikes = Math.max(0, accepted.likers.size - likes);
    console.log(
      `\n${seconds} s window, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
    );
    console.log('| traffic | requests | 5xx or no answer | 4xx | p50 ms | p99 ms |\n|---|---|---|---|---|---|');
    console.log(row('anonymous viewers', tallies.view));
    console.log(row('resumable uploads', tallies.upload));
    console.log(row('inbox deliveries', tallies.inbox));
    console.log(`\nuploads answered 200: ${uploaded.length}, published: ${published.size}, lost: ${lostUploads}`);
    console.log(`comments accepted: ${accepted.notes.size}, shown: ${accepted.notes.size - lostNotes}, lost: ${lostNotes}, shown twice: ${duplicated}`);
    console.log(`likes accepted: ${accepted.likers.size}, counted: ${likes}, lost: ${lostLikes}`);
    console.log(`failed jobs: ${failedJobs}`);
    const failures = [...tallies.view.failures, ...tallies.upload.failures, ...tallies.inbox.failures];
    if (failures.length) console.log(`\nfirst failures:\n  ${failures.slice(0, 10).join('\n  ')}`);
    const ok = failures.length === 0 && lostUploads + lostNotes + lostLikes + duplicated + failedJobs === 0;
    console.log(`\ntarget (zero 5xx, zero lost): ${ok ? 'met' : 'NOT met'}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await remote.close();
    await stop();
  }
}

await main();
