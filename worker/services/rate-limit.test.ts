import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../db/schema';
import type { Db } from '../db/client';
import { ApiError } from '../errors';
import { openTempDb, type TempDb } from '../../test/helpers/temp-db';
import { clientIp, consumeRateLimit, enforceRateLimit, peekRateLimit, pruneRateLimits } from './rate-limit';

let temp: TempDb;
let db: Db;

beforeAll(async () => {
  temp = await openTempDb('rate-limit');
  db = temp.db;
});
afterAll(async () => {
  await temp?.close();
});

const WINDOW = 60_000;
const T0 = 1_700_000_040_000; // the start of a minute

describe('fixed-window rate limits', () => {
  it('lets `limit` requests through, then answers 429 with Retry-After and X-RateLimit-*', async () => {
    const rule = { key: 'token:198.51.100.1', limit: 3, windowMs: WINDOW };
    const states = [];
    for (let i = 0; i < 3; i++) states.push(await consumeRateLimit(db, rule, T0 + 1000));
    expect(states.map((s) => [s.limited, s.remaining])).toEqual([
      [false, 2],
      [false, 1],
      [false, 0],
    ]);
    // The window opened with the key's first request, at T0 + 1 s.
    expect(states[0].headers).toEqual({ 'X-RateLimit-Limit': '3', 'X-RateLimit-Remaining': '2', 'X-RateLimit-Reset': String((T0 + 1000 + WINDOW) / 1000) });

    const err = await enforceRateLimit(db, rule, T0 + 10_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const api = err as ApiError;
    expect(api.status).toBe(429);
    expect(api.extra.headers).toMatchObject({ 'Retry-After': '51', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Limit': '3' });
  });

  it('starts over in the next window', async () => {
    const rule = { key: 'token:198.51.100.2', limit: 1, windowMs: WINDOW };
    expect((await consumeRateLimit(db, rule, T0)).limited).toBe(false);
    expect((await consumeRateLimit(db, rule, T0 + 59_999)).limited).toBe(true);
    const next = await consumeRateLimit(db, rule, T0 + WINDOW);
    expect(next.limited).toBe(false);
    expect(next.resetAt).toBe(T0 + 2 * WINDOW);
  });

  it("opens each key's window at its first request, so a burst across a minute boundary is still limited", async () => {
    // A window aligned on the clock would let 2 × limit through here: half before T0, half after.
    const rule = { key: 'token:198.51.100.5', limit: 4, windowMs: WINDOW };
    const states = [];
    for (let i = 0; i < 8; i++) states.push(await consumeRateLimit(db, rule, T0 - 2000 + i * 500));
    expect(states.map((s) => s.limited)).toEqual([false, false, false, false, true, true, true, true]);
    expect(states[7].resetAt).toBe(T0 - 2000 + WINDOW);
    expect((await peekRateLimit(db, rule, T0 + 5000)).limited).toBe(true);
    expect((await consumeRateLimit(db, rule, T0 - 2000 + WINDOW)).limited).toBe(false);
  });

  it('keeps keys apart', async () => {
    const a = { key: 'register:203.0.113.1', limit: 1, windowMs: WINDOW };
    const b = { key: 'register:203.0.113.2', limit: 1, windowMs: WINDOW };
    await consumeRateLimit(db, a, T0);
    expect((await consumeRateLimit(db, a, T0)).limited).toBe(true);
    expect((await consumeRateLimit(db, b, T0)).limited).toBe(false);
  });

  it('never lets concurrent requests past the limit', async () => {
    const rule = { key: 'token:198.51.100.3', limit: 5, windowMs: WINDOW };
    const states = await Promise.all(Array.from({ length: 20 }, () => consumeRateLimit(db, rule, T0 + 5)));
    expect(states.filter((s) => !s.limited)).toHaveLength(5);
  });

  it('peeks without counting', async () => {
    const rule = { key: 'register:198.51.100.4', limit: 2, windowMs: WINDOW };
    for (let i = 0; i < 5; i++) expect((await peekRateLimit(db, rule, T0)).limited).toBe(false);
    await consumeRateLimit(db, rule, T0);
    expect((await peekRateLimit(db, rule, T0)).remaining).toBe(1);
    await consumeRateLimit(db, rule, T0);
    const full = await peekRateLimit(db, rule, T0);
    expect(full.limited).toBe(true);
    expect(full.headers['Retry-After']).toBe('60');
    // An old window does not count against the new one.
    expect((await peekRateLimit(db, rule, T0 + WINDOW)).limited).toBe(false);
  });

  it('prunes ended windows', async () => {
    await consumeRateLimit(db, { key: 'old', limit: 1, windowMs: WINDOW }, T0 - 10 * WINDOW);
    await pruneRateLimits(db, T0 - WINDOW);
    const rows = await db.select().from(schema.rateLimits);
    expect(rows.map((r) => r.key)).not.toContain('old');
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe('clientIp', () => {
  const headers = (h: Record<string, string>) => new Headers(h);
  it('prefers cf-connecting-ip, then the first x-forwarded-for hop, then "local"', () => {
    expect(clientIp(headers({ 'cf-connecting-ip': '192.0.2.1', 'x-forwarded-for': '192.0.2.9' }))).toBe('192.0.2.1');
    expect(clientIp(headers({ 'x-forwarded-for': ' 192.0.2.7 , 10.0.0.1' }))).toBe('192.0.2.7');
    expect(clientIp(headers({}))).toBe('local');
  });
});
