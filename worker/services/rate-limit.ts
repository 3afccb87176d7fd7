import { lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rateLimits } from '../db/schema';
import { ApiError } from '../errors';

/**
 * Fixed-window rate limits over the `rate_limits` table, one row per key.
 * Shaped like PeerTube's limiter (express-rate-limit): `X-RateLimit-*` headers
 * on every answer, a 429 with `Retry-After` once the window is used up, and
 * each key's window starting at its first request. A window aligned on the
 * clock would let a burst straddling its edge through twice over.
 * (https://docs.joinpeertube.org/api-rest-reference.html#section/Rate-limits)
 */
export type RateLimitRule = {
  /** The bucket and the client, e.g. `token:203.0.113.7`. */
  key: string;
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
};

export type RateLimitState = {
  limit: number;
  remaining: number;
  /** When the window ends, epoch milliseconds. */
  resetAt: number;
  limited: boolean;
  headers: Record<string, string>;
};

function stateOf(rule: RateLimitRule, used: number, windowStart: number, now: number, limited = used > rule.limit): RateLimitState {
  const resetAt = windowStart + rule.windowMs;
  const headers: Record<string, string> = {
    'X-RateLimit-Limit': String(rule.limit),
    'X-RateLimit-Remaining': String(Math.max(0, rule.limit - used)),
    'X-RateLimit-Reset': String(Math.ceil(resetAt / 1000)),
  };
  if (limited) headers['Retry-After'] = String(Math.max(1, Math.ceil((resetAt - now) / 1000)));
  return { limit: rule.limit, remaining: Math.max(0, rule.limit - used), resetAt, limited, headers };
}

/**
 * Counts one request against `rule` and reports the window's state. One
 * statement, so concurrent requests cannot both take the last slot: the
 * upsert restarts the count when the stored window is an older one.
 */
export async function consumeRateLimit(db: Db, rule: RateLimitRule, now = Date.now()): Promise<RateLimitState> {
  // The stored window goes on while it is younger than `windowMs`; otherwise this request opens one.
  const current = sql`${rateLimits.windowStart} > ${now - rule.windowMs}`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key: rule.key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        // Both expressions read the row as it was before the update (SQLite semantics).
        count: sql`CASE WHEN ${current} THEN ${rateLimits.count} + 1 ELSE 1 END`,
        windowStart: sql`CASE WHEN ${current} THEN ${rateLimits.windowStart} ELSE excluded.window_start END`,
      },
    })
    .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart });
  return stateOf(rule, row.count, row.windowStart, now);
}

/** The state of a window without counting a request (for limits that only count successes, then {@link consumeRateLimit} on success). */
export async function peekRateLimit(db: Db, rule: RateLimitRule, now = Date.now()): Promise<RateLimitState> {
  const [row] = await db
    .select()
    .from(rateLimits)
    .where(sql`${rateLimits.key} = ${rule.key}`)
    .limit(1);
  const current = row !== undefined && row.windowStart > now - rule.windowMs;
  const used = current ? row.count : 0;
  const windowStart = current ? row.windowStart : now;
  // A peek asks "may one more go through?", so a full window counts as limited.
  return stateOf(rule, used, windowStart, now, used >= rule.limit);
}

/** Throws PeerTube's 429 (problem+json, with the rate-limit headers) when the state is over its limit. */
export function assertWithinRateLimit(state: RateLimitState): void {
  if (state.limited) {
    throw new ApiError(429, undefined, 'You have reached the rate limit for this endpoint, please retry later.', { headers: state.headers });
  }
}

/** Counts a request and throws 429 when over the limit; returns the headers to set on the answer. */
export async function enforceRateLimit(db: Db, rule: RateLimitRule, now = Date.now()): Promise<Record<string, string>> {
  const state = await consumeRateLimit(db, rule, now);
  assertWithinRateLimit(state);
  return state.headers;
}

/** Drops windows that ended before `before` (epoch ms); for the periodic sweep. */
export async function pruneRateLimits(db: Db, before: number): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, before));
}

/** The client address a limit is keyed on: Cloudflare's header, then the proxy chain, then a local fallback. */
export function clientIp(headers: { get(name: string): string | null | undefined }): string {
  const cf = headers.get('cf-connecting-ip')?.trim();
  if (cf) return cf;
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || 'local';
}

export const RATE_LIMIT_WINDOWS = { token: 60_000, register: 3_600_000 } as const;
