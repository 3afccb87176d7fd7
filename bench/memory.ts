/**
 * `npm run bench:memory`: the resident memory of the whole `npm start` process tree, idle and
 * under load (issue 9, item 4; target ≤ 1 GiB idle). It runs `npm start` itself on a free port
 * and a temp DATA_DIR, prints RSS and PSS per process and in total, then loads it (32
 * concurrent readers over the public read endpoints, and one upload transcoded by the companion)
 * while sampling the tree, and prints the peak and the tree after the load.
 *
 *   npm run bench:memory                          # the default runtime (Miniflare)
 *   npm run bench:memory -- --runtime wrangler-dev  # what `npm run dev` runs, for comparison
 *   npm run bench:memory -- --seconds 30 --no-upload
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../scripts/ports';
import { runFfmpeg } from '../transcoder/media';
import { plainBins } from './lib/measure';
import { formatTreeMemory, processTreeMemory } from './lib/process-tree-rss';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROOT_PASSWORD = 'bench-memory-root-password';
const { values } = parseArgs({
  options: {
    runtime: { type: 'string', default: 'miniflare' },
    seconds: { type: 'string', default: '20' },
    connections: { type: 'string', default: '32' },
    'no-upload': { type: 'boolean', default: false },
  },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dataDir = await mkdtemp(join(tmpdir(), 'edgetube-bench-memory-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const npm = spawn('npm', ['start'], {
  cwd: ROOT,
  detached: true, // its own process group, so the whole tree stops at the end
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, ROOT_PASSWORD, EDGETUBE_RUNTIME: values.runtime },
});
let output = '';
npm.stdout.on('data', (d) => (output += d));
npm.stderr.on('data', (d) => (output += d));

try {
  const deadline = Date.now() + 180_000;
  while (!output.includes('edgetube is up')) {
    if (npm.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
    await sleep(250);
  }
  console.log(output.split('\n').find((l) => l.includes('edgetube is up')));
  await sleep(5_000); // let start-up garbage settle
  console.log(formatTreeMemory(processTreeMemory(npm.pid!), `idle (${values.runtime})`));

  const token = await login();
  let peak = processTreeMemory(npm.pid!);
  const sampler = setInterval(() => {
    const now = processTreeMemory(npm.pid!);
    if (now.rssKb > peak.rssKb) peak = now;
  }, 500);
  const [reads] = await Promise.all([
    readLoad(Number(values.seconds) * 1000, Number(values.connections)),
    values['no-upload'] ? Promise.resolve() : uploadAndWait(token),
  ]);
  clearInterval(sampler);
  console.log(
    `\nload: ${reads.requests} reads in ${values.seconds} s over ${values.connections} connections, ${reads.errors} errors${values['no-upload'] ? '' : ', and one 20 s 720p upload transcoded'}`,
  );
  console.log(formatTreeMemory(peak, 'peak under load (the sample with the largest RSS sum)'));
  console.log(formatTreeMemory(processTreeMemory(npm.pid!), 'after load'));
} finally {
  try {
    process.kill(-npm.pid!, 'SIGINT');
  } catch {
    /* gone */
  }
  const stopped = await Promise.race([new Promise((r) => npm.once('exit', () => r(true))), sleep(15_000).then(() => false)]);
  if (!stopped) {
    try {
      process.kill(-npm.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  await rm(dataDir, { recursive: true, force: true });
}

async function login(): Promise<string> {
  const client = (await (await fetch(`${url}/api/v1/oauth-clients/local`)).json()) as { client_id: string; client_secret: string };
  const res = await fetch(`${url}/api/v1/users/token`, {
    method: 'POST',
    body: new URLSearchParams({ ...client, grant_type: 'password', username: 'root', password: ROOT_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Bounded closed-loop load: each connection reads the next endpoint as soon as the last answered. */
async function readLoad(durationMs: number, connections: number) {
  const host = `127.0.0.1:${port}`;
  const paths = ['/api/v1/config', '/api/v1/videos?count=15', `/.well-known/webfinger?resource=acct:root@${host}`, '/api/v1/videos/categories', '/'];
  const end = Date.now() + durationMs;
  let requests = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      for (let i = c; Date.now() < end; i++) {
        try {
          const res = await fetch(`${url}${paths[i % paths.length]}`, { signal: AbortSignal.timeout(30_000) });
          await res.arrayBuffer();
          if (res.status >= 500) errors++;
        } catch {
          errors++;
        }
        requests++;
      }
    }),
  );
  return { requests, errors };
}

/** One 20 s 720p clip through the upload API, polled until published (bounded). */
async function uploadAndWait(token: string) {
  const clip = join(dataDir, 'clip.mp4');
  await runFfmpeg(plainBins, [
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=1280x720:rate=30:duration=20',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000:duration=20',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-shortest',
    clip,
  ]);
  const auth = { authorization: `Bearer ${token}` };
  const me = (await (await fetch(`${url}/api/v1/users/me`, { headers: auth })).json()) as { videoChannels: { id: number }[] };
  const form = new FormData();
  form.append('name', 'memory bench');
  form.append('channelId', String(me.videoChannels[0].id));
  form.append('privacy', '1');
  form.append('videofile', new Blob([await readFile(clip)], { type: 'video/mp4' }), 'clip.mp4');
  const res = await fetch(`${url}/api/v1/videos/upload`, { method: 'POST', headers: auth, body: form });
  if (!res.ok) throw new Error(`upload: ${res.status} ${await res.text()}`);
  const { video } = (await res.json()) as { video: { uuid: string } };
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    const detail = (await (await fetch(`${url}/api/v1/videos/${video.uuid}`, { headers: auth })).json()) as { state?: { id: number }; files?: unknown[] };
    if (detail.state?.id === 1 && detail.files?.length) return;
    if (detail.state?.id === 7) throw new Error('transcoding failed');
    await sleep(1000);
  }
  throw new Error('the upload was not published in time');
}
