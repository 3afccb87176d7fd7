/**
 * Load runs: autocannon against URLs for a bounded duration, with the libSQL server's round-trip
 * counter and the processes' CPU read around each, so each row says what a request cost.
 *
 * Rows are compared with the no-I/O route as ratios. On a shared 2-core box the load moves more
 * in a few seconds than the endpoints differ, so the targets of one row are interleaved: short
 * slices in turn (ping, anonymous, logged in, ping, …), each target's figures summed over its
 * slices. Every target then sees the same moments of the box.
 */
import autocannon from 'autocannon';
import { cpuPerAnswer, cpuSnapshot, type CpuSnapshot } from './api-cpu';

export interface LoadResult {
  reqPerSec: number;
  p50: number;
  p99: number;
  /** socket errors, timeouts and non-2xx answers */
  errors: number;
  requests: number;
  /**
   * libSQL HTTP requests (pipelines, cursors) of one request: the median over requests sent one
   * at a time (`measureRoundTrips`). Counted during a load run, the server also serves the
   * requests still in flight when autocannon stops (up to one per connection, which it does not
   * count as completed), and any background work.
   */
  roundTrips: number;
  /** libSQL requests the server served during the load, per completed request (in-flight and background work included) */
  roundTripsUnderLoad: number;
  statements: number;
  /** bytes received per answer, headers included (autocannon's throughput ÷ answers) */
  bytesPerRequest: number;
  /** CPU microseconds per answer, by process of the bench's tree (bench/lib/api-cpu.ts) */
  cpuMicros: Record<string, number>;
}

export interface LoadTarget {
  url: string;
  headers: Record<string, string>;
}

export async function libsqlStats(libsqlUrl: string): Promise<{ requests: number; statements: number }> {
  const res = await fetch(`${libsqlUrl}/stats`, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`libSQL /stats: ${res.status}`);
  return (await res.json()) as { requests: number; statements: number };
}

/** What one target gathers over its slices. */
class Tally {
  requests = 0;
  seconds = 0;
  errors = 0;
  bytes = 0;
  roundTrips = 0;
  statements = 0;
  cpu: CpuSnapshot = new Map();
  latencies: number[] = [];

  result(): LoadResult {
    const per = (n: number) => (this.requests ? n / this.requests : 0);
    const sorted = this.latencies.sort((a, b) => a - b);
    const at = (q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]) : 0);
    return {
      reqPerSec: this.seconds ? this.requests / this.seconds : 0,
      p50: at(0.5),
      p99: at(0.99),
      errors: this.errors,
      requests: this.requests,
      roundTrips: 0,
      roundTripsUnderLoad: per(this.roundTrips),
      statements: per(this.statements),
      bytesPerRequest: per(this.bytes),
      cpuMicros: cpuPerAnswer(new Map(), this.cpu, this.requests),
    };
  }
}

/** One slice of one target: autocannon for `seconds`, every answer's latency kept. */
function slice(target: LoadTarget, connections: number, seconds: number, latencies: number[]) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon({ url: target.url, connections, duration: seconds, headers: target.headers, timeout: 10 }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
    run.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

/**
 * Loads the targets in turn, `slices` times each, `seconds / slices` per slice, and returns one
 * result per target, in order.
 */
export async function loadInterleaved(options: {
  targets: LoadTarget[];
  libsqlUrl: string;
  connections: number;
  seconds: number;
  slices: number;
}): Promise<LoadResult[]> {
  const tallies = options.targets.map(() => new Tally());
  const sliceSeconds = Math.max(1, Math.round(options.seconds / options.slices));
  for (let round = 0; round < options.slices; round++) {
    for (const [i, target] of options.targets.entries()) {
      const tally = tallies[i];
      const stats = await libsqlStats(options.libsqlUrl);
      const cpu = cpuSnapshot();
      const started = performance.now();
      const result = await slice(target, options.connections, sliceSeconds, tally.latencies);
      tally.seconds += (performance.now() - started) / 1000;
      const cpuAfter = cpuSnapshot();
      const statsAfter = await libsqlStats(options.libsqlUrl);
      tally.requests += result.requests.total;
      tally.errors += result.errors + result.timeouts + result.non2xx;
      tally.bytes += result.throughput.total;
      tally.roundTrips += statsAfter.requests - stats.requests;
      tally.statements += statsAfter.statements - stats.statements;
      for (const [name, s] of cpuAfter) tally.cpu.set(name, (tally.cpu.get(name) ?? 0) + s - (cpu.get(name) ?? 0));
    }
  }
  const results = tallies.map((t) => t.result());
  for (const [i, target] of options.targets.entries()) results[i].roundTrips = await measureRoundTrips(target, options.libsqlUrl);
  return results;
}

/**
 * libSQL round trips of one request: `times` requests one after another, each counted alone, and
 * the median. Background traffic to the server can only add to a count, and rarely does to most.
 */
export async function measureRoundTrips(target: LoadTarget, libsqlUrl: string, times = 15): Promise<number> {
  const counts: number[] = [];
  for (let i = 0; i < times; i++) {
    const before = await libsqlStats(libsqlUrl);
    const res = await fetch(target.url, { headers: target.headers, signal: AbortSignal.timeout(30_000) });
    await res.arrayBuffer();
    counts.push((await libsqlStats(libsqlUrl)).requests - before.requests);
  }
  return counts.sort((a, b) => a - b)[Math.floor(times / 2)];
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
