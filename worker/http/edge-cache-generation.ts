/**
 * The content generation that every edge-cache key carries (ADR 0017). A write that changes public
 * content makes a new generation: every key changes at once, so no write has to know which of the
 * many URLs of a video (id, uuid, short uuid, lists with any query) it made stale.
 *
 * The generation lives in the Cache API itself, under one URL per origin, so it is shared by the
 * isolates of a location. Purging that one URL through Cloudflare's API (when configured) starts a
 * new generation in every location. The value is memoised in the isolate for a moment: it is a
 * string, a pure value.
 */

import type { Config } from '../config';
import { clearIsolateMemos } from '../services/isolate-memo';
import { clearIsolateHits } from './edge-cache-isolate';

/** Isolates of the writing location see a new generation after at most this long. */
export const GENERATION_MEMO_MS = 1000;
const GENERATION_PATH = '/__edge-cache/generation';
/** Longer than any entry's TTL: a location that never hears of a write still refreshes by TTL. */
const GENERATION_TTL_SECONDS = 86_400;

/** `caches.default`, absent outside workerd (unit tests through app.request()). */
export function defaultCache(): Cache | undefined {
  return (globalThis.caches as (CacheStorage & { default?: Cache }) | undefined)?.default;
}

let memo: { origin: string; value: string; until: number } | undefined;

export function generationUrl(origin: string) {
  return `${origin}${GENERATION_PATH}`;
}

function newGeneration() {
  return `${Date.now().toString(36)}${crypto.getRandomValues(new Uint32Array(1))[0].toString(36)}`;
}

async function store(cache: Cache, origin: string, value: string) {
  memo = { origin, value, until: Date.now() + GENERATION_MEMO_MS };
  await cache.put(generationUrl(origin), new Response(value, { headers: { 'cache-control': `public, max-age=${GENERATION_TTL_SECONDS}` } }));
}

/** The generation of this location; a new one when the location has none (first use, or purged). */
export async function currentGeneration(cache: Cache, origin: string): Promise<string> {
  if (memo && memo.origin === origin && Date.now() < memo.until) return memo.value;
  const hit = await cache.match(generationUrl(origin));
  const value = hit ? await hit.text() : undefined;
  if (value) {
    memo = { origin, value, until: Date.now() + GENERATION_MEMO_MS };
    return value;
  }
  const fresh = newGeneration();
  await store(cache, origin, fresh);
  return fresh;
}

/** Starts a new generation at this location, now (this isolate) and within GENERATION_MEMO_MS (the others). */
export async function bumpGeneration(cache: Cache, origin: string): Promise<void> {
  await store(cache, origin, newGeneration());
}

/** Cloudflare's purge by URL: global, for the one URL that every key depends on. */
async function purgeEverywhere(purge: NonNullable<Config['cachePurge']>, url: string) {
  const res = await fetch(`https://api.cloudflare.com/client/v4/zones/${purge.zoneId}/purge_cache`, {
    method: 'POST',
    headers: { authorization: `Bearer ${purge.apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ files: [url] }),
  });
  if (!res.ok) console.error(`edge cache: purge failed: ${res.status} ${await res.text()}`);
}

/**
 * Jobs that change what readers see: activities received (but a View only moves a counter),
 * refetched and crawled remote objects, follows. Outbound deliveries change nothing here.
 */
const OUTBOUND_JOBS = new Set(['activitypub-deliver', 'activitypub-video', 'activitypub-social', 'activitypub-flag']);

export function jobChangesContent(type: string, payload: unknown) {
  if (OUTBOUND_JOBS.has(type)) return false;
  if (type === 'activitypub-inbox') return (payload as { activity?: { type?: string } }).activity?.type !== 'View';
  return true;
}

/**
 * A new content generation at this location (and this isolate's memos dropped), then the purge
 * everywhere when configured; `defer` lets a request answer before the purge call returns.
 */
export async function invalidateEdgeCache(config: Config, defer?: (work: Promise<unknown>) => void) {
  clearIsolateMemos();
  clearIsolateHits();
  const cache = defaultCache();
  if (!cache) return;
  await bumpGeneration(cache, config.publicUrl);
  if (!config.cachePurge) return;
  const purge = purgeEverywhere(config.cachePurge, generationUrl(config.publicUrl)).catch((err) => console.error('edge cache: purge failed', err));
  if (defer) defer(purge);
  else await purge;
}
