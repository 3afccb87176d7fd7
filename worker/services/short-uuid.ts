/**
 * PeerTube's shortUUID: the uuid's 128 bits written in base58 with the Flickr alphabet,
 * left-padded to 22 characters, as the `short-uuid` package does (`consistentLength`).
 *
 * @example uuidToShort('35e92bfa-8c2d-47b9-ac3e-bcc012d6bfb6') // '7E7BEuKR395ceiKgK2yXEN'
 */
const ALPHABET = '123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const BASE = BigInt(ALPHABET.length);
const SHORT_LENGTH = 22;
const MAX = (1n << 128n) - 1n;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

export function uuidToShort(uuid: string): string {
  let n = BigInt(`0x${uuid.replace(/-/g, '')}`);
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % BASE)] + out;
    n /= BASE;
  }
  return out.padStart(SHORT_LENGTH, ALPHABET[0]);
}

/** The uuid a shortUUID stands for, or null when it is not one. */
export function shortToUuid(short: string): string | null {
  if (short.length === 0 || short.length > SHORT_LENGTH) return null;
  let n = 0n;
  for (const ch of short) {
    const digit = ALPHABET.indexOf(ch);
    if (digit < 0) return null;
    n = n * BASE + BigInt(digit);
  }
  if (n > MAX) return null;
  const hex = n.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type VideoIdRef = { kind: 'id'; id: number } | { kind: 'uuid'; uuid: string };

/**
 * Parses a video id as PeerTube accepts it: a positive integer, a uuid or a shortUUID.
 * Returns null for anything else (the caller answers 400 invalid-params).
 */
export function parseVideoId(value: string): VideoIdRef | null {
  if (/^\d{1,15}$/.test(value)) {
    const id = Number(value);
    return id > 0 ? { kind: 'id', id } : null;
  }
  if (isUuid(value)) return { kind: 'uuid', uuid: value.toLowerCase() };
  // A shortUUID is only ever made of 22 characters (left-padded); shorter strings are ids of nothing.
  if (value.length !== SHORT_LENGTH) return null;
  const uuid = shortToUuid(value);
  return uuid ? { kind: 'uuid', uuid } : null;
}
