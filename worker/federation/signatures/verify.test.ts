import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { digestHeader } from './digest';
import { parseSignatureHeader, verifyRequest, type ResolvedKey, type VerifyRequestInput } from './verify';

// Signed traffic captured from a real PeerTube 6.3 (see that folder's README.md).
const FIXTURES = new URL('../../../test/fixtures/peertube-6.3/signed/', import.meta.url);

type Fixture = {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  capturedAt: string;
  verifyWith: string;
};
type Actor = { id: string; publicKey: { id: string; owner: string; publicKeyPem: string } };

const readJson = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;

const fixtureNames = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json') && !f.startsWith('keys-'))
  .filter((f) => {
    const j = readJson<Partial<Fixture>>(f);
    return typeof j.method === 'string' && j.headers !== undefined && typeof j.body === 'string';
  })
  .sort();

const actors = readdirSync(FIXTURES)
  .filter((f) => f.startsWith('keys-'))
  .map((f) => readJson<Actor>(f));

/** Resolves a keyId the way the real resolver must: strip the fragment, and accept it only if the actor lists that key. */
async function resolveFromFixtures(keyId: string): Promise<ResolvedKey | null> {
  const actor = actors.find((a) => a.id === keyId.split('#')[0]);
  if (!actor || (keyId !== actor.id && keyId !== actor.publicKey.id)) return null;
  return { publicKeyPem: actor.publicKey.publicKeyPem, owner: actor.publicKey.owner };
}

const keyOf = (file: string): ResolvedKey => {
  const a = readJson<Actor>(file);
  return { publicKeyPem: a.publicKey.publicKeyPem, owner: a.publicKey.owner };
};

function inputOf(f: Fixture, patch: Partial<VerifyRequestInput> = {}): VerifyRequestInput {
  return { method: f.method, url: f.url, headers: { ...f.headers }, rawBody: f.body, now: new Date(f.capturedAt), ...patch };
}

const setSignatureParam = (header: string, name: string, value: string) => header.replace(new RegExp(`${name}="[^"]*"`), `${name}="${value}"`);

describe('captured PeerTube 6.3 traffic', () => {
  it('has the request fixtures the README lists', () => {
    expect(fixtureNames.length).toBe(20);
  });

  it.each(fixtureNames)('%s verifies', async (name) => {
    const f = readJson<Fixture>(name);
    const result = await verifyRequest(inputOf(f), { resolveKey: resolveFromFixtures });
    expect(result).toMatchObject({ ok: true, actorUrl: keyOf(f.verifyWith).owner });
    if (result.ok) {
      expect(result.keyId).toBe(parseSignatureHeader(f.headers.signature)?.keyId);
      expect(result.actorUrl).toBe(result.keyId.split('#')[0]);
    }
  });

  it('resolves both keyId forms: PeerTube sends the bare actor URL, alice sent #main-key', async () => {
    const peertube = readJson<Fixture>('follow-from-peertube.json');
    const alice = readJson<Fixture>('accepted-by-peertube-follow.json');
    expect(parseSignatureHeader(peertube.headers.signature)?.keyId).toBe('http://localhost:9000/accounts/peertube');
    expect(parseSignatureHeader(alice.headers.signature)?.keyId).toBe('http://localhost:8799/accounts/alice#main-key');
    const resolveKey = vi.fn(resolveFromFixtures);
    await verifyRequest(inputOf(peertube), { resolveKey });
    await verifyRequest(inputOf(alice), { resolveKey });
    expect(resolveKey.mock.calls.map((c) => c[0])).toEqual(['http://localhost:9000/accounts/peertube', 'http://localhost:8799/accounts/alice#main-key']);
  });

  it('accepts PeerTube-style signatures over the path without the query string', async () => {
    const f = readJson<Fixture>('signed-get-collection-from-peertube.json');
    const result = await verifyRequest(inputOf(f, { url: `${f.url}?page=2` }), { resolveKey: resolveFromFixtures });
    expect(result).toMatchObject({ ok: true, queryInTarget: false });
  });

  it('accepts a Host rewritten in front of us when the URL still names the signed host (miniflare dispatchFetch does this)', async () => {
    const f = readJson<Fixture>('follow-from-peertube.json');
    const headers = { ...f.headers, host: '127.0.0.1:36635' };
    expect(await verifyRequest(inputOf(f, { headers }), { resolveKey: resolveFromFixtures })).toMatchObject({ ok: true });
    const elsewhere = inputOf(f, { headers, url: f.url.replace('localhost:8799', '127.0.0.1:36635') });
    expect(await verifyRequest(elsewhere, { resolveKey: resolveFromFixtures })).toMatchObject({ ok: false, reason: 'invalid_signature' });
  });

  it('accepts the signature in Authorization, with a "Signature " prefix, and from a Headers object', async () => {
    const f = readJson<Fixture>('create-video-from-peertube.json');
    const { signature, ...rest } = f.headers;
    const viaAuthorization = { ...rest, authorization: `Signature ${signature}` };
    const viaPrefix = { ...rest, signature: `Signature ${signature}` };
    for (const headers of [viaAuthorization, viaPrefix]) {
      expect(await verifyRequest(inputOf(f, { headers }), { resolveKey: resolveFromFixtures })).toMatchObject({ ok: true });
    }
    const asHeaders = new Headers(f.headers);
    expect(await verifyRequest(inputOf(f, { headers: asHeaders }), { resolveKey: resolveFromFixtures })).toMatchObject({ ok: true });
  });
});

describe('tampered requests are rejected', () => {
  // One 2048-bit signature from alice and one 1024-bit signature from PeerTube.
  const cases = ['accepted-by-peertube-like.json', 'create-video-from-peertube.json'];

  describe.each(cases)('%s', (name) => {
    const f = readJson<Fixture>(name);
    const verify = (patch: Partial<VerifyRequestInput>, resolveKey = resolveFromFixtures) => verifyRequest(inputOf(f, patch), { resolveKey });

    it('a changed body byte: digest_mismatch', async () => {
      const body = f.body.replace('"', "'");
      expect(await verify({ rawBody: body })).toMatchObject({ ok: false, reason: 'digest_mismatch', status: 401 });
    });

    it('a changed body with a recomputed Digest: invalid_signature', async () => {
      const body = `${f.body} `;
      const headers = { ...f.headers, digest: await digestHeader(body) };
      expect(await verify({ rawBody: body, headers })).toMatchObject({ ok: false, reason: 'invalid_signature', status: 401 });
    });

    it('a changed signed header (host): invalid_signature', async () => {
      const headers = { ...f.headers, host: 'evil.example' };
      expect(await verify({ headers, url: f.url.replace(/\/\/[^/]+/, '//evil.example') })).toMatchObject({
        ok: false,
        reason: 'invalid_signature',
      });
    });

    it('a changed path: invalid_signature', async () => {
      expect(await verify({ url: `${f.url}x` })).toMatchObject({ ok: false, reason: 'invalid_signature' });
    });

    it('now 31 minutes after Date: date_out_of_range', async () => {
      const now = new Date(Date.parse(f.capturedAt) + 31 * 60_000);
      expect(await verify({ now })).toMatchObject({ ok: false, reason: 'date_out_of_range', status: 401 });
      // 29 minutes is inside PeerTube's 1800 s window.
      expect(await verify({ now: new Date(Date.parse(f.capturedAt) + 29 * 60_000) })).toMatchObject({ ok: true });
    });

    it('a Date header moved 31 minutes ahead: date_out_of_range', async () => {
      const date = new Date(Date.parse(f.headers.date) + 31 * 60_000).toUTCString();
      expect(await verify({ headers: { ...f.headers, date } })).toMatchObject({ ok: false, reason: 'date_out_of_range' });
    });

    it('a Date header moved 1 minute: invalid_signature', async () => {
      const date = new Date(Date.parse(f.headers.date) + 60_000).toUTCString();
      expect(await verify({ headers: { ...f.headers, date } })).toMatchObject({ ok: false, reason: 'invalid_signature' });
    });

    it('the wrong key: invalid_signature', async () => {
      const own = (await resolveFromFixtures(parseSignatureHeader(f.headers.signature)!.keyId))!;
      const other = keyOf(f.verifyWith === 'keys-alice.json' ? 'keys-root.json' : 'keys-alice.json');
      const wrong = async () => ({ publicKeyPem: other.publicKeyPem, owner: own.owner });
      expect(await verify({}, wrong)).toMatchObject({ ok: false, reason: 'invalid_signature', status: 401 });
    });

    it('no Digest header: missing_digest', async () => {
      const { digest: _, ...headers } = f.headers;
      expect(await verify({ headers })).toMatchObject({ ok: false, reason: 'missing_digest', status: 400 });
    });

    it('a Digest for another body: digest_mismatch', async () => {
      const headers = { ...f.headers, digest: await digestHeader('{}') };
      expect(await verify({ headers })).toMatchObject({ ok: false, reason: 'digest_mismatch' });
    });

    it('a Digest with no SHA-256 value: unsupported_digest', async () => {
      const headers = { ...f.headers, digest: 'MD5=abc' };
      expect(await verify({ headers })).toMatchObject({ ok: false, reason: 'unsupported_digest', status: 400 });
    });

    it('the keyId of another actor: invalid_signature', async () => {
      const other = f.verifyWith === 'keys-alice.json' ? 'http://localhost:9000/accounts/root' : 'http://localhost:8799/accounts/alice#main-key';
      const headers = { ...f.headers, signature: setSignatureParam(f.headers.signature, 'keyId', other) };
      expect(await verify({ headers })).toMatchObject({ ok: false, reason: 'invalid_signature' });
    });

    it('a key whose owner is on another origin: key_owner_mismatch', async () => {
      const own = (await resolveFromFixtures(parseSignatureHeader(f.headers.signature)!.keyId))!;
      const foreign = async () => ({ publicKeyPem: own.publicKeyPem, owner: 'https://elsewhere.example/accounts/x' });
      expect(await verify({}, foreign)).toMatchObject({ ok: false, reason: 'key_owner_mismatch', status: 403 });
    });

    it('a key whose owner is no http(s) URL, even on the same host: key_owner_mismatch', async () => {
      const keyId = parseSignatureHeader(f.headers.signature)!.keyId;
      const own = (await resolveFromFixtures(keyId))!;
      for (const owner of [`ws://${new URL(keyId).host}/accounts/x`, 'urn:uuid:0b9d2a3c-5e55-4b4f-9a43-1e2f3a4b5c6d', 'not a url']) {
        const odd = async () => ({ publicKeyPem: own.publicKeyPem, owner });
        expect(await verify({}, odd), owner).toMatchObject({ ok: false, reason: 'key_owner_mismatch', status: 403 });
      }
    });

    it('a keyId that is no http(s) URL of at most 2,000 characters: unsupported_key_id', async () => {
      const keyId = parseSignatureHeader(f.headers.signature)!.keyId;
      for (const odd of [keyId.replace(/^https?:/, 'ws:'), 'urn:uuid:0b9d2a3c-5e55-4b4f-9a43-1e2f3a4b5c6d', `${keyId}?${'x'.repeat(2000)}`]) {
        const headers = { ...f.headers, signature: setSignatureParam(f.headers.signature, 'keyId', odd) };
        expect(await verify({ headers }), odd.slice(0, 60)).toMatchObject({ ok: false, reason: 'unsupported_key_id', status: 400 });
      }
    });

    it('an unknown key: key_not_found', async () => {
      expect(await verify({}, async () => null)).toMatchObject({ ok: false, reason: 'key_not_found', status: 401 });
    });

    it('digest left out of the signed headers: unsigned_component', async () => {
      const headers = { ...f.headers, signature: setSignatureParam(f.headers.signature, 'headers', '(request-target) host date') };
      expect(await verify({ headers })).toMatchObject({ ok: false, reason: 'unsigned_component', status: 400 });
    });

    it('a signed component that is not there: missing_header', async () => {
      for (const list of [
        '(request-target) host date digest x-not-sent',
        '(request-target) host date digest (created)',
        '(request-target) host date digest (keyid)',
      ]) {
        const headers = { ...f.headers, signature: setSignatureParam(f.headers.signature, 'headers', list) };
        expect(await verify({ headers })).toMatchObject({ ok: false, reason: 'missing_header', status: 400 });
      }
    });

    it('no Signature: missing_signature', async () => {
      const { signature: _, ...headers } = f.headers;
      expect(await verify({ headers })).toMatchObject({ ok: false, reason: 'missing_signature', status: 401 });
    });

    it('an unsupported algorithm: unsupported_algorithm', async () => {
      const headers = { ...f.headers, signature: setSignatureParam(f.headers.signature, 'algorithm', 'rsa-sha1') };
      expect(await verify({ headers })).toMatchObject({ ok: false, reason: 'unsupported_algorithm', status: 400 });
    });

    it('hs2019 is read as rsa-sha256', async () => {
      const headers = { ...f.headers, signature: setSignatureParam(f.headers.signature, 'algorithm', 'hs2019') };
      expect(await verify({ headers })).toMatchObject({ ok: true });
    });
  });
});

describe('key rotation', () => {
  const f = readJson<Fixture>('accepted-by-peertube-follow.json');
  const stale = keyOf('keys-fakeinstance-peertube.json');

  it('refetches once when the cached key fails, and succeeds with the fresh key', async () => {
    const resolveKey = vi.fn(async () => ({ publicKeyPem: stale.publicKeyPem, owner: 'http://localhost:8799/accounts/alice' }));
    const refetchKey = vi.fn(resolveFromFixtures);
    const result = await verifyRequest(inputOf(f), { resolveKey, refetchKey });
    expect(result).toMatchObject({ ok: true, keyRefetched: true, actorUrl: 'http://localhost:8799/accounts/alice' });
    expect(refetchKey).toHaveBeenCalledTimes(1);
    expect(refetchKey).toHaveBeenCalledWith('http://localhost:8799/accounts/alice#main-key');
  });

  it('does not refetch when the cached key verifies', async () => {
    const refetchKey = vi.fn(resolveFromFixtures);
    const result = await verifyRequest(inputOf(f), { resolveKey: resolveFromFixtures, refetchKey });
    expect(result).toMatchObject({ ok: true, keyRefetched: false });
    expect(refetchKey).not.toHaveBeenCalled();
  });

  it('fails when the refetched key is no better', async () => {
    const staleKey = async () => ({ publicKeyPem: stale.publicKeyPem, owner: 'http://localhost:8799/accounts/alice' });
    const refetchKey = vi.fn(staleKey);
    const result = await verifyRequest(inputOf(f), { resolveKey: staleKey, refetchKey });
    expect(result).toMatchObject({ ok: false, reason: 'invalid_signature' });
    expect(refetchKey).toHaveBeenCalledTimes(1);
  });
});
