import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context';
import { ApiError } from '../errors';
import { contentRange, parseRange } from '../http/range';
import { verifyCompanionCall } from './signed';

/**
 * R2 for the companion (design.md, decision 5): it reads originals and writes
 * outputs through these HMAC-signed endpoints, so one path works locally and in
 * production. `GET` honours Range, so a large original is read in parts; `PUT`
 * streams the body into one object (segments, playlists, images, torrents).
 */

/** Keys stay inside the media namespace: relative, no dot segments, no empty segments, printable. */
export function isSafeMediaKey(key: string): boolean {
  if (!key || key.length > 1024 || key.startsWith('/') || key.endsWith('/')) return false;
  if (/[\u0000-\u001f\u007f\\]/.test(key)) return false;
  return key.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

function mediaKey(c: Context<AppEnv>): string {
  const raw = new URL(c.req.url).pathname.replace(/^.*?\/internal\/media\//, '');
  let key: string;
  try {
    key = decodeURIComponent(raw);
  } catch {
    throw ApiError.badRequest('malformed media key');
  }
  if (!isSafeMediaKey(key)) throw ApiError.badRequest('invalid media key');
  return key;
}

export function internalMediaRoutes() {
  const app = new Hono<AppEnv>();

  app.on(['GET', 'HEAD'], '/*', async (c) => {
    await verifyCompanionCall(c);
    const key = mediaKey(c);
    const head = await c.env.MEDIA.head(key);
    if (!head) throw ApiError.notFound(`no media object ${key}`);
    const headers = new Headers({
      'accept-ranges': 'bytes',
      etag: head.httpEtag,
      'content-type': head.httpMetadata?.contentType ?? 'application/octet-stream',
    });
    const range = parseRange(c.req.header('range'), head.size);
    if (range.kind === 'unsatisfiable')
      throw new ApiError(416, undefined, 'range not satisfiable', { headers: { 'content-range': contentRange(null, head.size) } });
    const part = range.kind === 'range' ? range.range : null;
    const offset = part?.start ?? 0;
    const length = part ? part.end - part.start + 1 : head.size;
    if (part) headers.set('content-range', contentRange(part, head.size));
    headers.set('content-length', String(length));
    const status = part ? 206 : 200;
    if (c.req.method === 'HEAD') return new Response(null, { status, headers });
    const object = await c.env.MEDIA.get(key, part ? { range: { offset, length } } : undefined);
    if (!object) throw ApiError.notFound(`no media object ${key}`);
    return new Response(object.body, { status, headers });
  });

  app.put('/*', async (c) => {
    await verifyCompanionCall(c, { allowUnsignedBody: true });
    const key = mediaKey(c);
    const length = Number(c.req.header('content-length'));
    if (!Number.isSafeInteger(length) || length < 0) throw new ApiError(411, undefined, 'Content-Length is required');
    const body = c.req.raw.body;
    // R2 needs a stream of known length; a FixedLengthStream also rejects a short or long body.
    const fixed = new FixedLengthStream(length);
    const piping = body ? body.pipeTo(fixed.writable) : fixed.writable.close();
    // The body hash is not signed (it is streamed): R2 checks the declared SHA-256 instead.
    const sha256 = c.req.header('x-edgetube-object-sha256');
    let object: R2Object | null;
    try {
      [object] = await Promise.all([
        c.env.MEDIA.put(key, fixed.readable, {
          httpMetadata: { contentType: c.req.header('content-type') ?? 'application/octet-stream' },
          ...(sha256 && /^[0-9a-f]{64}$/.test(sha256) ? { sha256 } : {}),
        }),
        piping,
      ]);
    } catch (err) {
      // A body that does not match its declared length or checksum is the caller's fault; the object is not stored.
      if (/checksum|length|did not match/i.test(String(err))) throw ApiError.badRequest(`media body rejected: ${(err as Error).message}`);
      throw err;
    }
    return c.json({ key, size: object?.size ?? length, etag: object?.etag }, 201);
  });

  app.delete('/*', async (c) => {
    await verifyCompanionCall(c);
    await c.env.MEDIA.delete(mediaKey(c));
    return c.body(null, 204);
  });

  return app;
}
