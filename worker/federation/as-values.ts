/**
 * Readers of ActivityStreams values in documents from other servers: one module, so that every
 * remote object (activity, actor, video) is read with the same limits. Each reader answers null
 * for a value it will not take, never throws.
 */

/** PeerTube's CONSTRAINTS_FIELDS.*.URL (server/core/initializers/constants.ts): 2,000 characters, checked by isActivityPubUrlValid. */
export const MAX_URL_LENGTH = 2000;

export type AsObject = Record<string, unknown>;

export const isObject = (v: unknown): v is AsObject => !!v && typeof v === 'object' && !Array.isArray(v);

/** A non-empty string of at most `max` characters. */
export const readString = (v: unknown, max: number): string | null => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : null);

/** A non-empty string, cut to its first `max` characters (for display text, where a long value is kept in part). */
export const readTruncated = (v: unknown, max: number): string | null => (typeof v === 'string' && v.length > 0 ? v.slice(0, max) : null);

export const readNumber = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** AS2 allows one value where a list is meant: a list either way, empty for none. */
export const readArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** An absolute http(s) URL, as PeerTube's isUrlValid + the length limit. */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) return false;
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

export const readHttpUrl = (v: unknown): string | null => (isHttpUrl(v) ? v : null);

/** The id of a value that is either a URL or an object with an `id` (AS2 allows both). */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.id === 'string') return value.id;
  return undefined;
}

/**
 * The origin (scheme, host, port) of a URL; null when it is not one, or when its origin is
 * opaque (`urn:`, `data:`, `file:`…, which URL spells "null" and which equals no other origin).
 */
export function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** Whether two URLs share an origin; never for a value that is not a URL (two nulls are not one origin). */
export function sameOrigin(a: string, b: string): boolean {
  const origin = originOf(a);
  return origin !== null && origin === originOf(b);
}
