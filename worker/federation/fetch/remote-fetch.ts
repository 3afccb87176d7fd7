/**
 * The one way federation code reads remote ActivityPub objects: signed GETs with
 * timeouts, a size limit, no private targets, and the `id`-origin check
 * (an object is only trusted from its own origin; Mastodon does the same).
 */
import { sameOrigin } from '../as-values';
import { signRequest } from '../signatures';
import { readBodyLimited } from '../../http/read-limited';
import { refuseUrl, type AddressPolicy } from './address-policy';

export const AP_ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 3;

export type RequestSigner = { keyId: string; privateKeyPem: string };

export type RemoteFetchOptions = AddressPolicy & {
  /** Signs the GET (the instance actor's key); many servers, Mastodon in secure mode, require it. */
  signer?: RequestSigner;
  userAgent?: string;
  timeoutMs?: number;
  maxBytes?: number;
  /** Injected in unit tests; `fetch` otherwise. */
  fetchImpl?: typeof fetch;
  /** The blocklist (services/blocklist.ts isHostBlocked): a blocked host is never fetched, redirects included. */
  isHostBlocked?: (host: string) => Promise<boolean>;
};

export type RemoteFetchFailure = 'refused_url' | 'network' | 'timeout' | 'http_status' | 'too_many_redirects' | 'too_large' | 'not_json' | 'id_mismatch';

export class RemoteFetchError extends Error {
  override name = 'RemoteFetchError';
  constructor(
    readonly reason: RemoteFetchFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export type RemoteObject = Record<string, unknown> & { id: string };

/**
 * Fetches an ActivityPub object. The object's `id` must be on the origin it was
 * finally served from (after redirects); otherwise anyone could serve a forged copy.
 *
 * @example
 * const actor = await fetchRemoteObject('https://video.example/accounts/alice', { allowLoopback: false, signer });
 */
export async function fetchRemoteObject(url: string, options: RemoteFetchOptions): Promise<RemoteObject> {
  const { response, finalUrl } = await fetchFollowingRedirects(url, options);
  if (!response.ok) {
    await response.body?.cancel();
    throw new RemoteFetchError('http_status', `${finalUrl} answered ${response.status}`, response.status);
  }
  const type = (response.headers.get('content-type') ?? '').toLowerCase();
  if (!/application\/(activity\+json|ld\+json|json)/.test(type)) {
    await response.body?.cancel();
    throw new RemoteFetchError('not_json', `${finalUrl} served ${type || 'no content type'}`);
  }
  const text = await readLimited(response, options.maxBytes ?? DEFAULT_MAX_BYTES, finalUrl);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RemoteFetchError('not_json', `${finalUrl} did not serve valid JSON`);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { id?: unknown }).id !== 'string') {
    throw new RemoteFetchError('not_json', `${finalUrl} did not serve an object with an id`);
  }
  const object = body as RemoteObject;
  if (!sameOrigin(object.id, finalUrl)) {
    throw new RemoteFetchError('id_mismatch', `${finalUrl} served an object whose id is ${object.id}`);
  }
  return object;
}

/**
 * Fetches a remote file (an image of a remote video) through the same guards as objects:
 * address policy, blocklist, redirects, timeout and size limit.
 */
export async function fetchRemoteBytes(
  url: string,
  options: RemoteFetchOptions & { accept: string },
): Promise<{ bytes: Uint8Array<ArrayBuffer>; contentType: string }> {
  const { response, finalUrl } = await fetchFollowingRedirects(url, options, options.accept);
  if (!response.ok) {
    await response.body?.cancel();
    throw new RemoteFetchError('http_status', `${finalUrl} answered ${response.status}`, response.status);
  }
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel();
    throw new RemoteFetchError('too_large', `${finalUrl} is ${declared} bytes, more than ${max}`);
  }
  const bytes = await readBodyLimited(response.body, max);
  if (!bytes) throw new RemoteFetchError('too_large', `${finalUrl} is more than ${max} bytes`);
  return { bytes, contentType: response.headers.get('content-type') ?? 'application/octet-stream' };
}

async function fetchFollowingRedirects(url: string, options: RemoteFetchOptions, accept = AP_ACCEPT): Promise<{ response: Response; finalUrl: string }> {
  const doFetch = options.fetchImpl ?? fetch;
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const refusal = refuseUrl(current, options);
    if (refusal) throw new RemoteFetchError('refused_url', `refusing to fetch ${current}: ${refusal}`);
    if (options.isHostBlocked && (await options.isHostBlocked(new URL(current).host))) {
      throw new RemoteFetchError('refused_url', `refusing to fetch ${current}: the server is blocked`);
    }
    const headers: Record<string, string> = { accept };
    if (options.userAgent) headers['user-agent'] = options.userAgent;
    if (options.signer) Object.assign(headers, await signRequest({ method: 'GET', url: current, ...options.signer }));
    let response: Response;
    try {
      response = await doFetch(current, {
        method: 'GET',
        headers,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new RemoteFetchError('timeout', `${current} timed out`);
      throw new RemoteFetchError('network', `${current}: ${(err as Error).message}`);
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      current = new URL(location, current).toString();
      continue;
    }
    return { response, finalUrl: current };
  }
  throw new RemoteFetchError('too_many_redirects', `${url} redirected more than ${MAX_REDIRECTS} times`);
}

async function readLimited(response: Response, maxBytes: number, url: string): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new RemoteFetchError('too_large', `${url} is ${declared} bytes, more than ${maxBytes}`);
  }
  const body = await readBodyLimited(response.body, maxBytes);
  if (!body) throw new RemoteFetchError('too_large', `${url} is more than ${maxBytes} bytes`);
  return new TextDecoder().decode(body);
}
