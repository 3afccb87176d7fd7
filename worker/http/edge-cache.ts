/**
 * The edge cache for anonymous reads of public content, over the Cache API (ADR 0017).
 *
 * Put `edgeCache({ kind })` in front of a read route. Routes whose answer may be private or
 * unlisted (a video, its page, its AP object) pass `whenMarked: true`, and their handler calls
 * `markPublic(c)` only when what it serves is public: anything unmarked is never stored.
 *
 * @example
 *   app.get('/video-playlists/:id', edgeCache({ kind: 'content', whenMarked: true }), async (c) => {
 *     const playlist = await getPlaylist(c.var.db, c.req.param('id'));
 *     if (playlist.privacy === PUBLIC) markPublic(c);
 *     return c.json(serializePlaylist(playlist));
 *   });
 *
 * Writes need nothing: `invalidateOnWrite()` (worker/http/edge-cache-invalidate.ts) starts a new
 * content generation after every successful write, and keys carry the generation.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';
import { afterResponse } from './after-response';
import { currentGeneration, defaultCache } from './edge-cache-generation';
import { isolateHit, keepHit } from './edge-cache-isolate';
import { wantsActivityPub } from '../federation/content-negotiation';
import { chooseLocale } from '../i18n';

/**
 * How long an entry may be served at a location that did not see the write (seconds): the bound
 * on staleness there when no purge token is configured (ADR 0017).
 */
export const EDGE_CACHE_TTL = {
  /** label lists: they change only with a deploy */
  static: 3600,
  /** /api/v1/config, NodeInfo, host-meta */
  instance: 300,
  /** WebFinger, AP actors */
  actor: 300,
  /** one video, its page, its AP object and collections, its comments */
  content: 60,
  /** video lists, the home page, outboxes */
  list: 30,
} as const;
export type EdgeCacheKind = keyof typeof EDGE_CACHE_TTL;
/** A 404 on an ActivityPub fetch: remote instances retry unknown objects in bursts. */
const NEGATIVE_TTL = 30;

export type EdgeCacheOptions = {
  kind: EdgeCacheKind;
  /** Store only when the handler called `markPublic(c)`. */
  whenMarked?: boolean;
  /**
   * What else the answer varies with, for the key (Cloudflare's cache ignores `Vary`); e.g. the
   * language negotiated from `Accept-Language`. Say it in the answer's `Vary` too.
   */
  variesWith?: (c: Context<AppEnv>) => string;
};

const VARY = 'Accept, Authorization, Cookie';
const PRIVATE = 'private, no-store';
/** When the stored copy was put (ms since the epoch): its Cache API life counts from then. Never sent. */
const STORED_AT = 'x-edge-stored-at';

/** Says that this answer is public content, fit for the edge cache (see `whenMarked`). */
export function markPublic<E extends AppEnv>(c: Context<E>) {
  c.set('edgeCachePublic', true);
}

/** Who may share an answer: nobody when the request carries credentials. */
function isAnonymous(req: Request) {
  return !req.headers.has('authorization') && !req.headers.has('cookie');
}

/**
 * The representation the answer varies with, beyond the URL: Cloudflare's cache ignores `Vary`.
 * Pages are in the visitor's language (pages/page-env.ts); a chosen one comes in a cookie, which
 * bypasses the cache, so `Accept-Language` decides here as it does there.
 */
function variantOf(accept: string | undefined, acceptLanguage: string | undefined) {
  if (wantsActivityPub(accept)) return 'ap';
  if (accept && /text\/html|application\/xhtml\+xml/i.test(accept)) return `html-${chooseLocale(undefined, acceptLanguage)}`;
  return 'any';
}

/**
 * The Cache API key: the URL with its query parameters in order of name (a parameter named twice
 * keeps its values' order), plus the variant and the generation. Parameters are compared as sent:
 * two spellings of one value make two entries of the same answer, never one entry of two.
 */
function cacheKey(origin: string, requestUrl: string, variant: string, generation: string) {
  const pathStart = requestUrl.indexOf('/', requestUrl.indexOf('//') + 2);
  const queryStart = requestUrl.indexOf('?', pathStart);
  const path = queryStart < 0 ? requestUrl.slice(pathStart) : requestUrl.slice(pathStart, queryStart);
  const edge = `__edge=${encodeURIComponent(`${variant}.${generation}`)}`;
  if (queryStart < 0) return `${origin}${path}?${edge}`;
  const name = (pair: string) => {
    const end = pair.indexOf('=');
    return end < 0 ? pair : pair.slice(0, end);
  };
  const params = requestUrl
    .slice(queryStart + 1)
    .split('#')[0]
    .split('&')
    .filter((pair) => pair !== '' && name(pair) !== '__edge')
    .sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  return `${origin}${path}?${[...params, edge].join('&')}`;
}

/** Ours, plus whatever the handler said it varies with. */
function vary(headers: Headers) {
  const names = new Map<string, string>();
  for (const name of [...(headers.get('vary') ?? '').split(','), ...VARY.split(',')]) {
    const trimmed = name.trim();
    if (trimmed) names.set(trimmed.toLowerCase(), trimmed);
  }
  headers.set('vary', [...names.values()].join(', '));
}

async function etagOf(body: ArrayBuffer) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  return `"${btoa(String.fromCharCode(...digest.subarray(0, 12)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')}"`;
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string | null) {
  if (!ifNoneMatch || !etag) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

/** What browsers and any CDN in front get: revalidate every time (cheap: a 304 from here). */
function publicHeaders(headers: Headers, ttl: number) {
  headers.set('cache-control', `public, max-age=0, must-revalidate, s-maxage=${ttl}`);
  vary(headers);
}

/** The headers of an answer from a stored entry (what browsers and a CDN in front get). */
function answerHeaders(stored: Headers, status: 'HIT' | 'MISS', ttl: number) {
  const headers = new Headers(stored);
  headers.delete(STORED_AT);
  publicHeaders(headers, ttl);
  headers.set('x-edge-cache', status);
  return headers;
}

/** An answer from a stored entry, with its answer headers: 304 when the client has it. */
function answer(c: Context<AppEnv>, body: BodyInit | null, status: number, headers: Headers) {
  if (status === 200 && matchesEtag(c.req.header('if-none-match'), headers.get('etag'))) {
    const notModified = new Headers(headers);
    for (const h of ['content-type', 'content-length']) notModified.delete(h);
    return new Response(null, { status: 304, headers: notModified });
  }
  return new Response(body, { status, headers });
}

function storable(c: Context<AppEnv>, res: Response, options: EdgeCacheOptions, apFetch: boolean) {
  if (res.headers.has('set-cookie')) return false;
  if (/private|no-store/i.test(res.headers.get('cache-control') ?? '')) return false;
  if (res.status === 404) return apFetch;
  if (res.status !== 200) return false;
  return !options.whenMarked || c.get('edgeCachePublic') === true;
}

/** Seconds left of a stored copy's life in the Cache API: its `max-age`, counted from when it was put. */
function lifeLeft(headers: Headers) {
  const maxAge = Number(/max-age=(\d+)/.exec(headers.get('cache-control') ?? '')?.[1] ?? 0);
  const storedAt = Number(headers.get(STORED_AT));
  return storedAt > 0 ? maxAge - (Date.now() - storedAt) / 1000 : 0;
}

/** The edge cache in front of one read route; see the module comment. */
export function edgeCache(options: EdgeCacheOptions): MiddlewareHandler<AppEnv> {
  return async function edgeCache(c, next) {
    // One cache per request: where a URL falls through from one route to the next (AP object,
    // then page), the first route's middleware holds the entry.
    if (c.get('edgeCacheActive')) return next();
    c.set('edgeCacheActive', true);
    const cache = defaultCache();
    if (c.req.method !== 'GET' || !cache) return next();
    if (!isAnonymous(c.req.raw)) {
      await next();
      // Never shared; and a shared cache must not answer a logged-in request with the anonymous copy.
      c.res.headers.set('cache-control', PRIVATE);
      vary(c.res.headers);
      return;
    }
    const accept = c.req.header('accept');
    const origin = c.get('config').publicUrl;
    const variant = [variantOf(accept, c.req.header('accept-language')), options.variesWith?.(c)].filter(Boolean).join('-');
    const generation = await currentGeneration(cache, origin);
    const key = cacheKey(origin, c.req.url, variant, generation);
    const ttlOf = (status: number) => (status === 404 ? NEGATIVE_TTL : EDGE_CACHE_TTL[options.kind]);
    // The isolate's copies: no I/O. Never for a range request (answered in full from the Cache API).
    const inIsolate = !c.req.header('range');
    // It keeps the answer a hit sends, headers and all: a hit builds one Response and no Headers.
    const local = inIsolate ? isolateHit(generation, key) : undefined;
    if (local) return c.req.header('if-none-match') ? answer(c, local.body, local.status, local.headers) : local;
    const hit = await cache.match(key);
    if (hit) {
      const headers = answerHeaders(hit.headers, 'HIT', ttlOf(hit.status));
      if (!inIsolate) return answer(c, hit.body, hit.status, headers);
      const body = await hit.arrayBuffer();
      keepHit(generation, key, hit.status, headers, body, Math.min(ttlOf(hit.status), lifeLeft(hit.headers)));
      return answer(c, body, hit.status, headers);
    }

    await next();
    const res = c.res;
    const apFetch = wantsActivityPub(accept);
    if (!storable(c, res, options, apFetch)) {
      if (res.ok && !res.headers.has('cache-control')) res.headers.set('cache-control', PRIVATE);
      vary(res.headers);
      return;
    }
    const ttl = res.status === 404 ? NEGATIVE_TTL : EDGE_CACHE_TTL[options.kind];
    const body = await res.arrayBuffer();
    const headers = new Headers(res.headers);
    if (res.status === 200) headers.set('etag', await etagOf(body));
    // The stored copy's own max-age is the Cache API's TTL; clients get publicHeaders().
    headers.set('cache-control', `public, max-age=${ttl}`);
    headers.set(STORED_AT, String(Date.now()));
    const stored = new Response(body, { status: res.status, headers });
    if (inIsolate) keepHit(generation, key, res.status, answerHeaders(headers, 'HIT', ttl), body, ttl);
    afterResponse(
      c,
      cache.put(key, stored.clone()).catch((err) => console.error('edge cache: put failed', err)),
    );
    // Hono merges the old response's headers into a new one: drop it first.
    c.res = undefined as unknown as Response;
    c.res = answer(c, stored.body, res.status, answerHeaders(headers, 'MISS', ttl));
  };
}
