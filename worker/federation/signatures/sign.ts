/**
 * Signs outgoing ActivityPub requests with draft-cavage `rsa-sha256`, the way
 * PeerTube and Mastodon expect (peertube-compat.md, "Signatures").
 */
import { bytesToBase64, utf8 } from './base64';
import { digestHeader, type BodyBytes } from './digest';
import { importPrivateKey, RSA_SHA256 } from './keys';
import { formatSignatureHeader } from './signature-header';
import { buildSigningString, normalizeHeaders, requestTarget, type HeadersInput } from './signing-string';

export type SignRequestInput = {
  method: string;
  url: string | URL;
  /** Headers already on the request. Only `date` is read: when present it is signed as is. */
  headers?: HeadersInput;
  /** The exact bytes that will be sent. Requests other than GET and HEAD always get a Digest. */
  body?: BodyBytes;
  /** Our actor's key id, `<actor url>#main-key`. */
  keyId: string;
  privateKeyPem: string;
  now?: Date | number;
};

/** Headers to set on the request. They override any of the same name. */
export type SignatureHeaders = {
  Date: string;
  Host: string;
  Digest?: string;
  Signature: string;
};

/**
 * Signs `(request-target) host date digest` for requests with a body and
 * `(request-target) host date` for GET. The `(request-target)` includes the query
 * string, as the draft says and Mastodon ≥ 4.3 does; PeerTube verifies against
 * `req.url`, which has the query too.
 *
 * @example
 * const body = JSON.stringify(activity);
 * const extra = await signRequest({ method: 'POST', url: inbox, body, keyId, privateKeyPem });
 * await fetch(inbox, { method: 'POST', body, headers: { 'content-type': 'application/activity+json', ...extra } });
 */
export async function signRequest(input: SignRequestInput): Promise<SignatureHeaders> {
  const url = typeof input.url === 'string' ? new URL(input.url) : input.url;
  const method = input.method.toUpperCase();
  const given = normalizeHeaders(input.headers);

  const out: SignatureHeaders = {
    Date: given.get('date') ?? new Date(input.now ?? Date.now()).toUTCString(),
    // URL.host omits a default port, as fetch does when it writes Host.
    Host: url.host,
    Signature: '',
  };
  const components = ['(request-target)', 'host', 'date'];
  if (input.body !== undefined || (method !== 'GET' && method !== 'HEAD')) {
    out.Digest = await digestHeader(input.body ?? '');
    components.push('digest');
  }

  const headers = new Map([
    ['host', out.Host],
    ['date', out.Date],
  ]);
  if (out.Digest) headers.set('digest', out.Digest);
  const signingString = buildSigningString(components, { method, target: requestTarget(url, true), headers });

  const key = await importPrivateKey(input.privateKeyPem);
  const signature = await crypto.subtle.sign(RSA_SHA256, key, utf8(signingString));
  out.Signature = formatSignatureHeader({
    keyId: input.keyId,
    algorithm: 'rsa-sha256',
    headers: components,
    signature: bytesToBase64(signature),
  });
  return out;
}
