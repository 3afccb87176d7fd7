import type { LoadResult } from './api-load';

export interface Row {
  name: string;
  path: string;
  anonymous: LoadResult;
  loggedIn?: LoadResult;
}

const cells = (r: LoadResult | undefined, pingReqPerSec: number) =>
  r
    ? [r.reqPerSec.toFixed(0), `${r.p50}`, `${r.p99}`, `${r.errors}`, r.roundTrips.toFixed(2), `${(r.reqPerSec / pingReqPerSec).toFixed(2)}x`]
    : ['-', '-', '-', '-', '-', '-'];

/** A markdown table, so a run can be pasted into bench/README.md as it is. */
export function formatTable(rows: Row[], pingReqPerSec: number) {
  const head = ['GET', 'anon req/s', 'p50 ms', 'p99 ms', 'err', 'libSQL RT', 'x no-I/O', 'auth req/s', 'p50 ms', 'p99 ms', 'err', 'libSQL RT', 'x no-I/O'];
  const lines = [head, head.map(() => '---')];
  for (const row of rows) lines.push([`${row.name} \`${row.path}\``, ...cells(row.anonymous, pingReqPerSec), ...cells(row.loggedIn, pingReqPerSec)]);
  return lines.map((l) => `| ${l.join(' | ')} |`).join('\n');
}
