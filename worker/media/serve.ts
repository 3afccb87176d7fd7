import { contentRange, parseRange } from '../http/range';
import { currentGeneration, defaultCache } from '../http/edge-cache-generation';
import { isolateHit, keepHit } from '../http/edge-cache-isolate';
import { concatenatedSize, slicesFor, streamSlices, type Segment } from './concat';

/**
 * Headers of every media answer. Media is fetched cross-origin by players (hls.js, WebTorrent web
 * seeds). `nosniff`: an original or a user's file is served with the type we decide, never as
 * whatever a browser would guess from its bytes (an "mp4" that holds HTML must not render).
 */
export const CORS_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Range, Authorization',
  'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges, ETag',
};

export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** An EVENT playlist grows while the ladder is encoded (ADR 0006): players re-poll it. */
export const GROWING = 'public, max-age=2';
export const PRIVATE = 'private, no-store';

const TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  m4s: 'video/iso.segment',
  mp4: 'video/mp4',
  torrent: 'application/x-bittorrent',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  json: 'application/json',
};

export function contentTypeOf(key: string, stored?: string): string {
  // Images keep the type they were uploaded with (a custom thumbnail may be a PNG under thumbnail.jpg).
  if (stored?.startsWith('image/')) return stored;
  const ext = /\.([a-z0-9]+)$/i.exec(key)?.[1]?.toLowerCase() ?? '';
  return TYPES[ext] ?? stored ?? 'application/octet-stream';
}

export type ServeOptions = {
  cacheControl: string;
  /** Public media goes through the Cache API; private media never does. */
  cacheable: boolean;
  contentType?: string;
  /** `attachment` for /download/ URLs. */
  downloadName?: string;
  waitUntil?: (p: Promise<unknown>) => void;
  /**
   * For small immutable objects (avatars, banners): kept in the isolate too, under this origin's
   * edge-cache generation (worker/http/edge-cache-isolate.ts), so a hit needs no Cache API lookup.
   */
  isolateOrigin?: string;
};

/** How long the isolate keeps an immutable object: it may be deleted (its actor gone) meanwhile. */
const ISOLATE_MEDIA_SECONDS = 3600;

function baseHeaders(options: ServeOptions, type: string, etag?: string) {
  const headers = new Headers(CORS_HEADERS);
  headers.set('Content-Type', type);
  headers.set('Cache-Control', options.cacheControl);
  headers.set('Accept-Ranges', 'bytes');
  if (etag) headers.set('ETag', etag);
  if (options.downloadName) headers.set('Content-Disposition', `attachment; filename="${options.downloadName.replace(/"/g, '')}"`);
  return headers;
}

function notFound() {
  return new Response('Not found', { status: 404, headers: CORS_HEADERS });
}

function unsatisfiable(size: number, options: ServeOptions, type: string) {
  const headers = baseHeaders(options, type);
  headers.set('Content-Range', contentRange(null, size));
  return new Response(null, { status: 416, headers });
}

/**
 * Serves one R2 object with Range, HEAD and conditional caching. Whole-object GETs of public
 * media are answered from the Cache API when present and stored there otherwise.
 */
export async function serveObject(request: Request, bucket: R2Bucket, key: string, options: ServeOptions): Promise<Response> {
  const method = request.method.toUpperCase();
  const rangeHeader = request.headers.get('range');
  const cache = options.cacheable && method === 'GET' && !rangeHeader ? defaultCache() : undefined;
  // The URL without its query (tokens, cache busters): one copy per object.
  const cacheKey = request.url.split(/[?#]/, 1)[0];
  const generation = cache && options.isolateOrigin ? await currentGeneration(cache, options.isolateOrigin) : undefined;
  if (generation) {
    const local = isolateHit(generation, cacheKey);
    if (local) return local;
  }
  if (cache) {
    const hit = await cache.match(cacheKey);
    if (!hit || !generation) return hit ?? serveFromBucket(request, bucket, key, options, cache, cacheKey);
    const body = await hit.arrayBuffer();
    // The Cache API's `Age` is this hit's; the isolate's copy answers later.
    const kept = new Headers(hit.headers);
    kept.delete('age');
    keepHit(generation, cacheKey, hit.status, kept, body, ISOLATE_MEDIA_SECONDS, true);
    return new Response(body, hit);
  }
  return serveFromBucket(request, bucket, key, options, cache, cacheKey);
}

/** The object from R2: ranges, HEAD, and whole GETs (stored in the Cache API when `cache` is given). */
async function serveFromBucket(request: Request, bucket: R2Bucket, key: string, options: ServeOptions, cache: Cache | undefined, cacheKey: string) {
  const method = request.method.toUpperCase();
  const rangeHeader = request.headers.get('range');

  if (method === 'HEAD' || rangeHeader) {
    const head = await bucket.head(key);
    if (!head) return notFound();
    const type = options.contentType ?? contentTypeOf(key, head.httpMetadata?.contentType);
    const parsed = parseRange(rangeHeader, head.size);
    if (parsed.kind === 'unsatisfiable') return unsatisfiable(head.size, options, type);
    const headers = baseHeaders(options, type, head.httpEtag);
    if (parsed.kind === 'range') {
      const { start, end } = parsed.range;
      headers.set('Content-Range', contentRange(parsed.range, head.size));
      headers.set('Content-Length', String(end - start + 1));
      if (method === 'HEAD') return new Response(null, { status: 206, headers });
      const object = await bucket.get(key, { range: { offset: start, length: end - start + 1 } });
      if (!object) return notFound();
      return new Response(object.body, { status: 206, headers });
    }
    headers.set('Content-Length', String(head.size));
    if (method === 'HEAD') return new Response(null, { status: 200, headers });
  }

  const object = await bucket.get(key);
  if (!object) return notFound();
  const type = options.contentType ?? contentTypeOf(key, object.httpMetadata?.contentType);
  const headers = baseHeaders(options, type, object.httpEtag);
  headers.set('Content-Length', String(object.size));
  const response = new Response(object.body, { status: 200, headers });
  if (cache && object.size <= 64 * 1024 * 1024) {
    const [forClient, forCache] = response.body!.tee();
    const put = cache.put(cacheKey, new Response(forCache, { status: 200, headers })).catch(() => {});
    if (options.waitUntil) options.waitUntil(put);
    return new Response(forClient, { status: 200, headers });
  }
  return response;
}

/**
 * Serves the concatenation of a rendition's segments as one MP4 (ADR 0002): exact length,
 * single byte ranges mapped onto the segment objects, streamed in order.
 */
export function serveConcatenation(request: Request, bucket: R2Bucket, segments: Segment[], options: ServeOptions & { etag?: string }): Response {
  const size = concatenatedSize(segments);
  const type = options.contentType ?? 'video/mp4';
  const parsed = parseRange(request.headers.get('range'), size);
  if (parsed.kind === 'unsatisfiable') return unsatisfiable(size, options, type);
  const headers = baseHeaders(options, type, options.etag);
  const range = parsed.kind === 'range' ? parsed.range : { start: 0, end: size - 1 };
  const length = size === 0 ? 0 : range.end - range.start + 1;
  headers.set('Content-Length', String(length));
  if (parsed.kind === 'range') headers.set('Content-Range', contentRange(range, size));
  const status = parsed.kind === 'range' ? 206 : 200;
  if (request.method.toUpperCase() === 'HEAD' || length === 0) return new Response(null, { status, headers });
  // FixedLengthStream tells the runtime the exact length, so it is sent as Content-Length, not chunked.
  const body = streamSlices(bucket, slicesFor(segments, range.start, range.end));
  const FLS = (globalThis as { FixedLengthStream?: new (n: number) => TransformStream<Uint8Array, Uint8Array> }).FixedLengthStream;
  if (FLS) {
    const fixed = new FLS(length);
    body.pipeTo(fixed.writable).catch(() => {});
    return new Response(fixed.readable, { status, headers });
  }
  return new Response(body, { status, headers });
}
