import type { MiddlewareHandler } from 'hono';

/** The `cors` package's default, as PeerTube answers a preflight. */
const ALLOW_METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE';

export type CorsOptions = {
  /** Request headers a preflight allows; without a list, those the preflight asks for. */
  allowHeaders?: string[];
  /** Response headers a script may read, besides the CORS-safelisted ones. */
  exposeHeaders?: string[];
};

/**
 * CORS for any origin without credentials, as PeerTube answers its API, ActivityPub and
 * well-known routes; an OPTIONS request is a preflight answered here. The headers go on the
 * route's own answer once it is made: Hono's `cors()` sets them on `c.res` before the route runs,
 * which makes Hono build a blank Response and then copy the route's answer into a second one, on
 * every request it covers, edge-cache hits included.
 */
export function corsAnyOrigin(options: CorsOptions = {}): MiddlewareHandler {
  const allowHeaders = options.allowHeaders?.join(',');
  const exposeHeaders = options.exposeHeaders?.join(',');
  const setHeaders = (headers: Headers) => {
    headers.set('Access-Control-Allow-Origin', '*');
    if (exposeHeaders) headers.set('Access-Control-Expose-Headers', exposeHeaders);
  };
  return async function corsAnyOrigin(c, next) {
    if (c.req.method === 'OPTIONS') {
      const headers = new Headers({ 'Access-Control-Allow-Methods': ALLOW_METHODS, 'Access-Control-Max-Age': '86400' });
      setHeaders(headers);
      const allowed = allowHeaders ?? c.req.header('access-control-request-headers');
      if (allowed) {
        headers.set('Access-Control-Allow-Headers', allowed);
        headers.set('Vary', 'Access-Control-Request-Headers');
      }
      return new Response(null, { status: 204, headers });
    }
    await next();
    try {
      setHeaders(c.res.headers);
    } catch {
      // An answer with immutable headers (a fetched Response passed through): copy it once.
      const copy = new Response(c.res.body, c.res);
      setHeaders(copy.headers);
      c.res = undefined as unknown as Response;
      c.res = copy;
    }
  };
}
