/**
 * What the cost bench reads off a running instance: the Worker's operation counts
 * (GET /internal/meter, signed as the companion signs), the libSQL server's round trips and
 * rows, and the CPU time of the workerd processes under this bench.
 */
import { readFileSync } from 'node:fs';
import { signHmacRequest } from '../../worker/crypto/hmac';
import type { OperationCounts } from '../../worker/meter/operations';
import { commandLine, processTree } from '../../scripts/process-tree';

/** The Worker's own counts (worker/meter/operations.ts), then what the bench measures around it. */
export type Reading = OperationCounts & {
  dbRoundTrips: number;
  rowsReturned: number;
  rowsAffected: number;
  workerCpuMs: number;
};

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function workerdCpuMs(): number {
  let ticks = 0;
  for (const p of processTree(process.pid)) {
    if (!commandLine(p.pid).includes('workerd')) continue;
    try {
      const stat = readFileSync(`/proc/${p.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime + stime
    } catch {
      /* gone */
    }
  }
  return (ticks / TICKS_PER_SECOND) * 1000;
}

export async function readMeter(instance: { url: string; libsqlUrl: string; secrets: { COMPANION_SECRET: string } }): Promise<Reading> {
  const url = `${instance.url}/internal/meter`;
  const headers = await signHmacRequest(instance.secrets.COMPANION_SECRET, { method: 'GET', url, body: '' });
  const meter = await fetch(url, { headers }).then((r) => {
    if (!r.ok) throw new Error(`/internal/meter: ${r.status} (is METER_OPERATIONS set?)`);
    return r.json() as Promise<OperationCounts>;
  });
  const db = (await (await fetch(`${instance.libsqlUrl}/stats`)).json()) as { requests: number; rowsReturned: number; rowsAffected: number };
  return { ...meter, dbRoundTrips: db.requests, rowsReturned: db.rowsReturned, rowsAffected: db.rowsAffected, workerCpuMs: workerdCpuMs() };
}

/** `after - before`, field by field. */
export function delta(before: Reading, after: Reading): Reading {
  return Object.fromEntries(Object.keys(after).map((k) => [k, after[k as keyof Reading] - before[k as keyof Reading]])) as Reading;
}

/** `r` divided by `n`, field by field: the cost of one upload, one view, one segment. */
export function per(r: Reading, n: number): Reading {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v / n])) as Reading;
}
