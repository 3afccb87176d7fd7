/**
 * `npm run bench:tracker`: the tracker (a Durable Object, ADR 0021) under 1,000 simulated
 * WebTorrent viewers. Starts an instance as `npm start` does, publishes one generated clip
 * (real transcode), spreads the peers over the swarms of its renditions' torrents and HLS
 * variants, and prints workerd's memory and CPU, announce latency and errors, and whether the
 * rate limit and the unknown-infohash refusal held under that load.
 *
 *   npm run bench:tracker -- [--peers 1000] [--seconds 30] [--every 10] [--offers 5] [--keep]
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateClip } from '../test/helpers/clips';
import { call, login, upload, waitPublished } from './lib/api-seed';
import { startBenchInstance } from './lib/bench-instance';
import { runBench, writeResults } from './lib/results-file';
import { formatTrackerSim, simulateTracker, videoInfohashes } from './lib/tracker-sim';

const { values: args } = parseArgs({
  options: {
    peers: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '30' },
    every: { type: 'string', default: '10' },
    offers: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
  },
});
const ROOT_PASSWORD = 'bench-tracker-root-password';

async function main() {
  const { instance, dataDir, stop } = await startBenchInstance('tracker', { rootPassword: ROOT_PASSWORD, keep: args.keep });
  try {
    const url = instance.url;
    console.log(`instance up at ${url}; publishing one clip (real transcode)…`);
    const token = await login(url, 'root', ROOT_PASSWORD);
    const me = await call(url, '/api/v1/users/me', { token });
    const clip = new Uint8Array(await readFile(await generateClip(join(dataDir, 'clip.mp4'), { seconds: 4 })));
    const uuid = await upload(url, token, me.videoChannels[0].id, 'tracker bench', clip);
    await waitPublished(url, token, [uuid], 120_000);
    const infoHashes = await videoInfohashes(url, uuid);
    console.log(`${infoHashes.length} swarms (torrents and HLS variants); ${args.peers} peers for ${args.seconds} s, re-announcing every ${args.every} s…`);

    const result = await simulateTracker({
      baseUrl: url,
      infoHashes,
      peers: Number(args.peers),
      seconds: Number(args.seconds),
      announceEverySeconds: Number(args.every),
      offersPerAnnounce: Number(args.offers),
    });
    console.log(formatTrackerSim(result));

    const file = await writeResults('tracker', { loadavg: loadavg(), args, result });
    console.log(`\nwritten to ${file}`);
  } finally {
    await stop();
  }
}

runBench(main);
