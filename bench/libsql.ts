/**
 * `npm run bench:libsql [-- --seconds 10] [--clients 32] [--rows 2000] [--url URL | --server FILE] [--cpu-prof DIR]`
 *
 * Loads the local libSQL server (scripts/libsql-server/) as edgetube's Worker does:
 * concurrent `@libsql/client/web` clients, a new client per operation (the Worker makes
 * one per request), doing single reads, 3-statement read batches and small writes on a
 * seeded table. Prints operations/s, queries/s, round trips/s (from the server's
 * GET /stats), and the p50/p99 latency of each kind of operation.
 * It also prints the server's own CPU time per round trip, which holds steadier than
 * rates on a busy machine. `--server FILE` starts another version's entry point with the
 * same flags, and `--url` drives a server that is already running (no CPU figure then):
 * both compare two versions in one session.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { driveLoad, seedTable, type LoadResult } from './lib/libsql-load';
import { DEFAULT_CLI, startServerProcess, type ServerProcess } from './lib/libsql-server-process';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '32' },
    rows: { type: 'string', default: '2000' },
    url: { type: 'string' },
    server: { type: 'string', default: DEFAULT_CLI },
    'cpu-prof': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (flags.help) {
  console.log('npm run bench:libsql [-- --seconds 10] [--clients 32] [--rows 2000] [--url URL | --server FILE] [--cpu-prof DIR]');
  process.exit(0);
}
const seconds = Number(flags.seconds);
const clients = Number(flags.clients);
const rows = Number(flags.rows);
if (!(seconds > 0 && seconds <= 120)) throw new Error('--seconds must be in (0, 120]');
if (!(Number.isInteger(clients) && clients >= 1 && clients <= 256)) throw new Error('--clients must be 1..256');
if (!(Number.isInteger(rows) && rows >= 20 && rows <= 1_000_000)) throw new Error('--rows must be 20..1000000');

const dir = await mkdtemp(join(tmpdir(), 'edgetube-bench-libsql-'));
let server: ServerProcess | undefined;
try {
  const url = flags.url ?? (server = await startServerProcess(flags.server!, join(dir, 'bench.sqlite'), flags['cpu-prof'])).url;
  await seedTable(url, rows);
  console.log(`libsql bench: ${flags.url ? url : flags.server}, ${rows} rows, ${clients} clients, ${seconds} s, load average ${loadavg()[0].toFixed(2)}`);
  const cpuBefore = server?.cpuSeconds();
  const result = await driveLoad(url, clients, seconds * 1000);
  const cpu = server && cpuBefore !== undefined ? server.cpuSeconds() - cpuBefore : undefined;
  print(result, cpu);
} finally {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
}

function print(r: LoadResult, serverCpu: number | undefined): void {
  const rate = (n: number) => (n / r.seconds).toFixed(0);
  console.log(`operations/s ${rate(r.operations)}  queries/s ${rate(r.statements)}  round trips/s ${rate(r.roundTrips)}  errors ${r.errors}`);
  if (serverCpu !== undefined) {
    const perTrip = (serverCpu / r.roundTrips) * 1e6;
    console.log(
      `server CPU ${serverCpu.toFixed(2)} s (${((100 * serverCpu) / r.seconds).toFixed(0)}% of a core): ${perTrip.toFixed(0)} µs per round trip, so at most ${(1e6 / perTrip).toFixed(0)} round trips/s per core`,
    );
  }
  console.log('kind            count   p50 ms   p99 ms');
  for (const [kind, lat] of Object.entries(r.latencies)) {
    console.log(`${kind.padEnd(14)} ${String(lat.count).padStart(6)} ${lat.p50.toFixed(2).padStart(8)} ${lat.p99.toFixed(2).padStart(8)}`);
  }
}
