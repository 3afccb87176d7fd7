/**
 * The `Digest` header of RFC 3230 with SHA-256, as PeerTube and Mastodon send it:
 * `Digest: SHA-256=<base64 of sha256(raw body)>`.
 */
import { bytesToBase64, utf8 } from './base64';

export type BodyBytes = string | Uint8Array<ArrayBuffer> | ArrayBuffer;

/** What {@link checkDigest} found. */
export type DigestCheck = 'ok' | 'mismatch' | 'unsupported';

/**
 * Builds the Digest header value for a body. A string body is hashed as UTF-8.
 *
 * @example
 * await digestHeader('{"type":"Follow"}') // 'SHA-256=…'
 */
export async function digestHeader(body: BodyBytes): Promise<string> {
  return `SHA-256=${await sha256Base64(body)}`;
}

/**
 * True when the header carries a SHA-256 digest equal to the hash of the raw body.
 * The algorithm name is case-insensitive, and the header may list several
 * comma-separated digests (RFC 3230, section 4.3.2); every SHA-256 one must match.
 */
export async function verifyDigest(header: string | null | undefined, rawBody: BodyBytes): Promise<boolean> {
  return (await checkDigest(header, rawBody)) === 'ok';
}

/** Like {@link verifyDigest}, but tells a wrong digest from one that has no SHA-256 entry. */
export async function checkDigest(header: string | null | undefined, rawBody: BodyBytes): Promise<DigestCheck> {
  const claimed = sha256Entries(header ?? '');
  if (claimed.length === 0) return 'unsupported';
  const actual = await sha256Base64(rawBody);
  return claimed.every((value) => value === actual) ? 'ok' : 'mismatch';
}

function sha256Entries(header: string): string[] {
  const values: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    // The value is base64, so it can itself end in '='; split at the first one only.
    if (part.slice(0, eq).trim().toLowerCase() === 'sha-256') values.push(part.slice(eq + 1).trim());
  }
  return values;
}

async function sha256Base64(body: BodyBytes): Promise<string> {
  const bytes = typeof body === 'string' ? utf8(body) : body;
  return bytesToBase64(await crypto.subtle.digest('SHA-256', bytes));
}
