/**
 * `npm run bench:cost`: a month in miniature against a real instance, priced. It uploads a few
 * real clips and plays them many times (anonymous, so through the edge cache, and logged in,
 * which never is), while the Worker counts its billable operations (METER_OPERATIONS), the libSQL
 * server its rows, and /proc the Worker's CPU. From the counts per upload, per view and per
 * segment it prices a month of 1,000 uploads and 100,000 views with bench/prices.ts, with and
 * without the edge cache, and with P2P taking a share of the segments.
 *
 *   npm run bench:cost -- [--uploads 4] [--views 200] [--minutes 5] [--watched 0.5] [--p2p 0.5] [--mb-per-minute 55]
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateClip } from '../test/helpers/clips';
import { call, login } from './lib/api-seed';
import { startBenchInstance } from './lib/bench-instance';
import { delta, per, readMeter, type Reading } from './lib/cost-meter';
import { monthlyBill, printBill, type Month } from './lib/cost-model';

const { values: args } = parseArgs({
  options: {
    uploads: { type: 'string', default: '4' },
    views: { type: 'string', default: '200' },
    minutes: { type: 'string', default: '5' },
    watched: { type: 'string', default: '0.5' },
    p2p: { type: 'string', default: '0.5' },
    // Stored MB per minute of a 1080p source, measured by `npm run bench:transcode` (README).
    'mb-per-minute': { type: 'string', default: '55' },
    'companion-usd': { type: 'string' },
  },
});
const ROOT_PASSWORD = 'bench-root-password';
const CLIP_SECONDS = 8;

/** One view as a browser makes it: the page, the details, the playlists, a view report. */
async function view(base: string, uuid: string, token?: string) {
  const details = await call(base, `/api/v1/videos/${uuid}`, { token });
  const master = new URL(details.streamingPlaylists[0].playlistUrl);
  await call(base, `/videos/watch/${uuid}`, { token });
  const variant = ((await call('', master.href)) as string).split('\n').find((l) => l && !l.startsWith('#'))!;
  const variantUrl = new URL(variant, master);
  const segments = ((await call('', variantUrl.href)) as string)
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((s) => new URL(s, variantUrl).href);
  await call(base, `/api/v1/videos/${uuid}/views`, { method: 'POST', token, json: { currentTime: 3 } });
  return segments;
}

async function main() {
  const { instance, dataDir, stop } = await startBenchInstance('cost', {
    rootPassword: ROOT_PASSWORD,
    vars: { METER_OPERATIONS: 'true', SIGNUP_ENABLED: 'true', RATE_LIMIT_TOKEN_PER_MINUTE: '1000', RATE_LIMIT_REGISTER_PER_HOUR: '1000' },
  });
  try {
    const base = instance.url;
    const user = 'cost_user';
    await call(base, '/api/v1/users/register', { method: 'POST', json: { username: user, email: `${user}@example.com`, password: 'cost-password' } });
    const token = await login(base, user, 'cost-password');
    const channelId = (await call(base, '/api/v1/users/me', { token })).videoChannels[0].id;
    const clip = new Uint8Array(await readFile(await generateClip(join(dataDir, 'clip.mp4'), { seconds: CLIP_SECONDS, width: 640, height: 360, fps: 25 })));

    const uploads = Number(args.uploads);
    console.log(`instance up at ${base}; ${uploads} uploads of a ${CLIP_SECONDS} s clip…`);
    const r0 = await readMeter(instance);
    const uuids: string[] = [];
    for (let i = 0; i < uploads; i++) {
      const form = new FormData();
      for (const [k, v] of Object.entries({ channelId: String(channelId), name: `cost clip ${i + 1}`, privacy: '1' })) form.append(k, v);
      form.append('videofile', new Blob([clip as Uint8Array<ArrayBuffer>], { type: 'video/mp4' }), `clip-${i + 1}.mp4`);
      uuids.push((await call(base, '/api/v1/videos/upload', { method: 'POST', token, body: form })).video.uuid);
    }
    const deadline = Date.now() + 60_000 + uploads * 30_000;
    for (const uuid of uuids) {
      while ((await call(base, `/api/v1/videos/${uuid}`, { token })).state.id !== 1) {
        if (Date.now() > deadline) throw new Error(`${uuid} not published in time`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    // Let the publication's federation and sweep jobs settle into the upload's share.
    await new Promise((r) => setTimeout(r, 3000));
    const r1 = await readMeter(instance);

    const views = Number(args.views);
    console.log(`${views} anonymous views, ${views / 2} logged-in views, then the segments…`);
    let segments: string[] = [];
    for (let i = 0; i < views; i++) segments = await view(base, uuids[i % uuids.length]);
    const r2 = await readMeter(instance);
    for (let i = 0; i < views / 2; i++) await view(base, uuids[i % uuids.length], token);
    const r3 = await readMeter(instance);
    const segmentRounds = 10;
    for (let round = 0; round < segmentRounds; round++) for (const s of segments) await call('', s);
    const r4 = await readMeter(instance);

    const measured = {
      upload: per(delta(r0, r1), uploads),
      cachedView: per(delta(r1, r2), views),
      uncachedView: per(delta(r2, r3), views / 2),
      segment: per(delta(r3, r4), segmentRounds * segments.length),
      segmentSeconds: CLIP_SECONDS / segments.length,
    };
    printMeasured({ upload: measured.upload, cachedView: measured.cachedView, uncachedView: measured.uncachedView, segment: measured.segment });
    const month: Month = {
      uploads: 1000,
      views: 100_000,
      minutesPerVideo: Number(args.minutes),
      watchedShare: Number(args.watched),
      mbPerMinute: Number(args['mb-per-minute']),
      p2pShare: Number(args.p2p),
      companionUsd: args['companion-usd'] ? Number(args['companion-usd']) : undefined,
    };
    console.log(
      `\nload average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    printBill(monthlyBill(measured, month), month);
  } finally {
    await stop();
  }
}

function printMeasured(m: { upload: Reading; cachedView: Reading; uncachedView: Reading; segment: Reading }) {
  const cols: Array<keyof Reading> = ['requests', 'workerCpuMs', 'r2ClassA', 'r2ClassB', 'queueMessages', 'dbRoundTrips', 'rowsReturned', 'rowsAffected'];
  console.log(`\nmeasured, per unit\n| unit | ${cols.join(' | ')} |\n|---|${cols.map(() => '---').join('|')}|`);
  for (const [name, r] of Object.entries(m)) console.log(`| ${name} | ${cols.map((c) => r[c].toFixed(2)).join(' | ')} |`);
}

await main();
