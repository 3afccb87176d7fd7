import type { Context } from 'hono';
import type { AppEnv } from '../http/context';
import { defaultCache } from '../http/edge-cache-generation';
import { fetchRemoteBytes } from '../federation/fetch/remote-fetch';
import { isHostBlocked } from '../services/blocklist';
import { CORS_HEADERS } from './serve';

export type RemoteMediaOptions = {
  accept: string;
  maxBytes: number;
  /** What the answer's Cache-Control says, and how long the Cache API keeps it. */
  cacheControl: string;
  /** Where the copy is kept; the request's URL when not given. */
  cacheKey?: string;
  /** The body to serve and its type, from what the origin sent; null refuses it (404). */
  accepts: (bytes: Uint8Array<ArrayBuffer>, contentType: string) => { body: BodyInit; contentType: string } | null;
  waitUntil: (p: Promise<unknown>) => void;
};

/**
 * A remote video's file (an image, a caption) fetched from its origin on demand through the
 * federation fetch guards (address policy, blocklist, size limit), as PeerTube's lazy-static
 * caches do, and kept in the Cache API. Remote videos are public or unlisted only.
 */
export async function serveRemoteMedia(c: Context<AppEnv>, url: string | null, options: RemoteMediaOptions): Promise<Response> {
  if (!url) return new Response('Not found', { status: 404, headers: CORS_HEADERS });
  const cache = defaultCache();
  const cacheKey = new Request(options.cacheKey ?? c.req.url, { method: 'GET' });
  const hit = await cache?.match(cacheKey);
  if (hit) return hit;
  try {
    const fetched = await fetchRemoteBytes(url, {
      accept: options.accept,
      allowLoopback: c.var.config.allowLoopbackFederation,
      maxBytes: options.maxBytes,
      timeoutMs: 10_000,
      isHostBlocked: (host) => isHostBlocked(c.var.db, host),
    });
    const served = options.accepts(fetched.bytes, fetched.contentType);
    if (!served) return new Response('Not found', { status: 404, headers: CORS_HEADERS });
    const headers = { ...CORS_HEADERS, 'content-type': served.contentType, 'cache-control': options.cacheControl };
    const response = new Response(served.body, { headers });
    if (cache) options.waitUntil(cache.put(cacheKey, response.clone()));
    return response;
  } catch (err) {
    console.warn(`remote media ${url}: ${(err as Error).message}`);
    return new Response('Bad gateway', { status: 502, headers: CORS_HEADERS });
  }
}
