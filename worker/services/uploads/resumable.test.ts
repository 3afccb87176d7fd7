import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { fakeVideoBytes } from '../../../test/helpers/fake-media';
import * as schema from '../../db/schema';
import type { Db } from '../../db/client';
import { getConfig, type Config } from '../../config';
import type { Env } from '../../env';
import { ApiError } from '../../errors';
import { createFakeR2 } from '../../../test/helpers/fake-r2';
import { PART_SIZE } from '../../media/part-writer';
import { createUser } from '../users';
import type { UploadDeps } from './deps';
import { expireUploads, initResumableUpload, putResumableChunk, cancelResumableUpload } from './resumable';
import { openTempDb, type TempDb } from '../../../test/helpers/temp-db';
import type { Viewer } from '../viewer';

let temp: TempDb;
let db: Db;
let config: Config;
const queue = {
  sent: [] as unknown[],
  async send(m: unknown) {
    this.sent.push(m);
  },
  async sendBatch() {},
};

beforeAll(async () => {
  temp = await openTempDb('uploads');
  db = temp.db;
  const { url } = temp;
  config = getConfig({ LIBSQL_URL: url, PUBLIC_URL: 'https://uploads.test', KEY_ENCRYPTION_SECRET: 'unit-test-key-encryption-secret' } as Env);
});
afterAll(async () => {
  await temp?.close();
});

let n = 0;
async function uploader(quota = -1) {
  n += 1;
  const created = await createUser(db, config, {
    username: `u${n}`,
    email: `u${n}@x.test`,
    password: 'password123',
    role: 2,
    videoQuota: quota,
    videoQuotaDaily: -1,
  });
  const viewer: Viewer = { userId: created.userId, accountId: created.accountId, username: `u${n}`, role: 2 };
  return { viewer, channelId: created.channelId };
}

const streamOf = (bytes: Uint8Array, piece = 64 * 1024) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += piece) c.enqueue(bytes.slice(i, i + piece));
      c.close();
    },
  });
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function sendAll(deps: UploadDeps, viewer: Viewer, id: string, bytes: Uint8Array, chunk: number) {
  let last;
  for (let start = 0; start < bytes.length; start += chunk) {
    const end = Math.min(start + chunk, bytes.length);
    last = await putResumableChunk(deps, viewer, id, `bytes ${start}-${end - 1}/${bytes.length}`, streamOf(bytes.subarray(start, end)));
  }
  return last!;
}

describe('resumable uploads into R2 multipart uploads', () => {
  it('makes equal parts of 5 MiB whatever the chunk sizes (R2 rejects anything else)', async () => {
    const { viewer, channelId } = await uploader();
    for (const chunk of [PART_SIZE, 1024 * 1024 + 7, 3 * PART_SIZE + 5, 8 * 1024 * 1024]) {
      const r2 = createFakeR2();
      const deps: UploadDeps = { db, bucket: r2.bucket, config, queue };
      const bytes = fakeVideoBytes(2 * PART_SIZE + 12345);
      const { id } = await initResumableUpload(
        deps,
        viewer,
        { name: `chunks ${chunk}`, channelId, filename: `c${chunk}.mp4` },
        { size: String(bytes.length), type: 'video/mp4' },
      );
      const result = await sendAll(deps, viewer, id, bytes, chunk);
      expect(result.done).toBe(true);
      if (!result.done) return;
      const original = r2.objects.get(`videos/${result.video.uuid}/original`)!;
      expect(sha(original.bytes)).toBe(sha(bytes));
      // No pending tail is left behind.
      expect([...r2.objects.keys()].filter((k) => k.includes('.pending-'))).toEqual([]);
    }
  });

  it('keeps the session at the last complete chunk when a chunk is cut, then resumes to identical bytes', async () => {
    const { viewer, channelId } = await uploader();
    const r2 = createFakeR2();
    const deps: UploadDeps = { db, bucket: r2.bucket, config, queue };
    const bytes = fakeVideoBytes(3 * PART_SIZE + 777);
    const chunk = 4 * 1024 * 1024;
    const { id } = await initResumableUpload(
      deps,
      viewer,
      { name: 'cut chunk', channelId, filename: 'cut.mp4' },
      { size: String(bytes.length), type: 'video/mp4' },
    );
    await putResumableChunk(deps, viewer, id, `bytes 0-${chunk - 1}/${bytes.length}`, streamOf(bytes.subarray(0, chunk)));
    // Cut after 3 MiB of the second chunk: part 1 (0..5 MiB) was already sent to R2.
    let sent = 0;
    const cut = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= 3 * 1024 * 1024) {
          c.error(new Error('connection reset'));
          return;
        }
        c.enqueue(bytes.slice(chunk + sent, chunk + sent + 65536));
        sent += 65536;
      },
    });
    await expect(putResumableChunk(deps, viewer, id, `bytes ${chunk}-${2 * chunk - 1}/${bytes.length}`, cut)).rejects.toMatchObject({ status: 400 });
    const [row] = await db.select().from(schema.uploads).where(eq(schema.uploads.id, id));
    expect(row.received).toBe(chunk);
    await expect(
      putResumableChunk(deps, viewer, id, `bytes ${chunk + 5}-${2 * chunk - 1}/${bytes.length}`, streamOf(bytes.subarray(chunk + 5, 2 * chunk))),
    ).rejects.toMatchObject({ status: 409 });
    const result = await putResumableChunk(deps, viewer, id, `bytes ${chunk}-${bytes.length - 1}/${bytes.length}`, streamOf(bytes.subarray(chunk)));
    expect(result.done).toBe(true);
    if (result.done) expect(sha(r2.objects.get(`videos/${result.video.uuid}/original`)!.bytes)).toBe(sha(bytes));
  });

  it('expires sessions an hour after their last chunk, aborting their multipart upload', async () => {
    const { viewer, channelId } = await uploader();
    const r2 = createFakeR2();
    const deps: UploadDeps = { db, bucket: r2.bucket, config, queue };
    const t0 = new Date('2026-01-01T00:00:00Z');
    const bytes = fakeVideoBytes(PART_SIZE + 100);
    const { id } = await initResumableUpload(
      deps,
      viewer,
      { name: 'stale upload', channelId, filename: 'stale.mp4' },
      { size: String(bytes.length), type: 'video/mp4' },
      t0,
    );
    await putResumableChunk(deps, viewer, id, `bytes 0-99/${bytes.length}`, streamOf(bytes.subarray(0, 100)), new Date(t0.getTime() + 30 * 60_000));
    expect([...r2.objects.keys()].some((k) => k.includes('.pending-100'))).toBe(true);

    expect(await expireUploads(db, r2.bucket, new Date(t0.getTime() + 80 * 60_000))).toBe(0);
    expect(await expireUploads(db, r2.bucket, new Date(t0.getTime() + 91 * 60_000))).toBe(1);
    expect(await db.select().from(schema.uploads).where(eq(schema.uploads.id, id))).toEqual([]);
    expect([...r2.multipart.values()].map((m) => m.state)).toEqual(['aborted']);
    expect([...r2.objects.keys()].some((k) => k.includes('.pending-'))).toBe(false);
    await expect(putResumableChunk(deps, viewer, id, `bytes 100-199/${bytes.length}`, streamOf(bytes.subarray(100, 200)))).rejects.toMatchObject({
      status: 404,
    });
  });

  it('aborts the multipart upload when the quota is exceeded at completion', async () => {
    const { viewer, channelId } = await uploader(10 * 1024 * 1024);
    const r2 = createFakeR2();
    const deps: UploadDeps = { db, bucket: r2.bucket, config, queue };
    const bytes = fakeVideoBytes(6 * 1024 * 1024);
    const { id } = await initResumableUpload(
      deps,
      viewer,
      { name: 'over quota', channelId, filename: 'q.mp4' },
      { size: String(bytes.length), type: 'video/mp4' },
    );
    await putResumableChunk(deps, viewer, id, `bytes 0-${PART_SIZE + 9}/${bytes.length}`, streamOf(bytes.subarray(0, PART_SIZE + 10)));
    await db.update(schema.users).set({ videoQuota: 1024 }).where(eq(schema.users.id, viewer.userId));
    const err = await putResumableChunk(
      deps,
      viewer,
      id,
      `bytes ${PART_SIZE + 10}-${bytes.length - 1}/${bytes.length}`,
      streamOf(bytes.subarray(PART_SIZE + 10)),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 413, code: 'quota_reached' });
    expect([...r2.multipart.values()].map((m) => m.state)).toEqual(['aborted']);
    expect(r2.objects.size).toBe(0);
  });

  it('cancels: DELETE aborts the multipart upload', async () => {
    const { viewer, channelId } = await uploader();
    const r2 = createFakeR2();
    const deps: UploadDeps = { db, bucket: r2.bucket, config, queue };
    const { id } = await initResumableUpload(deps, viewer, { name: 'cancel me', channelId, filename: 'x.mp4' }, { size: '1000', type: 'video/mp4' });
    await cancelResumableUpload(deps, viewer, id);
    expect([...r2.multipart.values()].map((m) => m.state)).toEqual(['aborted']);
  });
});
