/**
 * Published prices the cost bench uses, in one place, with where they come from. Checked
 * 2026-12-04 against the providers' pages named below; prices change: check before relying.
 */
export const PRICES_CHECKED = '2026-12-04';

export const PRICES = {
  /** developers.cloudflare.com/workers/platform/pricing/ (Workers Paid, Standard usage model). */
  workers: { monthly: 5, includedRequests: 10e6, perMillionRequests: 0.3, includedCpuMs: 30e6, perMillionCpuMs: 0.02 },
  /** developers.cloudflare.com/r2/pricing/ (Standard storage; egress is free). */
  r2: { perGbMonth: 0.015, includedGbMonth: 10, perMillionClassA: 4.5, includedClassA: 1e6, perMillionClassB: 0.36, includedClassB: 10e6 },
  /** developers.cloudflare.com/queues/platform/pricing/: a message is 3 operations (write, read, delete) per 64 KB. */
  queues: { perMillionOps: 0.4, includedOps: 1e6, opsPerMessage: 3 },
  /**
   * turso.tech/pricing and docs.turso.tech/billing-details: rows read are rows scanned. The
   * plans' monthly allowances; the cheapest one that covers the month is taken.
   */
  turso: [
    { plan: 'Starter (free)', monthly: 0, rowsRead: 500e6, rowsWritten: 10e6, storageGb: 5 },
    { plan: 'Developer', monthly: 4.99, rowsRead: 2.5e9, rowsWritten: 25e6, storageGb: 9 },
  ],
  /**
   * Not a published price of Cloudflare or Turso: the assumption for the companion's host, a
   * small VPS with 2 vCPU and 4 GB (ffmpeg and the seeder). Override with --companion-usd.
   */
  companionHost: 5,
} as const;
