/**
 * Interop with the libraries PeerTube verifies and signs with, over real Node HTTP:
 * `@peertube/http-signature` (PeerTube ≤ 6, and its signer today) and
 * `@misskey-dev/node-http-message-signatures` (the verifier in PeerTube's current code).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { parseRequestSignature, verifyDraftSignature } from '@misskey-dev/node-http-message-signatures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateActorKeyPair, type ActorKeyPair } from './keys';
import { signRequest } from './sign';
import { verifyRequest, type ResolvedKey } from './verify';

type OracleRequest = { getHeader(name: string): unknown; setHeader(name: string, value: string): void; method: string; path: string };
type OracleParsed = { params: { keyId: string; headers: string[] }; signingString: string };
type Oracle = {
  sign(
    req: OracleRequest,
    opts: { key: string; keyId: string; headers?: string[]; algorithm?: string; authorizationHeaderName?: string; hideAlgorithm?: boolean; expiresIn?: number },
  ): boolean;
  parseRequest(req: IncomingMessage, opts?: { headers?: string[]; clockSkew?: number }): OracleParsed;
  verifySignature(parsed: OracleParsed, publicKeyPem: string): boolean;
};
// The oracle is CommonJS and node:crypto based: tests only, never imported by worker code.
const oracle = createRequire(import.meta.url)('@peertube/http-signature') as Oracle;

const FIXTURES = new URL('../../../test/fixtures/peertube-6.3/signed/', import.meta.url);
const alice = {
  keyId: 'http://localhost:8799/accounts/alice#main-key',
  privateKeyPem: readFileSync(new URL('alice-key.pem', FIXTURES), 'utf8'),
  publicKeyPem: (JSON.parse(readFileSync(new URL('keys-alice.json', FIXTURES), 'utf8')) as { publicKey: { publicKeyPem: string } }).publicKey.publicKeyPem,
};

type Received = { req: IncomingMessage; body: Buffer };
let server: http.Server;
let origin: string;
let onRequest: ((r: Received) => void) | null = null;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      onRequest?.({ req, body: Buffer.concat(chunks) });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function capture(send: () => Promise<unknown>): Promise<Received> {
  const got = new Promise<Received>((resolve) => (onRequest = resolve));
  await send();
  return got;
}

/** PeerTube 6.3's inbox check: middlewares/activitypub.ts + helpers/peertube-crypto.ts, on the oracle. */
function peertube6Accepts({ req, body }: Received, publicKeyPem: string) {
  const required = req.method === 'POST' ? ['(request-target)', 'host', 'digest'] : ['(request-target)', 'host'];
  const parsed = oracle.parseRequest(req, { clockSkew: 1800, headers: required });
  const hasTime = parsed.params.headers.includes('date') || parsed.params.headers.includes('(created)');
  const digestOk = !req.headers.digest || `SHA-256=${createHash('sha256').update(body.toString()).digest('base64')}` === req.headers.digest;
  return { ok: hasTime && digestOk && oracle.verifySignature(parsed, publicKeyPem), signingString: parsed.signingString };
}

/** PeerTube's current check, on @misskey-dev/node-http-message-signatures with the same options. */
async function peertubeCurrentAccepts({ req }: Received, publicKeyPem: string) {
  const required = req.method === 'POST' ? ['(request-target)', 'host', 'digest'] : ['(request-target)', 'host'];
  const parsed = parseRequestSignature(req, { requiredComponents: { draft: required }, clockSkew: { delay: 1800 * 1000 } });
  return parsed.version === 'draft' && (await verifyDraftSignature(parsed.value, publicKeyPem));
}

const oursAccepts = ({ req, body }: Received, key: ResolvedKey) =>
  verifyRequest({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, rawBody: new Uint8Array(body) }, { resolveKey: async () => key });

describe('edgetube signs, PeerTube verifies', () => {
  const activity = JSON.stringify({ type: 'Follow', actor: 'http://localhost:8799/accounts/alice', object: 'x', note: 'héllo ✓' });

  it.each(['/accounts/root/inbox', '/inbox?foo=bar&x=a%20b'])('POST %s', async (path) => {
    const url = `${origin}${path}`;
    const signed = await signRequest({ method: 'POST', url, body: activity, keyId: alice.keyId, privateKeyPem: alice.privateKeyPem });
    const received = await capture(() => fetch(url, { method: 'POST', body: activity, headers: { 'content-type': 'application/activity+json', ...signed } }));
    expect(received.req.url).toBe(path);
    const pt6 = peertube6Accepts(received, alice.publicKeyPem);
    expect(pt6.ok).toBe(true);
    expect(pt6.signingString.split('\n')[0]).toBe(`(request-target): post ${path}`);
    expect(await peertubeCurrentAccepts(received, alice.publicKeyPem)).toBe(true);
    const ours = await oursAccepts(received, { publicKeyPem: alice.publicKeyPem, owner: 'http://localhost:8799/accounts/alice' });
    expect(ours).toMatchObject({ ok: true, queryInTarget: path.includes('?') });
  });

  it('signed GET with a query string', async () => {
    const url = `${origin}/accounts/root/outbox?page=2`;
    const signed = await signRequest({ method: 'GET', url, keyId: alice.keyId, privateKeyPem: alice.privateKeyPem });
    expect(signed.Digest).toBeUndefined();
    const received = await capture(() => fetch(url, { headers: { accept: 'application/activity+json', ...signed } }));
    const pt6 = peertube6Accepts(received, alice.publicKeyPem);
    expect(pt6).toEqual({
      ok: true,
      signingString: expect.stringMatching(/^\(request-target\): get \/accounts\/root\/outbox\?page=2\nhost: 127\.0\.0\.1:\d+\ndate: /),
    });
    expect(await peertubeCurrentAccepts(received, alice.publicKeyPem)).toBe(true);
  });

  it('the oracle rejects our signature once the body changes', async () => {
    const url = `${origin}/inbox`;
    const signed = await signRequest({ method: 'POST', url, body: activity, keyId: alice.keyId, privateKeyPem: alice.privateKeyPem });
    const received = await capture(() => fetch(url, { method: 'POST', body: `${activity} `, headers: signed }));
    expect(peertube6Accepts(received, alice.publicKeyPem).ok).toBe(false);
  });
});

describe('PeerTube signs, edgetube verifies', () => {
  let pair: ActorKeyPair;
  const actor = 'http://peertube.example/accounts/root';
  beforeAll(async () => {
    pair = await generateActorKeyPair();
  });
  const body = JSON.stringify({ type: 'Create', actor: 'http://peertube.example/accounts/root' });
  const digest = `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
  const peertubeOptions = () => ({
    // PeerTube's HTTP_SIGNATURE constants and lib/activitypub/send signer options.
    algorithm: 'rsa-sha256',
    authorizationHeaderName: 'signature',
    keyId: actor,
    key: pair.privateKeyPem,
    headers: ['(request-target)', 'host', 'date', 'digest'],
  });

  function post(path: string, sign: (req: http.ClientRequest) => void): Promise<Received> {
    return capture(
      () =>
        new Promise<void>((resolve, reject) => {
          const req = http.request(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/activity+json', digest } });
          sign(req);
          req.on('response', (res) => res.resume().on('end', resolve));
          req.on('error', reject);
          req.end(body);
        }),
    );
  }

  it('a real ClientRequest signed by the oracle (query included, as ClientRequest.path has it)', async () => {
    const received = await post('/inbox?x=1', (req) => oracle.sign(req, peertubeOptions()));
    expect(received.req.headers.signature).toMatch(/^keyId="http:\/\/peertube\.example\/accounts\/root",algorithm="rsa-sha256",/);
    const result = await oursAccepts(received, { publicKeyPem: pair.publicKeyPem, owner: actor });
    expect(result).toMatchObject({ ok: true, keyId: actor, actorUrl: actor, queryInTarget: true });
  });

  it("PeerTube's own signer, which signs the pathname without the query (helpers/requests.ts)", async () => {
    const received = await post('/inbox?x=1', (req) =>
      oracle.sign(
        {
          getHeader: (name) => req.getHeader(name.toLowerCase()),
          setHeader: (name, value) => req.setHeader(name, value),
          method: 'POST',
          path: new URL(`${origin}/inbox?x=1`).pathname,
        },
        peertubeOptions(),
      ),
    );
    const result = await oursAccepts(received, { publicKeyPem: pair.publicKeyPem, owner: actor });
    expect(result).toMatchObject({ ok: true, queryInTarget: false });
  });

  it('Authorization: Signature … with hs2019 (hideAlgorithm)', async () => {
    const received = await post('/accounts/root/inbox', (req) =>
      oracle.sign(req, { ...peertubeOptions(), authorizationHeaderName: undefined, algorithm: undefined, hideAlgorithm: true }),
    );
    expect(received.req.headers.authorization).toMatch(/^Signature keyId=.*algorithm="hs2019"/);
    expect(await oursAccepts(received, { publicKeyPem: pair.publicKeyPem, owner: actor })).toMatchObject({ ok: true });
  });

  it('draft-11 style (created) and (expires) instead of date, as Lemmy signs', async () => {
    const headers = ['(request-target)', 'host', '(created)', '(expires)', 'digest'];
    const fresh = await post('/inbox', (req) => oracle.sign(req, { ...peertubeOptions(), headers }));
    expect(fresh.req.headers.signature).toMatch(/created=\d+,expires=\d+/);
    expect(await oursAccepts(fresh, { publicKeyPem: pair.publicKeyPem, owner: actor })).toMatchObject({ ok: true });
    const expired = await post('/inbox', (req) => oracle.sign(req, { ...peertubeOptions(), headers, expiresIn: -5 }));
    expect(await oursAccepts(expired, { publicKeyPem: pair.publicKeyPem, owner: actor })).toMatchObject({ ok: false, reason: 'signature_expired' });
  });

  it('rejects an oracle signature made with another key', async () => {
    const other = await generateActorKeyPair();
    const received = await post('/inbox', (req) => oracle.sign(req, { ...peertubeOptions(), key: other.privateKeyPem }));
    expect(await oursAccepts(received, { publicKeyPem: pair.publicKeyPem, owner: actor })).toMatchObject({ ok: false, reason: 'invalid_signature' });
  });
});
