/**
 * The draft-cavage `Signature` header: parse and format.
 * https://datatracker.ietf.org/doc/html/draft-cavage-http-signatures-12#section-4.1
 */

export type SignatureParams = {
  keyId: string;
  /** Lower-cased; absent when the sender left it out (then it means hs2019). */
  algorithm?: string;
  /** Lower-cased component names, in signing order. */
  headers: string[];
  /** Base64. */
  signature: string;
  created?: string;
  expires?: string;
};

const KNOWN_PARAMS = new Set(['keyid', 'algorithm', 'headers', 'signature', 'created', 'expires']);

/**
 * Parses a `Signature` header value, or an `Authorization: Signature …` value.
 * A leading `Signature ` scheme is stripped: old PeerTube (< 2.2, http-signature < 1.3)
 * put it in the `Signature` header too (Chocobozzz/PeerTube#3075). Returns null when
 * the value is malformed or lacks `keyId` or `signature`.
 *
 * @example
 * parseSignatureHeader('keyId="https://a.example/accounts/x",algorithm="rsa-sha256",headers="(request-target) host date",signature="…"')
 */
export function parseSignatureHeader(value: string | null | undefined): SignatureParams | null {
  if (!value) return null;
  const raw = parseParams(value.trim().replace(/^signature\s+/i, ''));
  if (!raw || !raw.keyid || !raw.signature) return null;
  if (raw.created !== undefined && !/^\d+$/.test(raw.created)) return null;
  if (raw.expires !== undefined && !/^\d+(\.\d+)?$/.test(raw.expires)) return null;
  const headers = (raw.headers ?? 'date').trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (headers.length === 0) return null;
  return {
    keyId: raw.keyid,
    algorithm: raw.algorithm?.toLowerCase(),
    headers,
    signature: raw.signature,
    created: raw.created,
    expires: raw.expires,
  };
}

/** Formats the header value the way PeerTube and Mastodon send it (no scheme prefix). */
export function formatSignatureHeader(params: Omit<SignatureParams, 'created' | 'expires'>): string {
  const parts = [`keyId="${params.keyId}"`];
  if (params.algorithm) parts.push(`algorithm="${params.algorithm}"`);
  parts.push(`headers="${params.headers.join(' ')}"`, `signature="${params.signature}"`);
  return parts.join(',');
}

/** `name="quoted value"` or `name=token` pairs separated by commas. Unknown names are kept but ignored. */
function parseParams(input: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  let i = 0;
  const skipSpace = () => {
    while (i < input.length && (input[i] === ' ' || input[i] === '\t')) i++;
  };
  while (i < input.length) {
    skipSpace();
    const nameStart = i;
    while (i < input.length && /[A-Za-z0-9_-]/.test(input[i])) i++;
    const name = input.slice(nameStart, i).toLowerCase();
    skipSpace();
    if (!name || input[i] !== '=') return null;
    i++;
    skipSpace();
    let value: string;
    if (input[i] === '"') {
      const end = input.indexOf('"', i + 1);
      if (end < 0) return null;
      value = input.slice(i + 1, end);
      i = end + 1;
    } else {
      const start = i;
      while (i < input.length && input[i] !== ',') i++;
      value = input.slice(start, i).trim();
    }
    if (KNOWN_PARAMS.has(name) && name in out) return null; // a repeated parameter is ambiguous
    out[name] = value;
    skipSpace();
    if (i < input.length) {
      if (input[i] !== ',') return null;
      i++;
    }
  }
  return out;
}
