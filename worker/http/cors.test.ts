import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { corsAnyOrigin } from './cors';

const app = new Hono();
app.use('/api/*', corsAnyOrigin({ allowHeaders: ['Authorization', 'Content-Type'], exposeHeaders: ['Location', 'Retry-After'] }));
app.use('/ap/*', corsAnyOrigin());
app.get('/api/json', (c) => c.json({ ok: true }));
app.get('/api/fetched', async () => {
  // A Response whose headers are immutable, as a fetch() answer's are.
  const res = Response.redirect('https://example.com/', 302);
  expect(() => res.headers.set('x', 'y')).toThrow();
  return res;
});
app.get('/api/fails', () => {
  throw new Error('boom');
});
app.get('/ap/actor', (c) => c.json({ type: 'Person' }));
app.onError((_err, c) => c.text('failed', 500));

describe('corsAnyOrigin', () => {
  it('answers a preflight with the allowed methods, headers and max age', async () => {
    const res = await app.request('/api/json', { method: 'OPTIONS', headers: { origin: 'https://a.example', 'access-control-request-method': 'PUT' } });
    expect(res.status).toBe(204);
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => (headers[name] = value));
    expect(headers).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET,HEAD,PUT,PATCH,POST,DELETE',
      'access-control-allow-headers': 'Authorization,Content-Type',
      'access-control-expose-headers': 'Location,Retry-After',
      'access-control-max-age': '86400',
      vary: 'Access-Control-Request-Headers',
    });
  });

  it('allows the headers a preflight asks for where no list is given', async () => {
    const res = await app.request('/ap/actor', { method: 'OPTIONS', headers: { 'access-control-request-headers': 'Signature, Digest' } });
    expect(res.headers.get('access-control-allow-headers')).toBe('Signature, Digest');
    expect(res.headers.has('access-control-expose-headers')).toBe(false);
  });

  it("sets its headers on the route's answer, on an error, and on an answer with immutable headers", async () => {
    for (const path of ['/api/json', '/api/fails', '/api/fetched', '/ap/actor']) {
      const res = await app.request(path);
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
    }
    expect((await app.request('/api/json')).headers.get('access-control-expose-headers')).toBe('Location,Retry-After');
    const fetched = await app.request('/api/fetched');
    expect([fetched.status, fetched.headers.get('location')]).toEqual([302, 'https://example.com/']);
    expect(await (await app.request('/api/json')).json()).toEqual({ ok: true });
  });
});
