import { describe, expect, it, vi } from 'vitest';
import { fetchRemoteObject, RemoteFetchError } from './remote-fetch';
import { generateActorKeyPair, parseSignatureHeader } from '../signatures';

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/activity+json' }, ...init });

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(RemoteFetchError);
    return (err as RemoteFetchError).reason;
  }
  throw new Error('expected a failure');
}

describe('fetchRemoteObject', () => {
  const policy = { allowLoopback: false };

  it('returns an object served at its own origin, with a signed GET', async () => {
    const keys = await generateActorKeyPair();
    const fetchImpl = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      const h = init!.headers as Record<string, string>;
      expect(h.accept).toContain('application/activity+json');
      expect(parseSignatureHeader(h.Signature)?.headers).toEqual(['(request-target)', 'host', 'date']);
      return json({ id: 'https://video.example/accounts/alice', type: 'Person' });
    });
    const obj = await fetchRemoteObject('https://video.example/accounts/alice', {
      ...policy,
      signer: { keyId: 'https://me.example/accounts/peertube#main-key', privateKeyPem: keys.privateKeyPem },
      fetchImpl: fetchImpl as typeof fetch,
    });
    expect(obj.type).toBe('Person');
  });

  it('refuses an id on another origin', async () => {
    const fetchImpl = async () => json({ id: 'https://other.example/accounts/alice' });
    expect(await failure(fetchRemoteObject('https://video.example/accounts/alice', { ...policy, fetchImpl }))).toBe('id_mismatch');
  });

  it('refuses private targets, and redirects to them', async () => {
    const fetchImpl = vi.fn(async () => new Response(null, { status: 302, headers: { location: 'http://127.0.0.1/x' } }));
    expect(await failure(fetchRemoteObject('https://127.0.0.1/x', { ...policy, fetchImpl }))).toBe('refused_url');
    expect(await failure(fetchRemoteObject('https://video.example/x', { ...policy, fetchImpl }))).toBe('refused_url');
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });

  it('stops at the size limit, even without a content-length', async () => {
    const big = 'x'.repeat(2000);
    const fetchImpl = async () =>
      new Response(new Blob([`{"id":"https://video.example/a","pad":"${big}"}`]).stream(), { headers: { 'content-type': 'application/activity+json' } });
    expect(await failure(fetchRemoteObject('https://video.example/a', { ...policy, fetchImpl, maxBytes: 1000 }))).toBe('too_large');
  });

  it('rejects HTML, errors and bad JSON', async () => {
    const html = async () => new Response('<html>', { headers: { 'content-type': 'text/html' } });
    expect(await failure(fetchRemoteObject('https://video.example/a', { ...policy, fetchImpl: html }))).toBe('not_json');
    const gone = async () => new Response('gone', { status: 410 });
    expect(await failure(fetchRemoteObject('https://video.example/a', { ...policy, fetchImpl: gone }))).toBe('http_status');
    const bad = async () => new Response('{nope', { headers: { 'content-type': 'application/json' } });
    expect(await failure(fetchRemoteObject('https://video.example/a', { ...policy, fetchImpl: bad }))).toBe('not_json');
  });

  it('turns a timeout into a timeout failure', async () => {
    const slow = (_u: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason)));
    expect(await failure(fetchRemoteObject('https://video.example/a', { ...policy, fetchImpl: slow as typeof fetch, timeoutMs: 50 }))).toBe('timeout');
  });
});
