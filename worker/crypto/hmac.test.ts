import { describe, it, expect } from 'vitest';
import { signHmacRequest, verifyHmacRequest } from './hmac';

const secret = 'a-secret-of-enough-length';
const url = 'http://127.0.0.1:1/jobs?x=1';

async function check(
  headers: Record<string, string>,
  over: Partial<{ method: string; url: string; body: string; secret: string; now: number; allowUnsignedBody: boolean }> = {},
) {
  return verifyHmacRequest(
    over.secret ?? secret,
    { method: over.method ?? 'POST', url: over.url ?? url, headers: new Headers(headers), body: over.body ?? '{"a":1}' },
    { now: over.now, allowUnsignedBody: over.allowUnsignedBody },
  );
}

describe('hmac request signing', () => {
  it('accepts an untouched request', async () => {
    const h = await signHmacRequest(secret, { method: 'POST', url, body: '{"a":1}' });
    expect(await check(h)).toEqual({ ok: true });
  });

  it('rejects another body, path, method, secret or an old timestamp', async () => {
    const h = await signHmacRequest(secret, { method: 'POST', url, body: '{"a":1}' });
    expect((await check(h, { body: '{"a":2}' })).ok).toBe(false);
    expect((await check(h, { url: 'http://127.0.0.1:1/jobs?x=2' })).ok).toBe(false);
    expect((await check(h, { method: 'PUT' })).ok).toBe(false);
    expect((await check(h, { secret: 'another-secret-value!' })).ok).toBe(false);
    expect(await check(h, { now: Date.now() + 10 * 60_000 })).toEqual({ ok: false, reason: 'stale timestamp' });
    expect(await check({})).toEqual({ ok: false, reason: 'missing signature headers' });
  });

  it('only accepts an unsigned (streamed) body where allowed', async () => {
    const h = await signHmacRequest(secret, { method: 'PUT', url, unsignedBody: true });
    expect(await check(h, { method: 'PUT' })).toEqual({ ok: false, reason: 'body must be signed' });
    expect(await check(h, { method: 'PUT', allowUnsignedBody: true })).toEqual({ ok: true });
  });
});
