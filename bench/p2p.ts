/**
 * `npm run bench:p2p` (issue 10): (1) three headless Chromium viewers of one video, staggered,
 * and the share of their segment bytes that came from peers; (2) the tracker's CPU and memory
 * (workerd, where the Durable Object runs) for simulated announcing peers, simulated in Node.
 * Drives `wrangler dev` (quiet logs), as the other benches do. Prints; fails on nothing.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { startInstanceWithCompanion } from '../test/helpers/companion-process';
import { launchChromium, REAL_HOST_CANDIDATES } from '../test/helpers/browser';
import { generateClip } from '../test/helpers/clips';
import { hlsSwarmInfohashes } from '../worker/tracker/known-infohashes';
import { call, login, upload, waitPublished } from './lib/api-seed';
import { descendantPids, sample } from './lib/process-stats';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '40' },
    stagger: { type: 'string', default: '4' },
    peers: { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
  },
});
const ROOT_PASSWORD = 'bench-root-password';
const mb = (n: number) => `${(n / 2 ** 20).toFixed(2)} MB`;
const pct = (p: number, h: number) => (p + h > 0 ? `${((100 * p) / (p + h)).toFixed(0)}%` : '-');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function viewers(url: string, shortUUID: string, duration: number) {
  const stagger = Number(args.stagger) * 1000;
  const results = await Promise.all([0, 1, 2].map(async (i) => {
    await sleep(i * stagger);
    const browser = await launchChromium([REAL_HOST_CANDIDATES]);
    try {
      const page = await browser.newPage();
      await page.goto(`${url}/w/${shortUUID}`);
      await page.evaluate(`(() => { const v = document.getElementById('player'); v.muted = true; v.autoplay = true; v.play().catch(() => {}); })()`);
      // Bounded: the whole video plus a margin.
      await page.waitForFunction(`document.getElementById('player').ended || document.getElementById('player').currentTime >= ${duration - 1}`, undefined, { timeout: (duration + 60) * 1000 }).catch(() => undefined);
      const stats = await page.evaluate('({ ...window.edgetubeP2PStats })') as { p2pBytes: number; httpBytes: number; peers: number; rejectedSegments: number };
      // Stay a little for the viewers behind, as a real viewer reading the description would.
      await sleep(Math.max(0, (2 - i) * stagger));
      return stats;
    } finally { await browser.close(); }
  }));
  console.log('\n(1) three viewers, staggered by', args.stagger, 's');
  console.log('viewer | from peers | from the edge | P2P share | rejected segments');
  results.forEach((r, i) => console.log(`${i + 1}      | ${mb(r.p2pBytes).padStart(10)} | ${mb(r.httpBytes).padStart(13)} | ${pct(r.p2pBytes, r.httpBytes).padStart(9)} | ${r.rejectedSegments}`));
  const p = results.reduce((n, r) => n + r.p2pBytes, 0);
  const h = results.reduce((n, r) => n + r.httpBytes, 0);
  const later = results.slice(1);
  console.log(`total  | ${mb(p).padStart(10)} | ${mb(h).padStart(13)} | ${pct(p, h).padStart(9)}`);
  console.log(`viewers 2 and 3: ${pct(later.reduce((n, r) => n + r.p2pBytes, 0), later.reduce((n, r) => n + r.httpBytes, 0))} from peers (target: at least 50%)`);
}

async function trackerLoad(url: string, infohashes: string[]) {
  const count = Number(args.peers);
  const workerd = await descendantPids(process.pid, /workerd/);
  const before = await sample(workerd);
  const sockets: WebSocket[] = [];
  const started = Date.now();
  let replies = 0;
  const offer = { type: 'offer', sdp: 'v=0 simulated' };
  // Bounded: `count` sockets, opened 50 at a time, each announcing twice.
  for (let i = 0; i < count; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - i) }, async (_, j) => {
      const n = i + j;
      // One address per simulated viewer, as on the Internet (the limit is per address).
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/tracker/socket`, { headers: { 'cf-connecting-ip': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` } });
      ws.on('message', () => { replies++; });
      await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
      const infoHash = Buffer.from(infohashes[n % infohashes.length], 'hex').toString('latin1');
      const peerId = Buffer.from(`-SIM000-${String(n).padStart(12, '0')}`).toString('latin1');
      ws.send(JSON.stringify({ action: 'announce', event: 'started', info_hash: infoHash, peer_id: peerId, left: 1, numwant: 2, offers: [{ offer_id: 'a'.repeat(20), offer }, { offer_id: 'b'.repeat(20), offer }] }));
      ws.send(JSON.stringify({ action: 'announce', event: 'update', info_hash: infoHash, peer_id: peerId, left: 1, numwant: 0, offers: [] }));
      sockets.push(ws);
    }));
  }
  for (let i = 0; i < 100 && replies < count * 2; i++) await sleep(100);
  const elapsed = (Date.now() - started) / 1000;
  const held = await sample(workerd);
  for (const ws of sockets) ws.close();
  console.log(`\n(2) tracker: ${count} simulated peers over ${infohashes.length} swarms, 2 announces each (+ relayed offers)`);
  console.log(`replies and relayed offers received: ${replies} in ${elapsed.toFixed(1)} s`);
  console.log(`workerd (${workerd.length} processes; Worker and Durable Object together): CPU ${(held.cpuSeconds - before.cpuSeconds).toFixed(2)} s, RSS ${mb(before.rssBytes)} before -> ${mb(held.rssBytes)} with the peers connected (+${mb(held.rssBytes - before.rssBytes)})`);
}

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'edgetube-bench-p2p-'));
  const started = await startInstanceWithCompanion({ dataDir, rootPassword: ROOT_PASSWORD, logLevel: 'error', vars: { RATE_LIMIT_TOKEN_PER_MINUTE: '1000' } });
  try {
    const url = started.instance.url;
    const token = await login(url, 'root', ROOT_PASSWORD);
    const me = await call(url, '/api/v1/users/me', { token });
    const seconds = Number(args.seconds);
    const clip = new Uint8Array(await readFile(await generateClip(join(dataDir, 'clip.mp4'), { seconds, width: 1280, height: 720 })));
    const uuid = await upload(url, token, me.videoChannels[0].id, 'P2P bench', clip);
    await waitPublished(url, token, [uuid], 600_000);
    const video = await call(url, `/api/v1/videos/${uuid}`, { token });
    console.log(`instance at ${url}; video ${uuid}: ${seconds} s, ${video.files.length} renditions`);
    await viewers(url, video.shortUUID, seconds);
    const playlist = video.streamingPlaylists[0];
    const hashes = [...await hlsSwarmInfohashes(playlist.playlistUrl, playlist.files.length), ...video.files.map((f: { magnetUri: string }) => /btih:([0-9a-f]{40})/i.exec(f.magnetUri)![1].toLowerCase())];
    await trackerLoad(url, hashes);
  } finally {
    await started.stop();
    if (!args.keep) await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
