import type { LoadResult } from './api-load';
import { BENCH_PROCESS } from './api-cpu';

export interface Row {
  name: string;
  path: string;
  /** Absent for a page only signed-in people see (BenchEndpoint.signedInOnly). */
  anonymous?: LoadResult;
  loggedIn?: LoadResult;
  /** The no-I/O route, loaded interleaved with this row: its ratios use this run's req/s. */
  ping: LoadResult;
}

const cells = (r: LoadResult | undefined, pingReqPerSec: number) =>
  r
    ? [r.reqPerSec.toFixed(0), `${r.p50}`, `${r.p99}`, `${r.errors}`, `${r.roundTrips}`, `${(r.reqPerSec / pingReqPerSec).toFixed(2)}x`]
    : ['-', '-', '-', '-', '-', '-'];

/** A markdown table, so a run can be pasted into bench/README.md as it is. */
export function formatTable(rows: Row[]) {
  const head = [
    'GET',
    'KB',
    'anon req/s',
    'p50 ms',
    'p99 ms',
    'err',
    'libSQL RT',
    'x no-I/O',
    'auth req/s',
    'p50 ms',
    'p99 ms',
    'err',
    'libSQL RT',
    'x no-I/O',
  ];
  const lines = [head, head.map(() => '---')];
  for (const row of rows) {
    const ping = row.ping.reqPerSec;
    const kb = ((row.anonymous ?? row.loggedIn)!.bytesPerRequest / 1024).toFixed(1);
    lines.push([`${row.name} \`${row.path}\``, kb, ...cells(row.anonymous, ping), ...cells(row.loggedIn, ping)]);
  }
  return lines.map((l) => `| ${l.join(' | ')} |`).join('\n');
}

const CPU_COLUMNS = ['workerd', BENCH_PROCESS, 'libSQL server', 'companion', 'other'];
const cpuTotal = (r: LoadResult) => Object.values(r.cpuMicros).reduce((a, b) => a + b, 0);

/**
 * Where the time goes: CPU µs per answer by process, for the anonymous run of each row and the
 * no-I/O run interleaved with it. Their totals bound req/s on a box whose cores they share.
 */
export function formatCpuTable(rows: Row[], ping: LoadResult) {
  const head = ['GET (anonymous)', 'total µs', ...CPU_COLUMNS, 'logged-in total µs'];
  const lines = [head, head.map(() => '---')];
  const line = (name: string, r: LoadResult, loggedIn?: LoadResult) => [
    name,
    `${cpuTotal(r)}`,
    ...CPU_COLUMNS.map((c) => `${r.cpuMicros[c] ?? 0}`),
    loggedIn ? `${cpuTotal(loggedIn)}` : '-',
  ];
  lines.push(line('ping (no I/O), first run', ping));
  for (const row of rows) {
    lines.push(line(`  ping with ${row.name}`, row.ping));
    if (row.anonymous) lines.push(line(row.name, row.anonymous, row.loggedIn));
  }
  return lines.map((l) => `| ${l.join(' | ')} |`).join('\n');
}
