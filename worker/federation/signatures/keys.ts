/**
 * Actor key pairs: generation, encryption at rest, and import to CryptoKey.
 *
 * Private keys are stored encrypted with a key-encryption secret (design.md,
 * decision 7): AES-256-GCM under a key derived from the secret with HKDF-SHA256,
 * serialised as `v1.<iv b64url>.<ciphertext+tag b64url>`.
 */
import { base64UrlToBytes, bytesToBase64Url, utf8 } from './base64';
import { derToPem, pemToDer } from './pem';

/** RSASSA-PKCS1-v1_5 with SHA-256: what draft-cavage calls `rsa-sha256`. */
export const RSA_SHA256: RsaHashedImportParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

export type ActorKeyPair = { publicKeyPem: string; privateKeyPem: string };

/** Thrown when an encrypted private key cannot be opened. */
export class KeyDecryptionError extends Error {
  override name = 'KeyDecryptionError';
}

/**
 * Makes an RSA-2048 key pair for an actor, as PEM (SPKI public, PKCS#8 private).
 *
 * @example
 * const { publicKeyPem, privateKeyPem } = await generateActorKeyPair();
 * const stored = await encryptPrivateKey(privateKeyPem, config.keyEncryptionSecret);
 */
export async function generateActorKeyPair(): Promise<ActorKeyPair> {
  const pair = (await crypto.subtle.generateKey({ ...RSA_SHA256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const [spki, pkcs8] = await Promise.all([
    crypto.subtle.exportKey('spki', pair.publicKey) as Promise<ArrayBuffer>,
    crypto.subtle.exportKey('pkcs8', pair.privateKey) as Promise<ArrayBuffer>,
  ]);
  return { publicKeyPem: derToPem(spki, 'PUBLIC KEY'), privateKeyPem: derToPem(pkcs8, 'PRIVATE KEY') };
}

// ---------------------------------------------------------------------------
// Encryption at rest

const BLOB_VERSION = 'v1';
const IV_BYTES = 12;
// A fixed salt is fine for HKDF when the input is a high-entropy secret (RFC 5869, section 3.1);
// the info string separates this use of the secret from any other.
const HKDF_SALT = utf8('edgetube/actor-private-key');
const HKDF_INFO = utf8('edgetube actor private key v1 aes-256-gcm');

export type KeyEncryptionOptions = {
  /** Optional context bound to the ciphertext (e.g. the actor URL); the same value is needed to decrypt. */
  associatedData?: string;
};

/** Encrypts a private key PEM with the key-encryption secret. Returns `v1.<iv>.<ciphertext>`. */
export async function encryptPrivateKey(privateKeyPem: string, kekSecret: string, options: KeyEncryptionOptions = {}): Promise<string> {
  const key = await deriveKek(kekSecret);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(gcmParams(iv, options), key, utf8(privateKeyPem));
  return `${BLOB_VERSION}.${bytesToBase64Url(iv)}.${bytesToBase64Url(ciphertext)}`;
}

/** Opens a blob made by {@link encryptPrivateKey}. Throws {@link KeyDecryptionError} on a wrong secret or a damaged blob. */
export async function decryptPrivateKey(blob: string, kekSecret: string, options: KeyEncryptionOptions = {}): Promise<string> {
  const parts = blob.split('.');
  if (parts.length !== 3 || parts[0] !== BLOB_VERSION) {
    throw new KeyDecryptionError(`encrypted private key has an unknown format (expected "${BLOB_VERSION}.<iv>.<ciphertext>")`);
  }
  let iv: Uint8Array<ArrayBuffer>;
  let ciphertext: Uint8Array<ArrayBuffer>;
  try {
    iv = base64UrlToBytes(parts[1]);
    ciphertext = base64UrlToBytes(parts[2]);
  } catch {
    throw new KeyDecryptionError('encrypted private key is not valid base64url');
  }
  if (iv.length !== IV_BYTES) throw new KeyDecryptionError('encrypted private key has a bad IV length');
  const key = await deriveKek(kekSecret);
  try {
    const plain = await crypto.subtle.decrypt(gcmParams(iv, options), key, ciphertext);
    return new TextDecoder().decode(plain);
  } catch {
    throw new KeyDecryptionError('cannot decrypt private key: wrong key-encryption secret, wrong associated data, or a damaged blob');
  }
}

async function deriveKek(secret: string): Promise<CryptoKey> {
  if (!secret) throw new KeyDecryptionError('key-encryption secret is empty');
  const material = await crypto.subtle.importKey('raw', utf8(secret), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: HKDF_SALT, info: HKDF_INFO }, material, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
}

function gcmParams(iv: Uint8Array<ArrayBuffer>, options: KeyEncryptionOptions): AesGcmParams {
  return options.associatedData === undefined ? { name: 'AES-GCM', iv } : { name: 'AES-GCM', iv, additionalData: utf8(options.associatedData) };
}

// ---------------------------------------------------------------------------
// Import, with a small per-isolate cache.
//
// Only resolved CryptoKeys are cached (pure values). Pending promises are not
// shared, because workerd does not let a promise from one request settle in another.

const MAX_CACHED_KEYS = 256;
const MIN_RSA_BITS = 1024; // PeerTube in dev/test mode uses 1024-bit keys; production uses 2048.
const publicKeys = new Map<string, CryptoKey>();
const privateKeys = new Map<string, CryptoKey>();

/** Imports an RSA public key PEM (SPKI, or PKCS#1 `RSA PUBLIC KEY`) for `rsa-sha256` verification. */
export async function importPublicKey(pem: string): Promise<CryptoKey> {
  const cached = lookup(publicKeys, pem);
  if (cached) return cached;
  const { format, der } = pemToDer(pem, 'public');
  const key = await importRsa(format, der, 'verify');
  remember(publicKeys, pem, key);
  return key;
}

/** Imports an RSA private key PEM (PKCS#8, or PKCS#1 `RSA PRIVATE KEY`) for `rsa-sha256` signing. */
export async function importPrivateKey(pem: string): Promise<CryptoKey> {
  const cached = lookup(privateKeys, pem);
  if (cached) return cached;
  const { format, der } = pemToDer(pem, 'private');
  const key = await importRsa(format, der, 'sign');
  remember(privateKeys, pem, key);
  return key;
}

async function importRsa(format: 'spki' | 'pkcs8', der: Uint8Array<ArrayBuffer>, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey(format, der, RSA_SHA256, false, [usage]);
  } catch (err) {
    throw new Error(`cannot import RSA ${format === 'spki' ? 'public' : 'private'} key: ${(err as Error).message}`);
  }
  const bits = (key.algorithm as { modulusLength?: number }).modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) throw new Error(`RSA key of ${bits} bits is too small`);
  return key;
}

function lookup(cache: Map<string, CryptoKey>, pem: string): CryptoKey | undefined {
  const key = cache.get(pem);
  if (key) {
    // Refresh recency: Map iteration order is insertion order, so this makes it an LRU.
    cache.delete(pem);
    cache.set(pem, key);
  }
  return key;
}

function remember(cache: Map<string, CryptoKey>, pem: string, key: CryptoKey): void {
  if (cache.size >= MAX_CACHED_KEYS) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(pem, key);
}
