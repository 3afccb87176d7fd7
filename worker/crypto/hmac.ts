import { sha256Hex, toHex, fromHex, timingSafeEqual } from './encoding';

/**
 * HMAC-SHA256 request signing between the Worker and the companion, both ways
 * (design.md, decision 5). Signs method, path with query, a timestamp and the
 * body's SHA-256, so a captured request cannot be replayed after `maxSkewMs`
 * or reused for another path or body. Runs on WebCrypto: the Worker, the
 * companion and the scripts share this one file.
 */
export const HMAC_HEADERS = { timestamp: 'x-edgetube-timestamp', signature: 'x-edgetube-signature', bodySha256: 'x-edgetube-content-sha256' } as const;

const UNSIGNED_BODY = 'UNSIGNED-PAYLOAD';

/** HMAC-SHA256 of `message` under `secret` (both UTF-8). Compare MACs with `timingSafeEqual`. */
export async function hmacSha256(secret: string, message: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message)));
}

function canonical(method: string, url: string, timestamp: string, bodySha256: string) {
  const u = new URL(url);
  return `${method.toUpperCase()}\n${u.pathname}${u.search}\n${timestamp}\n${bodySha256}`;
}

/**
 * Headers that authenticate a request. `body` is hashed; pass `bodySha256: 'UNSIGNED-PAYLOAD'`
 * for streamed bodies (media parts), which are then covered by their own content checks.
 */
export async function signHmacRequest(
  secret: string,
  req: { method: string; url: string; body?: string | Uint8Array<ArrayBuffer>; unsignedBody?: boolean },
  now = Date.now(),
) {
  const timestamp = String(now);
  const bodySha256 = req.unsignedBody ? UNSIGNED_BODY : await sha256Hex(req.body ?? '');
  const mac = await hmacSha256(secret, canonical(req.method, req.url, timestamp, bodySha256));
  return { [HMAC_HEADERS.timestamp]: timestamp, [HMAC_HEADERS.bodySha256]: bodySha256, [HMAC_HEADERS.signature]: toHex(mac) };
}

export type HmacCheck = { ok: true } | { ok: false; reason: string };

/** Verifies a signed request. `body` is the raw body when the signer hashed it. */
export async function verifyHmacRequest(
  secret: string,
  req: { method: string; url: string; headers: Headers; body?: string | Uint8Array<ArrayBuffer> },
  options: { now?: number; maxSkewMs?: number; allowUnsignedBody?: boolean } = {},
): Promise<HmacCheck> {
  const timestamp = req.headers.get(HMAC_HEADERS.timestamp);
  const signature = req.headers.get(HMAC_HEADERS.signature);
  const bodySha256 = req.headers.get(HMAC_HEADERS.bodySha256);
  if (!timestamp || !signature || !bodySha256) return { ok: false, reason: 'missing signature headers' };
  const skew = Math.abs((options.now ?? Date.now()) - Number(timestamp));
  if (!Number.isFinite(skew) || skew > (options.maxSkewMs ?? 5 * 60_000)) return { ok: false, reason: 'stale timestamp' };
  if (bodySha256 === UNSIGNED_BODY) {
    if (!options.allowUnsignedBody) return { ok: false, reason: 'body must be signed' };
  } else if (bodySha256 !== (await sha256Hex(req.body ?? ''))) {
    return { ok: false, reason: 'body hash mismatch' };
  }
  let given: Uint8Array;
  try {
    given = fromHex(signature);
  } catch {
    return { ok: false, reason: 'malformed signature' };
  }
  const expected = await hmacSha256(secret, canonical(req.method, req.url, timestamp, bodySha256));
  return timingSafeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'bad signature' };
}
