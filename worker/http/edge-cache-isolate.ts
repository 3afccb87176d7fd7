/**
 * Edge-cache hits kept in the isolate (ADR 0017): the same entries as the Cache API, under the
 * same keys, so that a hit needs no I/O. Under the local runner a Cache API lookup is a
 * subrequest to Miniflare's cache service (SQLite and a file); on Cloudflare it is a lookup in
 * the location's cache. Either costs more than the work of a cached read itself.
 *
 * What makes it as correct as the Cache API:
 * - the keys carry the content generation, so a write leaves every entry unreachable at once
 *   (this isolate drops them all: `clearIsolateHits`, from `invalidateEdgeCache`), and a new
 *   generation seen through the generation memo does the same in other isolates;
 * - an entry lives no longer than its Cache API twin (`until`), so a location that never hears of
 *   a write still refreshes by TTL;
 * - it holds only what the edge cache stored (anonymous, public, 200 or an AP 404), and of that
 *   only small bodies that are not media (`keepable`); the middleware never looks here for a
 *   request with a `Range` header;
 * - bodies are bytes, copied into each answer: nothing is a stream that one answer consumes.
 *
 * Memory is bounded by bytes: least recently used entries go first.
 */

/** At most this many bytes of bodies in all, per isolate (workerd gives an isolate 128 MB). */
export const ISOLATE_HITS_MAX_BYTES = 8 * 2 ** 20;
/** Larger answers are left to the Cache API alone. */
export const ISOLATE_HIT_MAX_BODY = 256 * 1024;

type Entry = { status: number; headers: [string, string][]; body: Uint8Array; until: number };

/** Entries in recency order: a Map iterates in insertion order, and a hit re-inserts. */
const entries = new Map<string, Entry>();
let bytes = 0;
/** The generation the entries belong to: a new one makes every entry unreachable, so they go. */
let generation: string | undefined;

/** Media types never kept here, whatever their size: media has its own cache (media/serve.ts). */
const MEDIA = /^(video|audio|image)\/|^application\/(octet-stream|vnd\.apple\.mpegurl|x-mpegurl|x-bittorrent)/i;

/**
 * Whether an answer the edge cache stores may also be kept in the isolate. Media only when the
 * caller says so (`media`): small immutable images, whose URL changes with their bytes (ADR 0025).
 */
export function keepable(status: number, headers: Headers, size: number, media = false) {
  if (status !== 200 && status !== 404) return false;
  if (size > ISOLATE_HIT_MAX_BODY) return false;
  if (headers.has('content-range') || headers.has('set-cookie')) return false;
  return media || !MEDIA.test(headers.get('content-type') ?? '');
}

function remove(key: string) {
  const entry = entries.get(key);
  if (!entry) return;
  entries.delete(key);
  bytes -= entry.body.byteLength;
}

/** Drops every entry (a write in this isolate, or a new generation seen). */
export function clearIsolateHits() {
  entries.clear();
  bytes = 0;
  generation = undefined;
}

/** A lookup under another generation than the entries': they can never be reached again. */
function sameGeneration(current: string) {
  if (generation !== current) {
    clearIsolateHits();
    generation = current;
  }
}

/**
 * Keeps a stored answer for `ttlSeconds` at most (what is left of its Cache API twin's life),
 * under `key` of generation `current`. The body is copied: the caller may hand its own to a Response.
 */
export function keepHit(current: string, key: string, status: number, headers: Headers, body: ArrayBuffer, ttlSeconds: number, media = false) {
  if (ttlSeconds <= 0 || !keepable(status, headers, body.byteLength, media)) return;
  // A lookup since this request's own saw another generation (a write landed meanwhile): what
  // this request read may be older than that write, and its key is unreachable anyway.
  if (generation !== current) return;
  remove(key);
  for (const [oldest] of entries) {
    if (bytes + body.byteLength <= ISOLATE_HITS_MAX_BYTES) break;
    remove(oldest);
  }
  const list: [string, string][] = [];
  headers.forEach((value, name) => list.push([name, value]));
  entries.set(key, { status, headers: list, body: new Uint8Array(body.slice(0)), until: Date.now() + ttlSeconds * 1000 });
  bytes += body.byteLength;
}

/** A kept answer for `key`, as a fresh Response (its own copy of the bytes), or undefined. */
export function isolateHit(current: string, key: string): Response | undefined {
  sameGeneration(current);
  const entry = entries.get(key);
  if (!entry) return undefined;
  if (Date.now() >= entry.until) {
    remove(key);
    return undefined;
  }
  // Most recently used last.
  entries.delete(key);
  entries.set(key, entry);
  return new Response(entry.body.slice(), { status: entry.status, headers: entry.headers });
}

/** What the layer holds, for tests. */
export function isolateHitStats() {
  return { entries: entries.size, bytes };
}
