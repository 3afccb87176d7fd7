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
const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve, reject) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); }, { once: true });
});

const mediaPath = (key: string) => `/internal/media/${key.split('/').map(encodeURIComponent).join('/')}`;

export function createWorkerClient(options: { workerUrl: string; secret: string; retries?: number; partSize?: number }) {
  const base = options.workerUrl.replace(/\/+$/, '');
  const retries = options.retries ?? 4;
  const partSize = options.partSize ?? 8 * 1024 * 1024;

  /** A signed request, retried on network errors and 5xx (the Worker may be restarting). */
  async function request(method: string, path: string, init: { body?: string | Buffer; headers?: Record<string, string>; unsignedBody?: boolean; signal?: AbortSignal } = {}) {
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
    /** Streams an R2 object into `path`, `partSize` bytes per ranged request. Returns its size. */
    async download(key: string, path: string, signal?: AbortSignal, onPart?: (bytes: number, total: number) => void): Promise<number> {
      const file = await open(path, 'w');
      try {
        let offset = 0;
        let total = Infinity;
        while (offset < total) {
          const res = await request('GET', mediaPath(key), { headers: { range: `bytes=${offset}-${offset + partSize - 1}` }, signal });
          if (res.status === 404) throw new Error(`the original ${key} is missing`);
          if (res.status !== 206 && res.status !== 200) throw new Error(`download of ${key} failed: ${res.status} ${await res.text()}`);
          const bytes = Buffer.from(await res.arrayBuffer());
          if (res.status === 200) {
            total = bytes.length;
            offset = 0;
          } else {
            const m = /bytes (\d+)-(\d+)\/(\d+)/.exec(res.headers.get('content-range') ?? '');
            if (!m || Number(m[1]) !== offset || Number(m[2]) - offset + 1 !== bytes.length) throw new Error(`download of ${key}: unexpected Content-Range ${res.headers.get('content-range')}`);
            total = Number(m[3]);
          }
          await file.write(bytes, 0, bytes.length, offset);
          offset += bytes.length;
          onPart?.(offset, total);
          if (bytes.length === 0) break;
        }
        return offset;
      } finally {
        await file.close();
      }
    },

    /** Stores one object; R2 checks the SHA-256 sent along, since a streamed body is not signed. */
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
