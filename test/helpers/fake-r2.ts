/**
 * An in-memory R2 bucket for unit tests, strict where R2 is strict: multipart parts must be
 * numbered from 1 without gaps, and every part but the last must have the same size of at
 * least 5 MiB (the local simulator does not check this; production R2 does).
 */
const MIN_PART = 5 * 1024 * 1024;

type Stored = { bytes: Uint8Array; contentType?: string };

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
  if (typeof value === 'string') return new TextEncoder().encode(value);
  throw new Error('fake R2 takes bytes only');
}

function objectOf(key: string, s: Stored, range?: { offset: number; length: number }) {
  const bytes = range ? s.bytes.slice(range.offset, range.offset + range.length) : s.bytes;
  return {
    key,
    size: s.bytes.length,
    httpEtag: `"${key}"`,
    httpMetadata: { contentType: s.contentType },
    body: new Response(bytes as Uint8Array<ArrayBuffer>).body,
    arrayBuffer: async () => bytes.slice().buffer,
  };
}

export function createFakeR2() {
  const objects = new Map<string, Stored>();
  const multipart = new Map<string, { key: string; parts: Map<number, Uint8Array>; contentType?: string; state: 'open' | 'completed' | 'aborted' }>();
  let seq = 0;

  const upload = (key: string, uploadId: string) => ({
    key,
    uploadId,
    async uploadPart(partNumber: number, value: unknown) {
      const m = multipart.get(uploadId);
      if (!m || m.state !== 'open') throw new Error('multipart upload is not open');
      m.parts.set(partNumber, toBytes(value));
      return { partNumber, etag: `etag-${uploadId}-${partNumber}-${m.parts.get(partNumber)!.length}` };
    },
    async complete(parts: Array<{ partNumber: number; etag: string }>) {
      const m = multipart.get(uploadId);
      if (!m || m.state !== 'open') throw new Error('multipart upload is not open');
      const sizes = parts.map((p, i) => {
        if (p.partNumber !== i + 1) throw new Error(`parts must be consecutive from 1, got ${p.partNumber} at ${i}`);
        const bytes = m.parts.get(p.partNumber);
        if (!bytes || p.etag !== `etag-${uploadId}-${p.partNumber}-${bytes.length}`) throw new Error(`part ${p.partNumber}: wrong etag`);
        return bytes.length;
      });
      const first = sizes[0];
      sizes.slice(0, -1).forEach((s, i) => {
        if (s !== first || s < MIN_PART) throw new Error(`part ${i + 1} has ${s} bytes: all but the last must be equal and >= 5 MiB`);
      });
      const total = sizes.reduce((a, b) => a + b, 0);
      const out = new Uint8Array(total);
      let at = 0;
      for (const p of parts) {
        out.set(m.parts.get(p.partNumber)!, at);
        at += m.parts.get(p.partNumber)!.length;
      }
      objects.set(key, { bytes: out, contentType: m.contentType });
      m.state = 'completed';
      return objectOf(key, objects.get(key)!);
    },
    async abort() {
      const m = multipart.get(uploadId);
      if (!m) throw new Error('unknown multipart upload');
      m.state = 'aborted';
      m.parts.clear();
    },
  });

  const bucket = {
    async createMultipartUpload(key: string, options?: { httpMetadata?: { contentType?: string } }) {
      const uploadId = `mpu-${++seq}`;
      multipart.set(uploadId, { key, parts: new Map(), contentType: options?.httpMetadata?.contentType, state: 'open' });
      return upload(key, uploadId);
    },
    resumeMultipartUpload: (key: string, uploadId: string) => upload(key, uploadId),
    async put(key: string, value: unknown, options?: { httpMetadata?: { contentType?: string } }) {
      objects.set(key, { bytes: toBytes(value), contentType: options?.httpMetadata?.contentType });
      return objectOf(key, objects.get(key)!);
    },
    async get(key: string, options?: { range?: { offset: number; length: number } }) {
      const s = objects.get(key);
      return s ? objectOf(key, s, options?.range) : null;
    },
    async head(key: string) {
      const s = objects.get(key);
      return s ? objectOf(key, s) : null;
    },
    async delete(keys: string | string[]) {
      for (const k of ([] as string[]).concat(keys)) objects.delete(k);
    },
    async list(options: { prefix?: string; limit?: number; cursor?: string } = {}) {
      const keys = [...objects.keys()].filter((k) => k.startsWith(options.prefix ?? '')).sort();
      const start = options.cursor ? Number(options.cursor) : 0;
      const limit = options.limit ?? 1000;
      const page = keys.slice(start, start + limit);
      const truncated = start + limit < keys.length;
      return { objects: page.map((k) => ({ key: k, size: objects.get(k)!.bytes.length })), truncated, cursor: truncated ? String(start + limit) : undefined };
    },
  };
  return { bucket: bucket as unknown as R2Bucket, objects, multipart };
}
