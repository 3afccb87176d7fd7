/**
 * Verifies incoming draft-cavage HTTP signatures (PeerTube, Mastodon and most of the fediverse).
 *
 * Rules, after PeerTube's `parseHTTPSignature` and Mastodon's SignatureVerification:
 * - `(request-target)` and `host` are signed, and `date` or `(created)`; requests with a
 *   body (anything but GET and HEAD) also sign `digest`, and the Digest matches the raw body.
 * - `Date` / `(created)` lie within ±maxSkewSeconds of now (PeerTube allows 1800 s).
 * - algorithm is `rsa-sha256` or `hs2019` (read as RSASSA-PKCS1-v1_5 SHA-256, as Mastodon does).
 * - When the URL has a query, the signature is checked with it first, then without it:
 *   PeerTube's signer signs `pathname` only (server/core/helpers/requests.ts), Mastodon ≥ 4.3
 *   signs the query (mastodon/mastodon#28476).
 */
import { isHttpUrl, sameOrigin } from '../as-values';
import { base64ToBytes, utf8 } from './base64';
import { checkDigest, type BodyBytes } from './digest';
import { importPublicKey, RSA_SHA256 } from './keys';
import { parseSignatureHeader, type SignatureParams } from './signature-header';
import { buildSigningString, MissingComponentError, normalizeHeaders, requestTarget, type HeadersInput } from './signing-string';

export { parseSignatureHeader, type SignatureParams } from './signature-header';

export type ResolvedKey = {
  publicKeyPem: string;
  /** The actor that owns the key, after the resolver checked that this actor lists the key. */
  owner: string;
};

export type KeyResolvers = {
  /** Returns the key for a keyId (a bare actor URL, or `<actor>#main-key`); may use a cache. */
  resolveKey: (keyId: string) => Promise<ResolvedKey | null>;
  /** Bypasses the cache. Called once when the signature does not verify (the key may have rotated). */
  refetchKey?: (keyId: string) => Promise<ResolvedKey | null>;
};

export type VerifyRequestInput = {
  method: string;
  /** Absolute URL of the request (workerd's `request.url`), or a path with its query (Node's `req.url`). */
  url: string | URL;
  headers: HeadersInput;
  /** The exact body bytes received. Absent means empty. */
  rawBody?: BodyBytes;
  now?: Date | number;
  maxSkewSeconds?: number;
};

export type VerifyFailureReason =
  | 'missing_signature'
  | 'rfc9421_unsupported'
  | 'malformed_signature'
  | 'unsupported_algorithm'
  | 'missing_digest'
  | 'unsigned_component'
  | 'missing_header'
  | 'invalid_date'
  | 'date_out_of_range'
  | 'signature_expired'
  | 'unsupported_digest'
  | 'digest_mismatch'
  | 'unsupported_key_id'
  | 'key_not_found'
  | 'invalid_key'
  | 'key_owner_mismatch'
  | 'invalid_signature';

export type VerifyFailure = { ok: false; reason: VerifyFailureReason; status: 400 | 401 | 403; detail: string };

export type VerifySuccess = {
  ok: true;
  keyId: string;
  /** The signer: the key's owner (for PeerTube and Mastodon, keyId without its fragment). */
  actorUrl: string;
  signedHeaders: string[];
  /** Whether the verified `(request-target)` carried the query string (false for PeerTube's form). */
  queryInTarget: boolean;
  /** True when the cached key failed and the refetched one verified. */
  keyRefetched: boolean;
};

export type VerifyResult = VerifySuccess | VerifyFailure;

const DEFAULT_MAX_SKEW_SECONDS = 1800;

/**
 * Checks the signature, Date and Digest of a request. Status 400 means a malformed or
 * under-signed request, 401 a signature that does not authenticate, and 403 a key that
 * does not belong to the origin of its keyId. Errors thrown by the resolvers propagate.
 *
 * @example
 * const result = await verifyRequest(
 *   { method: req.method, url: req.url, headers: req.headers, rawBody: await req.arrayBuffer() },
 *   { resolveKey: (id) => actorKeys.get(db, id), refetchKey: (id) => actorKeys.refresh(db, id) },
 * );
 * if (!result.ok) throw new ApiError(result.status, result.reason, result.detail);
 */
export async function verifyRequest(input: VerifyRequestInput, keys: KeyResolvers): Promise<VerifyResult> {
  const method = input.method.toUpperCase();
  const headers = normalizeHeaders(input.headers);
  const url = typeof input.url === 'string' ? new URL(input.url, `http://${headers.get('host') ?? 'host.invalid'}`) : input.url;
  // HTTP/2 has :authority instead of Host; the URL carries the same value.
  if (!headers.has('host')) headers.set('host', url.host);
  const hasBody = method !== 'GET' && method !== 'HEAD';

  if (headers.has('signature-input')) {
    return fail('rfc9421_unsupported', 401, 'RFC 9421 signatures are not supported; sign with draft-cavage');
  }
  const authorization = headers.get('authorization');
  const header = headers.get('signature') ?? (authorization && /^signature\s/i.test(authorization) ? authorization : undefined);
  if (!header) return fail('missing_signature', 401, 'no Signature header');
  const params = parseSignatureHeader(header);
  if (!params) return fail('malformed_signature', 400, 'the Signature header cannot be parsed');
  let signature: Uint8Array<ArrayBuffer>;
  try {
    signature = base64ToBytes(params.signature);
  } catch {
    return fail('malformed_signature', 400, 'the signature is not base64');
  }
  if (params.algorithm !== undefined && params.algorithm !== 'rsa-sha256' && params.algorithm !== 'hs2019') {
    return fail('unsupported_algorithm', 400, `algorithm "${params.algorithm}" is not supported`);
  }

  if (hasBody && !headers.has('digest')) return fail('missing_digest', 400, `a ${method} request needs a Digest header`);
  const unsigned = missingRequiredComponents(params.headers, hasBody);
  if (unsigned) return fail('unsigned_component', 400, unsigned);
  const absent = params.headers.find((h) => !isAvailable(h, params, headers));
  if (absent) return fail('missing_header', 400, `signed component "${absent}" is missing from the request`);

  const timeFailure = checkTime(params, headers, input.now, input.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS);
  if (timeFailure) return timeFailure;

  if (hasBody || params.headers.includes('digest')) {
    const digest = await checkDigest(headers.get('digest'), input.rawBody ?? '');
    if (digest === 'unsupported') return fail('unsupported_digest', 400, 'the Digest header has no SHA-256 value');
    if (digest === 'mismatch') return fail('digest_mismatch', 401, 'the Digest does not match the body');
  }

  if (!isHttpUrl(params.keyId)) return fail('unsupported_key_id', 400, 'keyId must be an http(s) URL');

  // Candidate signing strings; a missing component cannot occur past the checks above. The host is the
  // received Host header, then the URL's host when a proxy in front of us rewrote one of them (miniflare's
  // dispatchFetch does): both name this server, which is all that signing `host` is meant to pin.
  const hosts = [...new Set([headers.get('host') as string, url.host])];
  const candidates = hosts.flatMap((host) =>
    (url.search ? [true, false] : [true]).map((withQuery) => ({
      withQuery,
      data: utf8(
        buildSigningString(params.headers, {
          method,
          target: requestTarget(url, withQuery),
          headers: new Map(headers).set('host', host),
          params,
        }),
      ),
    })),
  );

  const attempt = async (key: ResolvedKey): Promise<VerifyFailure | { withQuery: boolean } | null> => {
    if (!sameOrigin(key.owner, params.keyId)) {
      return fail('key_owner_mismatch', 403, `key ${params.keyId} is owned by ${key.owner}, on another origin`);
    }
    let cryptoKey: CryptoKey;
    try {
      cryptoKey = await importPublicKey(key.publicKeyPem);
    } catch (err) {
      return fail('invalid_key', 401, (err as Error).message);
    }
    for (const c of candidates) {
      if (await crypto.subtle.verify(RSA_SHA256, cryptoKey, signature, c.data)) return { withQuery: c.withQuery };
    }
    return null;
  };

  const key = await keys.resolveKey(params.keyId);
  if (!key) return fail('key_not_found', 401, `no key found for ${params.keyId}`);
  let outcome = await attempt(key);
  let keyRefetched = false;
  let owner = key.owner;
  if (outcome === null && keys.refetchKey) {
    const fresh = await keys.refetchKey(params.keyId);
    if (fresh && fresh.publicKeyPem !== key.publicKeyPem) {
      outcome = await attempt(fresh);
      keyRefetched = true;
      owner = fresh.owner;
    }
  }
  if (outcome === null) return fail('invalid_signature', 401, `the signature does not verify with the key of ${params.keyId}`);
  if ('ok' in outcome) return outcome;
  return {
    ok: true,
    keyId: params.keyId,
    actorUrl: owner,
    signedHeaders: params.headers,
    queryInTarget: outcome.withQuery && url.search !== '',
    keyRefetched,
  };
}

function isAvailable(component: string, params: SignatureParams, headers: Map<string, string>): boolean {
  if (component === '(request-target)') return true;
  if (component === '(created)') return params.created !== undefined;
  if (component === '(expires)') return params.expires !== undefined;
  return headers.has(component); // other pseudo-headers, such as (keyid), are not supported
}

function missingRequiredComponents(signed: string[], hasBody: boolean): string | null {
  const required = ['(request-target)', 'host', ...(hasBody ? ['digest'] : [])];
  const missing = required.filter((h) => !signed.includes(h));
  if (!signed.includes('date') && !signed.includes('(created)')) missing.push('date or (created)');
  return missing.length ? `the signature must cover ${missing.join(', ')}` : null;
}

function checkTime(params: SignatureParams, headers: Map<string, string>, now: Date | number | undefined, maxSkewSeconds: number): VerifyFailure | null {
  const nowMs = now === undefined ? Date.now() : +now;
  const skewMs = maxSkewSeconds * 1000;
  if (params.headers.includes('date')) {
    const date = Date.parse(headers.get('date') ?? '');
    if (Number.isNaN(date)) return fail('invalid_date', 400, 'the Date header cannot be parsed');
    if (Math.abs(nowMs - date) > skewMs) {
      return fail('date_out_of_range', 401, `Date is ${Math.round((nowMs - date) / 1000)} s from now; at most ${maxSkewSeconds} s allowed`);
    }
  }
  if (params.headers.includes('(created)')) {
    const created = Number(params.created) * 1000;
    if (Math.abs(nowMs - created) > skewMs) return fail('date_out_of_range', 401, '(created) is outside the allowed window');
  }
  if (params.expires !== undefined && Number(params.expires) * 1000 < nowMs) {
    return fail('signature_expired', 401, 'the signature has expired');
  }
  return null;
}

function fail(reason: VerifyFailureReason, status: VerifyFailure['status'], detail: string): VerifyFailure {
  return { ok: false, reason, status, detail };
}
