import { createHash, createVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDigest, digestHeader, verifyDigest } from './digest';
import { signRequest } from './sign';
import { parseSignatureHeader } from './verify';

const FIXTURES = new URL('../../../test/fixtures/peertube-6.3/signed/', import.meta.url);
const privateKeyPem = readFileSync(new URL('alice-key.pem', FIXTURES), 'utf8');
const publicKeyPem = (JSON.parse(readFileSync(new URL('keys-alice.json', FIXTURES), 'utf8')) as { publicKey: { publicKeyPem: string } }).publicKey.publicKeyPem;
const keyId = 'http://localhost:8799/accounts/alice#main-key';
const now = Date.UTC(2026, 10, 26, 16, 8, 3);

/** Checks a signature with node:crypto against a signing string written out by hand. */
function nodeVerifies(signingString: string, signatureHeader: string): boolean {
  const params = parseSignatureHeader(signatureHeader)!;
  return createVerify('RSA-SHA256').update(signingString).verify(publicKeyPem, params.signature, 'base64');
}

describe('signRequest', () => {
  it('signs a POST over (request-target) host date digest', async () => {
    const body = '{"type":"Follow","name":"é"}';
    const out = await signRequest({ method: 'post', url: 'https://peertube.example:8443/accounts/root/inbox', body, keyId, privateKeyPem, now });
    expect(out.Date).toBe('Thu, 26 Nov 2026 16:08:03 GMT');
    expect(out.Host).toBe('peertube.example:8443');
    expect(out.Digest).toBe(`SHA-256=${createHash('sha256').update(body, 'utf8').digest('base64')}`);
    expect(out.Signature).toMatch(
      /^keyId="http:\/\/localhost:8799\/accounts\/alice#main-key",algorithm="rsa-sha256",headers="\(request-target\) host date digest",signature="[A-Za-z0-9+/]+=*"$/,
    );
    const signingString = [
      '(request-target): post /accounts/root/inbox',
      'host: peertube.example:8443',
      'date: Thu, 26 Nov 2026 16:08:03 GMT',
      `digest: ${out.Digest}`,
    ].join('\n');
    expect(nodeVerifies(signingString, out.Signature)).toBe(true);
  });

  it('signs a GET over (request-target) host date, query string included, with no Digest', async () => {
    const out = await signRequest({ method: 'GET', url: 'https://peertube.example/accounts/root/outbox?page=2#frag', keyId, privateKeyPem, now });
    expect(out.Digest).toBeUndefined();
    expect(out.Host).toBe('peertube.example');
    expect(parseSignatureHeader(out.Signature)?.headers).toEqual(['(request-target)', 'host', 'date']);
    const lines = (target: string) => [`(request-target): get ${target}`, 'host: peertube.example', `date: ${out.Date}`].join('\n');
    expect(nodeVerifies(lines('/accounts/root/outbox?page=2'), out.Signature)).toBe(true);
    expect(nodeVerifies(lines('/accounts/root/outbox'), out.Signature)).toBe(false);
  });

  it('reuses a Date already on the request, and gives a bodiless POST the empty-body Digest', async () => {
    const date = 'Wed, 25 Nov 2026 10:00:00 GMT';
    const out = await signRequest({ method: 'POST', url: 'https://a.example/inbox', headers: { Date: date }, keyId, privateKeyPem, now });
    expect(out.Date).toBe(date);
    expect(out.Digest).toBe('SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
  });

  it('hashes byte bodies exactly', async () => {
    const bytes = new Uint8Array([0, 255, 1, 254]);
    const out = await signRequest({ method: 'POST', url: 'https://a.example/inbox', body: bytes, keyId, privateKeyPem, now });
    expect(out.Digest).toBe(`SHA-256=${createHash('sha256').update(bytes).digest('base64')}`);
  });
});

describe('Digest', () => {
  it('matches what PeerTube sent in a captured fixture', async () => {
    const f = JSON.parse(readFileSync(new URL('create-video-from-peertube.json', FIXTURES), 'utf8')) as {
      body: string;
      headers: { digest: string };
    };
    expect(await digestHeader(f.body)).toBe(f.headers.digest);
    expect(await verifyDigest(f.headers.digest, f.body)).toBe(true);
  });

  it('accepts any case and a list of digests, and requires every SHA-256 entry to match', async () => {
    const body = 'abc';
    const value = (await digestHeader(body)).slice('SHA-256='.length);
    expect(await verifyDigest(`sha-256=${value}`, body)).toBe(true);
    expect(await verifyDigest(`SHA-512=AAAA, Sha-256=${value}`, body)).toBe(true);
    expect(await verifyDigest(`SHA-256=${value},SHA-256=AAAA`, body)).toBe(false);
    expect(await checkDigest(`SHA-256=${value}`, 'abd')).toBe('mismatch');
    expect(await checkDigest('SHA-512=AAAA', body)).toBe('unsupported');
    expect(await checkDigest(undefined, body)).toBe('unsupported');
    expect(await verifyDigest('', body)).toBe(false);
  });
});
