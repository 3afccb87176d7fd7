import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';
import { getConfig } from '../config';
import { createDb } from '../db/client';

/** Puts the parsed config and a per-request database on the context. */
export function withContext(): MiddlewareHandler<AppEnv> {
  return async function withContext(c, next) {
    const config = getConfig(c.env, c.req.url);
    c.set('config', config);
    c.set('db', createDb(config.db));
    await next();
  };
}
