/**
 * Writes invalidate the edge cache (ADR 0017): after any successful write, a new content
 * generation here, before the answer leaves, so the writer's next read shows the change; and,
 * when a purge token is configured, a purge of the generation URL through Cloudflare's API, which
 * starts a new generation in every other location within seconds. Jobs do the same (jobs/runner.ts).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';
import { afterResponse } from './after-response';
import { invalidateEdgeCache } from './edge-cache-generation';

/**
 * Writes that change nothing an anonymous reader sees, or nothing yet, and come often: they must
 * not empty the cache. View counts are allowed to lag by the content TTL, as PeerTube's do.
 */
const NOT_CONTENT = [
  /^\/api\/v1\/videos\/[^/]+\/views$/,
  /^\/api\/v1\/users\/(token|revoke-token)$/,
  /^\/api\/v1\/videos\/upload-resumable$/,
  // The pages' session and preference forms (pages/auth.ts, pages/language.ts).
  /^\/(login|logout|signup|language)$/,
  /^\/internal\/media\//,
  /^\/internal\/jobs\/[^/]+\/progress$/,
  // A companion's health, every 30 s: only administrators read it (GET /runners), never from the cache.
  /^\/internal\/companions\/heartbeat$/,
  // Inbox activities are processed after the answer, by a job, which invalidates when it is done.
  /^\/(inbox|accounts\/[^/]+\/inbox|video-channels\/[^/]+\/inbox)$/,
];

export function isContentWrite(method: string, path: string) {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return false;
  return !NOT_CONTENT.some((re) => re.test(path));
}

export function invalidateOnWrite(): MiddlewareHandler<AppEnv> {
  return async function invalidateOnWrite(c, next) {
    await next();
    if (c.res.status >= 400 || !isContentWrite(c.req.method, c.req.path)) return;
    await invalidateEdgeCache(c.var.config, (work) => afterResponse(c, work));
  };
}

/**
 * A read that wrote, which invalidateOnWrite does not see: a logged-in search for a URL or a
 * handle indexes the remote object it names. A new generation, so anonymous readers find it too.
 */
export async function invalidateAfterRead(c: Context<AppEnv>) {
  await invalidateEdgeCache(c.var.config, (work) => afterResponse(c, work));
}
