import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { decryptPrivateKey, encryptPrivateKey, generateActorKeyPair, importPrivateKey, importPublicKey, KeyDecryptionError, type ActorKeyPair } from './keys';
import { signRequest } from './sign';
import { verifyRequest } from './verify';

const SECRET = 'test-kek-0123456789abcdef0123456789abcdef';

describe('actor keys', () => {
  let pair: ActorKeyPair;
  beforeAll(async () => {
    pair = await generateActorKeyPair();
  });

  it('generates RSA-2048 as SPKI and PKCS#8 PEM', () => {
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n([A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END PUBLIC KEY-----\n$/);
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    const pub = createPublicKey(pair.publicKeyPem);
    expect(pub.asymmetricKeyType).toBe('rsa');
    expect(pub.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(pub.asymmetricKeyDetails?.publicExponent).toBe(65537n);
    expect(createPublicKey(createPrivateKey(pair.privateKeyPem)).export({ type: 'spki', format: 'pem' })).toBe(pair.publicKeyPem);
  });

  it('encrypts and decrypts a private key', async () => {
    const blob = await encryptPrivateKey(pair.privateKeyPem, SECRET);
    expect(blob).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(blob).not.toContain('PRIVATE KEY');
    expect(await decryptPrivateKey(blob, SECRET)).toBe(pair.privateKeyPem);
    // A fresh IV every time.
    expect(await encryptPrivateKey(pair.privateKeyPem, SECRET)).not.toBe(blob);
  });

  it('fails clearly with the wrong secret', async () => {
    const blob = await encryptPrivateKey(pair.privateKeyPem, SECRET);
    const attempt = decryptPrivateKey(blob, `${SECRET}x`);
    await expect(attempt).rejects.toBeInstanceOf(KeyDecryptionError);
    await expect(decryptPrivateKey(blob, 'other')).rejects.toThrow(/wrong key-encryption secret/);
  });

  it('fails on a damaged blob, an unknown format, or an empty secret', async () => {
    const blob = await encryptPrivateKey(pair.privateKeyPem, SECRET);
    const [v, iv, ct] = blob.split('.');
    const flipped = `${v}.${iv}.${ct[0] === 'A' ? 'B' : 'A'}${ct.slice(1)}`;
    await expect(decryptPrivateKey(flipped, SECRET)).rejects.toThrow(/damaged/);
    await expect(decryptPrivateKey(`v2.${iv}.${ct}`, SECRET)).rejects.toThrow(/unknown format/);
    await expect(decryptPrivateKey(pair.privateKeyPem, SECRET)).rejects.toThrow(/unknown format/);
    await expect(encryptPrivateKey(pair.privateKeyPem, '')).rejects.toThrow(/empty/);
  });

  it('binds associated data when given', async () => {
    const ad = { associatedData: 'https://edge.example/accounts/alice' };
    const blob = await encryptPrivateKey(pair.privateKeyPem, SECRET, ad);
    expect(await decryptPrivateKey(blob, SECRET, ad)).toBe(pair.privateKeyPem);
    await expect(decryptPrivateKey(blob, SECRET)).rejects.toBeInstanceOf(KeyDecryptionError);
    await expect(decryptPrivateKey(blob, SECRET, { associatedData: 'https://edge.example/accounts/bob' })).rejects.toBeInstanceOf(KeyDecryptionError);
  });

  it('signs with a decrypted generated key, and the signature verifies', async () => {
    const privateKeyPem = await decryptPrivateKey(await encryptPrivateKey(pair.privateKeyPem, SECRET), SECRET);
    const url = 'https://remote.example/inbox';
    const body = '{"type":"Like"}';
    const now = Date.UTC(2026, 10, 26, 12);
    const headers = await signRequest({ method: 'POST', url, body, keyId: 'https://edge.example/accounts/alice#main-key', privateKeyPem, now });
    const resolveKey = async () => ({ publicKeyPem: pair.publicKeyPem, owner: 'https://edge.example/accounts/alice' });
    const result = await verifyRequest({ method: 'POST', url, headers, rawBody: body, now }, { resolveKey });
    expect(result).toMatchObject({ ok: true, actorUrl: 'https://edge.example/accounts/alice' });
  });

  it('imports PKCS#1 PEMs (RSA PUBLIC KEY / RSA PRIVATE KEY) that some servers publish', async () => {
    const pub = createPublicKey(pair.publicKeyPem).export({ type: 'pkcs1', format: 'pem' }) as string;
    const priv = createPrivateKey(pair.privateKeyPem).export({ type: 'pkcs1', format: 'pem' }) as string;
    expect(pub).toContain('BEGIN RSA PUBLIC KEY');
    const data = new TextEncoder().encode('hello');
    const sig = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', await importPrivateKey(priv), data);
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', await importPublicKey(pub), sig, data)).toBe(true);
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', await importPublicKey(pair.publicKeyPem), sig, data)).toBe(true);
  });

  it('caches imports per PEM', async () => {
    expect(await importPublicKey(pair.publicKeyPem)).toBe(await importPublicKey(pair.publicKeyPem));
    expect(await importPrivateKey(pair.privateKeyPem)).toBe(await importPrivateKey(pair.privateKeyPem));
  });

  it('rejects garbage, non-RSA and tiny keys with a clear error', async () => {
    await expect(importPublicKey('not a key')).rejects.toThrow(/not a PEM public key/);
    await expect(importPublicKey(pair.privateKeyPem)).rejects.toThrow(/not a PEM public key|unsupported PEM label/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    await expect(importPublicKey(ec)).rejects.toThrow(/cannot import RSA public key/);
    const tiny = generateKeyPairSync('rsa', { modulusLength: 512 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    await expect(importPublicKey(tiny)).rejects.toThrow(/512 bits is too small/);
  });
});
