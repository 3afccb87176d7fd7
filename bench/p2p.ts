/**
 * `npm run bench:p2p` (issue 10): starts the instance (libSQL, workerd, companion with its seeder,
 * as `npm start` does), publishes one video, and opens three headless Chromium viewers of it,
 * staggered. Prints, per viewer and in total, the segment bytes that came from peers (checked
 * against segments-sha256) and from the edge, as the player's P2P counters give them.
 * Target: at least 50% from peers for viewers 2 and 3. Then the tracker under 1,000 simulated
 * announcing peers (bench/lib/tracker-sim.ts, as `bench:tracker`): workerd's memory and CPU.
 * Prints, and writes bench/results/p2p-*.json; fails on nothing.
 *
 *   npm run bench:p2p -- --seconds 60 --stagger 8 [--peers 1000] [--tracker-seconds 30] [--debug]
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { generateClip } from '../test/helpers/clips';
import { launchViewer, statsOf, type P2PStats } from '../test/helpers/p2p-viewer';
import { call, login, upload, waitPublished } from './lib/api-seed';
import { startBenchInstance } from './lib/bench-instance';
import { runBench, writeResults } from './lib/results-file';
import { formatTrackerSim, simulateTracker, videoInfohashes } from './lib/tracker-sim';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    stagger: { type: 'string', default: '8' },
    viewers: { type: 'string', default: '3' },
    peers: { type: 'string', default: '1000' },
    'tracker-seconds': { type: 'string', default: '30' },
    debug: { type: 'boolean', default: false },
  },
});
const ROOT_PASSWORD = 'bench-root-password';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (n: number) => `${(n / 2 ** 20).toFixed(2)} MB`;
const share = (p: number, h: number) => (p + h > 0 ? (100 * p) / (p + h) : 0);

/** One viewer: opens the watch page playing and stays until the video has played to its end (bounded). */
async function watchToEnd(browser: Browser, url: string, index: number, seconds: number): Promise<{ page: Page; stats: P2PStats }> {
  const page = await browser.newPage();
  if (args.debug) {
    await page.addInitScript(`localStorage.debug = 'p2pml:*'`);
    page.on('console', (m) => console.log(`[viewer ${index + 1}] ${m.text()}`));
    page.on('pageerror', (e) => console.log(`[viewer ${index + 1}] page error: ${e.stack ?? e.message}`));
  }
  await page.goto(`${url}?autoplay=1&muted=1`);
  await page
    .waitForFunction(`(() => { const v = document.getElementById('player'); return v.ended || v.currentTime >= ${seconds - 1}; })()`, undefined, {
      timeout: (seconds + 90) * 1000,
      polling: 500,
    })
    .catch(() => console.log(`viewer ${index + 1}: did not reach the end in time; counted what it had`));
  const stats = await statsOf(page);
  if (!stats) throw new Error(`viewer ${index + 1}: the player did not start P2P`);
  return { page, stats };
}

async function viewers(url: string, seconds: number) {
  const count = Number(args.viewers);
  const stagger = Number(args.stagger) * 1000;
  const browsers: Browser[] = [];
  try {
    const runs = Array.from({ length: count }, async (_, i) => {
      await sleep(i * stagger);
      const browser = await launchViewer();
      browsers.push(browser);
      return watchToEnd(browser, url, i, seconds);
    });
    // Every viewer stays on the page until the last has finished, as viewers reading on would.
    return (await Promise.all(runs)).map((r) => r.stats);
  } finally {
    for (const b of browsers) await b.close();
  }
}

function report(results: P2PStats[]): number {
  console.log('\nviewer | from peers | from the edge | from peers (share) | rejected segments | uploaded to peers');
  results.forEach((r, i) =>
    console.log(
      `${String(i + 1).padEnd(6)} | ${mb(r.p2pBytes).padStart(10)} | ${mb(r.httpBytes).padStart(13)} | ${share(r.p2pBytes, r.httpBytes).toFixed(0).padStart(17)}% | ${String(r.rejectedSegments).padStart(17)} | ${mb(r.uploadedBytes).padStart(17)}`,
    ),
  );
  const sum = (rs: P2PStats[], k: 'p2pBytes' | 'httpBytes') => rs.reduce((n, r) => n + r[k], 0);
  console.log(
    `total  | ${mb(sum(results, 'p2pBytes')).padStart(10)} | ${mb(sum(results, 'httpBytes')).padStart(13)} | ${share(sum(results, 'p2pBytes'), sum(results, 'httpBytes')).toFixed(0).padStart(17)}%`,
  );
  const later = results.slice(1);
  const laterShare = share(sum(later, 'p2pBytes'), sum(later, 'httpBytes'));
  console.log(`viewers 2+: ${laterShare.toFixed(0)}% of segment bytes from peers (target: at least 50%) ${laterShare >= 50 ? 'MET' : 'NOT MET'}`);
  return laterShare;
}

async function main() {
  const { instance, dataDir, stop } = await startBenchInstance('p2p', { rootPassword: ROOT_PASSWORD, vars: { RATE_LIMIT_TOKEN_PER_MINUTE: '1000' } });
  try {
    const url = instance.url;
    const token = await login(url, 'root', ROOT_PASSWORD);
    const me = await call(url, '/api/v1/users/me', { token });
    const seconds = Number(args.seconds);
    const clip = new Uint8Array(await readFile(await generateClip(join(dataDir, 'clip.mp4'), { seconds, width: 640, height: 360 })));
    const uuid = await upload(url, token, me.videoChannels[0].id, 'P2P bench', clip);
    await waitPublished(url, token, [uuid], 600_000);
    const video = await call(url, `/api/v1/videos/${uuid}`, { token });
    console.log(
      `instance at ${url}; video ${uuid}: ${seconds} s, ${video.streamingPlaylists[0].files.length} HLS renditions; ${args.viewers} viewers, ${args.stagger} s apart`,
    );
    const results = await viewers(`${url}/w/${video.shortUUID}`, seconds);
    const laterShare = report(results);

    console.log(`\nthe tracker under ${args.peers} simulated announcing peers for ${args['tracker-seconds']} s…`);
    const tracker = await simulateTracker({
      baseUrl: url,
      infoHashes: await videoInfohashes(url, uuid),
      peers: Number(args.peers),
      seconds: Number(args['tracker-seconds']),
    });
    console.log(formatTrackerSim(tracker));
    console.log(`\nwritten to ${await writeResults('p2p', { loadavg: loadavg(), args, viewers: results, laterShare, tracker })}`);
  } finally {
    await stop();
  }
}

runBench(main);
