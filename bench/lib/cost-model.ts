/**
 * Prices a month from the counts the cost bench measured per upload, per view and per segment,
 * with the published prices of bench/prices.ts. Three scenarios: no edge cache (the logged-in
 * rates, which the cache never serves), the edge cache (the anonymous rates), and the edge
 * cache with P2P taking `p2pShare` of the segment requests.
 */
import { PRICES, PRICES_CHECKED } from '../prices';
import type { Reading } from './cost-meter';

export type Month = {
  uploads: number;
  views: number;
  minutesPerVideo: number;
  /** Share of a video a view plays. */
  watchedShare: number;
  /** Stored MB per minute of video, all renditions. */
  mbPerMinute: number;
  p2pShare: number;
  companionUsd?: number;
};

export type Measured = { upload: Reading; cachedView: Reading; uncachedView: Reading; segment: Reading; segmentSeconds: number };

type Usage = { requests: number; cpuMs: number; classA: number; classB: number; queueOps: number; rowsRead: number; rowsWritten: number; storageGb: number };
type Line = { item: string; usage: string; usd: number };
export type Bill = { scenario: string; lines: Line[]; total: number }[];

const over = (used: number, included: number) => Math.max(0, used - included);

function usageOf(m: Measured, month: Month, view: Reading, p2pShare: number): Usage {
  const segmentsPerView = ((month.minutesPerVideo * 60 * month.watchedShare) / m.segmentSeconds) * (1 - p2pShare);
  const total = (f: keyof Reading) => month.uploads * m.upload[f] + month.views * (view[f] + segmentsPerView * m.segment[f]);
  return {
    // Queue consumer and cron invocations are billed as requests too.
    requests: total('requests') + total('queueBatches') + total('scheduled'),
    cpuMs: total('workerCpuMs'),
    classA: total('r2ClassA'),
    classB: total('r2ClassB'),
    queueOps: total('queueMessages') * PRICES.queues.opsPerMessage,
    rowsRead: total('rowsReturned'),
    rowsWritten: total('rowsAffected'),
    storageGb: (month.uploads * month.minutesPerVideo * month.mbPerMinute) / 1024,
  };
}

function price(u: Usage, month: Month): Line[] {
  const w = PRICES.workers;
  const r2 = PRICES.r2;
  const q = PRICES.queues;
  const turso = PRICES.turso.find((p) => u.rowsRead <= p.rowsRead && u.rowsWritten <= p.rowsWritten) ?? PRICES.turso[PRICES.turso.length - 1];
  const M = (n: number) => `${(n / 1e6).toFixed(2)} M`;
  return [
    { item: 'Workers Paid plan', usage: '', usd: w.monthly },
    { item: 'Worker requests', usage: M(u.requests), usd: (over(u.requests, w.includedRequests) / 1e6) * w.perMillionRequests },
    { item: 'Worker CPU', usage: `${M(u.cpuMs)} ms`, usd: (over(u.cpuMs, w.includedCpuMs) / 1e6) * w.perMillionCpuMs },
    { item: 'R2 storage', usage: `${u.storageGb.toFixed(0)} GB-month`, usd: over(u.storageGb, r2.includedGbMonth) * r2.perGbMonth },
    { item: 'R2 class A', usage: M(u.classA), usd: (over(u.classA, r2.includedClassA) / 1e6) * r2.perMillionClassA },
    { item: 'R2 class B', usage: M(u.classB), usd: (over(u.classB, r2.includedClassB) / 1e6) * r2.perMillionClassB },
    { item: 'Queue operations', usage: M(u.queueOps), usd: (over(u.queueOps, q.includedOps) / 1e6) * q.perMillionOps },
    { item: `Turso (${turso.plan})`, usage: `${M(u.rowsRead)} rows read (lower bound), ${M(u.rowsWritten)} written`, usd: turso.monthly },
    { item: 'Companion host (assumed)', usage: '', usd: month.companionUsd ?? PRICES.companionHost },
  ];
}

export function monthlyBill(m: Measured, month: Month): Bill {
  const scenarios: Array<[string, Reading, number]> = [
    ['no edge cache, no P2P', m.uncachedView, 0],
    ['edge cache, no P2P', m.cachedView, 0],
    [`edge cache, P2P ${(month.p2pShare * 100).toFixed(0)}% of segments`, m.cachedView, month.p2pShare],
  ];
  return scenarios.map(([scenario, view, p2p]) => {
    const lines = price(usageOf(m, month, view, p2p), month);
    return { scenario, lines, total: lines.reduce((s, l) => s + l.usd, 0) };
  });
}

export function printBill(bill: Bill, month: Month) {
  console.log(
    `\na month of ${month.uploads} uploads (${month.minutesPerVideo} min each, ${month.mbPerMinute} MB stored per minute) and ${month.views} views (${(month.watchedShare * 100).toFixed(0)}% watched); prices checked ${PRICES_CHECKED}`,
  );
  for (const { scenario, lines, total } of bill) {
    console.log(`\n${scenario}\n| item | usage | USD |\n|---|---|---|`);
    for (const l of lines) console.log(`| ${l.item} | ${l.usage} | ${l.usd.toFixed(2)} |`);
    console.log(`| **total** | | **${total.toFixed(2)}** |`);
  }
}
