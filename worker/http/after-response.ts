import type { Context } from 'hono';
import type { AppEnv } from './context';

/**
 * Lets `work` finish after the response is sent (the request's waitUntil), so it neither
 * delays nor fails it. `work` must catch its own errors. Without an execution context
 * (app.request() in unit tests) the promise simply runs on.
 *
 * @example afterResponse(c, scheduleRefreshIfNeeded(db, c.env.JOBS, 'video', row.video))
 */
export function afterResponse(c: Context<AppEnv>, work: Promise<unknown>): void {
  let ctx: ExecutionContext | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    ctx = undefined;
  }
  ctx?.waitUntil(work);
}
