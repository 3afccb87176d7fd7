/**
 * `npm run bench:api`: read throughput of a whole instance, started as `npm start` starts it.
 * Seeds through the API, then loads each endpoint of bench/api-endpoints.ts with autocannon,
 * anonymously and logged in, and prints req/s, latency, errors, libSQL round trips per request,
 * and the ratio to a no-I/O route of the same Worker measured in the same run. Then the JavaScript
 * each page ships (gzip) and the Worker bundle's size (gzip), as issue 12 caps them.
 *
 *   npm run bench:api -- [--seconds 5] [--connections 32] [--videos 20] [--only watch,config] [--slices 5]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startBenchInstance } from './lib/bench-instance';
import { API_ENDPOINTS, NO_IO_ENDPOINT, type BenchEndpoint } from './api-endpoints';
import { seedForReads } from './lib/api-seed';
import { loadInterleaved, warm, type LoadTarget } from './lib/api-load';
import { formatCpuTable, formatTable, type Row } from './lib/api-report';
import { processTreeMemory } from './lib/api-memory';
import { pageSessionCookie } from '../test/helpers/page-session';
import { runBench, writeResults } from './lib/results-file';
import { formatPageWeights, pageWeight } from './lib/page-weight';
import { workerGzipBytes } from '../scripts/check-deploy';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    videos: { type: 'string', default: '20' },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    slices: { type: 'string', default: '5' },
  },
});
const seconds = Number(args.seconds);
/** Each target's seconds are cut into this many slices, interleaved with the row's other targets. */
const slices = Math.max(1, Math.min(seconds, Number(args.slices)));
const connections = Number(args.connections);
const ROOT_PASSWORD = 'bench-root-password';

async function main() {
  const { instance, dataDir, stop } = await startBenchInstance('api', {
    rootPassword: ROOT_PASSWORD,
    vars: { SIGNUP_ENABLED: 'true', RATE_LIMIT_TOKEN_PER_MINUTE: '1000', RATE_LIMIT_REGISTER_PER_HOUR: '1000' },
    keep: args.keep,
  });
  try {
    const idle = await processTreeMemory();
    console.log(`instance up at ${instance.url}; seeding ${args.videos} videos (real transcodes)…`);
    const seeded = await seedForReads({ url: instance.url, rootPassword: ROOT_PASSWORD, videos: Number(args.videos), workDir: dataDir });
    const only = args.only?.split(',').map((s) => s.trim().toLowerCase());
    const endpoints = API_ENDPOINTS.filter((e) => !only || only.some((o) => e.name.toLowerCase().includes(o)));

    // Logged in is a browser's session as well as a client's token: the API reads the bearer
    // token (the cookie only counts without one), the pages read the cookie.
    const sessions = {
      user: await pageSessionCookie(instance.url, seeded.userName, seeded.userPassword),
      root: await pageSessionCookie(instance.url, 'root', ROOT_PASSWORD),
    };
    const target = async (endpoint: BenchEndpoint, login?: { token: string; cookie: string }): Promise<LoadTarget> => {
      const headers: Record<string, string> = { accept: endpoint.accept ?? 'application/json' };
      if (login) Object.assign(headers, { authorization: `Bearer ${login.token}`, cookie: login.cookie });
      const url = `${instance.url}${endpoint.path(seeded)}`;
      await warm(url, headers);
      return { url, headers };
    };
    const run = async (targets: LoadTarget[]) => loadInterleaved({ targets, libsqlUrl: instance.libsqlUrl, connections, seconds, slices });

    // The no-I/O route alone, first and last: the spread between the two shows how much the shared
    // machine moved during the run.
    const [pingBefore] = await run([await target(NO_IO_ENDPOINT)]);
    const rows: Row[] = [];
    let underLoad: string | undefined;
    for (const endpoint of endpoints) {
      // Each row's ratios compare runs interleaved with the no-I/O route's (bench/lib/api-load.ts).
      const as = endpoint.signedInOnly === 'root' ? { token: seeded.rootToken, cookie: sessions.root } : { token: seeded.userToken, cookie: sessions.user };
      const targets = [
        await target(NO_IO_ENDPOINT),
        endpoint.signedInOnly ? undefined : await target(endpoint),
        endpoint.anonymousOnly ? undefined : await target(endpoint, as),
      ];
      const results = await run(targets.filter((t) => t !== undefined));
      const ping = results.shift()!;
      const anonymous = targets[1] ? results.shift() : undefined;
      const loggedIn = targets[2] ? results.shift() : undefined;
      underLoad ??= await processTreeMemory();
      rows.push({
        name: endpoint.name,
        path: endpoint.path(seeded).replace(seeded.videoUuid, '{uuid}').replace(seeded.host, '{host}'),
        anonymous,
        loggedIn,
        ping,
      });
      console.log(
        `  ${endpoint.name}: ${anonymous ? `${anonymous.reqPerSec.toFixed(0)} req/s anonymous` : 'signed in only'}${loggedIn ? `, ${loggedIn.reqPerSec.toFixed(0)} logged in` : ''} (no-I/O ${ping.reqPerSec.toFixed(0)})`,
      );
    }
    const [pingAfter] = await run([await target(NO_IO_ENDPOINT)]);

    console.log(
      `\nGET, ${connections} connections, ${seconds} s each in ${slices} interleaved slices, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `no-I/O route (${NO_IO_ENDPOINT.path(seeded)}): ${pingBefore.reqPerSec.toFixed(0)} req/s alone before the rows, ${pingAfter.reqPerSec.toFixed(0)} after; each row's ratios use its own interleaved no-I/O run (${Math.min(...rows.map((r) => r.ping!.reqPerSec)).toFixed(0)}–${Math.max(...rows.map((r) => r.ping!.reqPerSec)).toFixed(0)} req/s)\n`,
    );
    console.log(formatTable(rows));
    console.log(`\nCPU per answer, µs, by process (/proc; the box's other load is not in it):\n`);
    console.log(formatCpuTable(rows, pingBefore));
    if (idle) console.log(`\nprocess tree RSS: ${idle} idle, ${underLoad ?? '?'} under load`);

    const pages = [...endpoints.filter((e) => e.accept?.startsWith('text/html')), { path: () => '/videos/upload', signedInOnly: 'user' as const }];
    const weights = [];
    for (const p of pages) {
      const cookie = p.signedInOnly === 'root' ? sessions.root : p.signedInOnly === 'user' ? sessions.user : undefined;
      const weight = await pageWeight(instance.url, p.path(seeded), cookie ? { cookie } : {});
      weights.push({ ...weight, page: weight.page.replace(seeded.videoUuid, '{uuid}') });
    }
    console.log(`\nJavaScript per page, gzip (cap: 150 KB besides hls.js and the P2P loader):\n`);
    console.log(formatPageWeights(weights));
    const worker = await workerGzipBytes();
    console.log(`\nWorker bundle: ${(worker / 1024).toFixed(1)} KiB gzip (cap: 1 MiB)`);

    const file = await writeResults('api', {
      seconds,
      connections,
      loadavg: loadavg(),
      ping: { before: pingBefore, after: pingAfter },
      rows,
      memory: { idle, underLoad },
      pageWeights: weights,
      workerGzipBytes: worker,
    });
    console.log(`\nwritten to ${file}`);
  } finally {
    await stop();
  }
}

runBench(main);
