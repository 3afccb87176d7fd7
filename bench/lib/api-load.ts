/**
 * One load run: autocannon against one URL for a bounded duration, with the libSQL server's
 * round-trip counter read before and after, so each row says what a request cost the database.
 */
import autocannon from 'autocannon';
import { cpuPerAnswer, cpuSnapshot } from './api-cpu';

export interface LoadResult {
  reqPerSec: number;
  p50: number;
  p99: number;
  /** socket errors, timeouts and non-2xx answers */
  errors: number;
  requests: number;
  /** libSQL HTTP requests (pipelines, cursors) per completed request */
  roundTrips: number;
  statements: number;
  /** bytes received per answer, headers included (autocannon's throughput ÷ answers) */
  bytesPerRequest: number;
  /** CPU microseconds per answer, by process of the bench's tree (bench/lib/api-cpu.ts) */
  cpuMicros: Record<string, number>;
}

export async function libsqlStats(libsqlUrl: string): Promise<{ requests: number; statements: number }> {
  const res = await fetch(`${libsqlUrl}/stats`, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`libSQL /stats: ${res.status}`);
  return (await res.json()) as { requests: number; statements: number };
}

export async function load(options: {
  url: string;
  libsqlUrl: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}): Promise<LoadResult> {
  const before = await libsqlStats(options.libsqlUrl);
  const cpuBefore = cpuSnapshot();
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    headers: options.headers,
    timeout: 10,
  });
  const cpuAfter = cpuSnapshot();
  const after = await libsqlStats(options.libsqlUrl);
  const requests = result.requests.total;
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests,
    roundTrips: requests ? (after.requests - before.requests) / requests : 0,
    statements: requests ? (after.statements - before.statements) / requests : 0,
    bytesPerRequest: requests ? result.throughput.total / requests : 0,
    cpuMicros: cpuPerAnswer(cpuBefore, cpuAfter, requests),
  };
}

/** A few requests first, so the isolate, the libSQL connection and the caches are warm. */
export async function warm(url: string, headers: Record<string, string>, times = 3) {
  for (let i = 0; i < times; i++) {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
    const body = await res.text();
    // Reported, not fatal: the load run that follows counts the errors in its row.
    if (!res.ok) console.warn(`  warm-up GET ${url}: ${res.status} ${body.slice(0, 200)}`);
  }
}
