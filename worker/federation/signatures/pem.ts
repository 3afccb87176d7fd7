/**
 * PEM ⇄ DER for RSA keys. WebCrypto imports only SPKI and PKCS#8, so the
 * older PKCS#1 forms (`RSA PUBLIC KEY`, `RSA PRIVATE KEY`), which some
 * fediverse software still publishes, are wrapped into those first.
 */
import { concatBytes } from '../../crypto/encoding';
import { base64ToBytes, bytesToBase64 } from './base64';

export type KeyDer = { format: 'spki' | 'pkcs8'; der: Uint8Array<ArrayBuffer> };

const PEM_RE = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

// AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }
const RSA_ALGORITHM_ID = new Uint8Array([0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]);

/** Parses one PEM block into DER plus the WebCrypto import format it needs. */
export function pemToDer(pem: string, kind: 'public' | 'private'): KeyDer {
  const match = PEM_RE.exec(pem);
  if (!match) throw new Error(`not a PEM ${kind} key`);
  const label = match[1];
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = base64ToBytes(match[2]);
  } catch {
    throw new Error(`PEM ${kind} key has an invalid base64 body`);
  }
  if (kind === 'public') {
    if (label === 'PUBLIC KEY') return { format: 'spki', der: body };
    if (label === 'RSA PUBLIC KEY') return { format: 'spki', der: wrapPkcs1Public(body) };
  } else {
    if (label === 'PRIVATE KEY') return { format: 'pkcs8', der: body };
    if (label === 'RSA PRIVATE KEY') return { format: 'pkcs8', der: wrapPkcs1Private(body) };
  }
  throw new Error(`unsupported PEM label "${label}" for a ${kind} key`);
}

export function derToPem(der: ArrayBuffer | Uint8Array, label: 'PUBLIC KEY' | 'PRIVATE KEY'): string {
  const lines = bytesToBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

// SubjectPublicKeyInfo ::= SEQUENCE { algorithm, BIT STRING (0 unused bits ‖ RSAPublicKey) }
function wrapPkcs1Public(pkcs1: Uint8Array): Uint8Array<ArrayBuffer> {
  const bitString = tlv(0x03, concatBytes([new Uint8Array([0x00]), pkcs1]));
  return tlv(0x30, concatBytes([RSA_ALGORITHM_ID, bitString]));
}

// PrivateKeyInfo ::= SEQUENCE { version 0, algorithm, OCTET STRING (RSAPrivateKey) } (RFC 5208)
function wrapPkcs1Private(pkcs1: Uint8Array): Uint8Array<ArrayBuffer> {
  const version = new Uint8Array([0x02, 0x01, 0x00]);
  return tlv(0x30, concatBytes([version, RSA_ALGORITHM_ID, tlv(0x04, pkcs1)]));
}

function tlv(tag: number, value: Uint8Array): Uint8Array<ArrayBuffer> {
  return concatBytes([new Uint8Array([tag]), derLength(value.length), value]);
}

function derLength(length: number): Uint8Array<ArrayBuffer> {
  if (length < 0x80) return new Uint8Array([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return new Uint8Array([0x80 | bytes.length, ...bytes]);
}
