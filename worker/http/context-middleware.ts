import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';
import { getConfig } from '../config';
import { lazyDb } from '../db/client';

/** Puts the parsed config and a per-request database (made on first use) on the context. */
export function withContext(): MiddlewareHandler<AppEnv> {
  return async function withContext(c, next) {
    const config = getConfig(c.env, c.req.url);
    c.set('config', config);
    c.set('db', lazyDb(config.db));
    await next();
  };
}
