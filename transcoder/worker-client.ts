import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { signHmacRequest } from '../worker/crypto/hmac';
import type { CallbackKind } from '../worker/jobs/companion-protocol';

/**
 * The companion's side of the Worker's internal endpoints (design.md, decision 5):
 * R2 through `/internal/media/*`, and job callbacks under `/internal/jobs/:id/*`,
 * every request HMAC-signed with the shared secret.
 */

/** The Worker answered 409 to a callback: this attempt lost its lease; stop working on it. */
export class StaleAttemptError extends Error {
  override readonly name = 'StaleAttemptError';
}

export type WorkerClient = ReturnType<typeof createWorkerClient>;

const RETRYABLE = new Set([429, 500, 502, 503, 504]);
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });

const mediaPath = (key: string) => `/internal/media/${key.split('/').map(encodeURIComponent).join('/')}`;

export function createWorkerClient(options: { workerUrl: string; secret: string; retries?: number; partSize?: number; downloadConcurrency?: number }) {
  const base = options.workerUrl.replace(/\/+$/, '');
  const retries = options.retries ?? 4;
  const partSize = options.partSize ?? 8 * 1024 * 1024;
  const downloadConcurrency = options.downloadConcurrency ?? 4;

  /** A signed request, retried on network errors and 5xx (the Worker may be restarting). */
  async function request(
    method: string,
    path: string,
    init: { body?: string | Buffer; headers?: Record<string, string>; unsignedBody?: boolean; signal?: AbortSignal } = {},
  ) {
    const url = `${base}${path}`;
    for (let attempt = 0; ; attempt++) {
      init.signal?.throwIfAborted();
      const signed = await signHmacRequest(options.secret, {
        method,
        url,
        body: typeof init.body === 'string' ? init.body : undefined,
        unsignedBody: init.unsignedBody ?? init.body instanceof Buffer,
      });
      try {
        const res = await fetch(url, {
          method,
          headers: { ...init.headers, ...signed },
          body: init.body as BodyInit | undefined,
          signal: init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(120_000)]) : AbortSignal.timeout(120_000),
        });
        if (!RETRYABLE.has(res.status) || attempt >= retries) return res;
        await res.body?.cancel();
      } catch (err) {
        if (init.signal?.aborted || attempt >= retries) throw err;
      }
      await sleep(Math.min(8_000, 250 * 2 ** attempt), init.signal);
    }
  }

  return {
    /**
     * Streams an R2 object into `path`, `partSize` bytes per ranged request, up to
     * `downloadConcurrency` requests at a time once the first part has told the size.
     * After the first part comes the last one (an MP4's index is often at the end),
     * then the rest in order, so a reader following `onPart` can start early
     * (progressive-source.ts). Returns the size.
     */
    async download(
      key: string,
      path: string,
      signal?: AbortSignal,
      onPart?: (received: number, total: number, part: { offset: number; length: number }) => void,
    ): Promise<number> {
      const file = await open(path, 'w');
      const part = async (offset: number) => {
        const res = await request('GET', mediaPath(key), { headers: { range: `bytes=${offset}-${offset + partSize - 1}` }, signal });
        if (res.status === 404) throw new Error(`the original ${key} is missing`);
        if (res.status !== 206 && res.status !== 200) throw new Error(`download of ${key} failed: ${res.status} ${await res.text()}`);
        const bytes = Buffer.from(await res.arrayBuffer());
        // A 200 is the whole object (the range was ignored): only acceptable for the first part.
        if (res.status === 200) {
          if (offset !== 0) throw new Error(`download of ${key}: the range ${offset}- was ignored`);
          return { bytes, total: bytes.length };
        }
        const m = /bytes (\d+)-(\d+)\/(\d+)/.exec(res.headers.get('content-range') ?? '');
        const total = m ? Number(m[3]) : NaN;
        // Every part must be exactly the range asked for (clipped at the end): parts are written side by side.
        if (!m || Number(m[1]) !== offset || Number(m[2]) - offset + 1 !== bytes.length || bytes.length !== Math.min(partSize, total - offset)) {
          throw new Error(`download of ${key}: unexpected Content-Range ${res.headers.get('content-range')}`);
        }
        return { bytes, total };
      };
      try {
        const first = await part(0);
        await file.write(first.bytes, 0, first.bytes.length, 0);
        let received = first.bytes.length;
        const total = first.total;
        onPart?.(received, total, { offset: 0, length: received });
        const offsets: number[] = [];
        for (let offset = received; offset < total; offset += partSize) offsets.push(offset);
        if (offsets.length > 1) offsets.unshift(offsets.pop()!);
        const next = async () => {
          try {
            for (let offset = offsets.shift(); offset !== undefined; offset = offsets.shift()) {
              const { bytes, total: seen } = await part(offset);
              if (seen !== total) throw new Error(`download of ${key}: the object changed size (${total} → ${seen})`);
              await file.write(bytes, 0, bytes.length, offset);
              received += bytes.length;
              onPart?.(received, total, { offset, length: bytes.length });
            }
          } catch (err) {
            offsets.length = 0; // the other requests stop after their current part
            throw err;
          }
        };
        const workers = Array.from({ length: Math.min(downloadConcurrency, offsets.length) }, next);
        const results = await Promise.allSettled(workers);
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
        return received;
      } finally {
        await file.close();
      }
    },

    /** Stores one object; R2 checks the SHA-256 sent along, since a streamed body is not signed. */
    /** Reports the companion's health (transcoder/heartbeat.ts); not retried here, the next beat is. */
    async heartbeat(body: Record<string, unknown>): Promise<Response> {
      const path = '/internal/companions/heartbeat';
      const payload = JSON.stringify(body);
      const headers = await signHmacRequest(options.secret, { method: 'POST', url: `${base}${path}`, body: payload });
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        body: payload,
        headers: { ...headers, 'content-type': 'application/json' },
        signal: AbortSignal.timeout(10_000),
      });
      await res.body?.cancel();
      return res;
    },

    async upload(key: string, data: Buffer | string, contentType: string, signal?: AbortSignal): Promise<number> {
      const body = typeof data === 'string' ? Buffer.from(data) : data;
      const sha256 = createHash('sha256').update(body).digest('hex');
      const res = await request('PUT', mediaPath(key), {
        body,
        unsignedBody: true,
        headers: { 'content-type': contentType, 'x-edgetube-object-sha256': sha256 },
        signal,
      });
      if (res.status !== 201 && res.status !== 200) throw new Error(`upload of ${key} failed: ${res.status} ${await res.text()}`);
      await res.body?.cancel();
      return body.length;
    },

    async remove(key: string, signal?: AbortSignal) {
      const res = await request('DELETE', mediaPath(key), { signal });
      await res.body?.cancel();
      if (res.status !== 204 && res.status !== 404) throw new Error(`delete of ${key} failed: ${res.status}`);
    },

    /** A signed GET of one of the Worker's internal JSON endpoints (the seeder's catalogue). */
    async getJson(path: string, signal?: AbortSignal): Promise<unknown> {
      const res = await request('GET', path, { signal });
      const text = await res.text();
      if (!res.ok) throw new Error(`GET ${path} failed: ${res.status} ${text}`);
      return JSON.parse(text);
    },

    /** A job callback. Throws StaleAttemptError on 409: the attempt lost its lease. */
    async report(jobId: number, kind: CallbackKind, body: object, signal?: AbortSignal): Promise<unknown> {
      const text = JSON.stringify(body);
      const res = await request('POST', `/internal/jobs/${jobId}/${kind}`, { body: text, headers: { 'content-type': 'application/json' }, signal });
      const answer = await res.text();
      if (res.status === 409) throw new StaleAttemptError(`job ${jobId}: ${answer}`);
      if (!res.ok) throw new Error(`job ${jobId} ${kind} report failed: ${res.status} ${answer}`);
      return answer ? JSON.parse(answer) : undefined;
    },
  };
}
