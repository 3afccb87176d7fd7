/**
 * Resumable uploads (PeerTube's protocol): POST starts a session, PUTs send chunks in order
 * into an R2 multipart upload, DELETE cancels; the cron sweep ends sessions left idle.
 */
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { uploads, type Upload } from '../../db/schema';
import { ApiError } from '../../errors';
import { drainStream } from '../../media/drain';
import { PART_SIZE, PartWriter, type UploadedPart } from '../../media/part-writer';
import { originalKey } from '../../media/urls';
import { assertQuota } from '../quota';
import { uuidToShort } from '../short-uuid';
import { enqueueTranscode } from '../transcoding';
import { assertChannelOfUser, createUploadedVideo, createVideoSchema, parseVideoMetadata, type CreateVideoInput } from '../videos';
import type { Viewer } from '../viewer';
import { newUploadId, type UploadDeps, type UploadedVideo } from './deps';
import { assertReadableVideo, assertVideoFile, DRAIN_LIMIT, MAX_UPLOAD_SIZE } from './video-file';

/** A session expires an hour after its last chunk (PeerTube's resumable uploads do the same). */
export const UPLOAD_TTL_MS = 3600_000;

const pendingKey = (s: Pick<Upload, 'objectKey'>, end: number) => `${s.objectKey}.pending-${end}`;

type SessionMetadata = CreateVideoInput & { uuid: string };

export const resumableInitSchema = createVideoSchema.extend({ filename: z.string().min(1, 'Should have a valid filename').max(1000) });

/**
 * POST /videos/upload-resumable. Returns the session id, and whether it is new (201) or the
 * same client starting the same file again (200, as PeerTube answers).
 */
export async function initResumableUpload(
  deps: UploadDeps,
  viewer: Viewer,
  body: unknown,
  headers: { size?: string | null; type?: string | null },
  now = new Date(),
) {
  const input = parseVideoMetadata(resumableInitSchema, body);
  const size = Number(headers.size);
  if (!headers.size || !Number.isSafeInteger(size) || size <= 0 || size > MAX_UPLOAD_SIZE) {
    throw ApiError.invalidParams({
      'X-Upload-Content-Length': {
        type: 'field',
        value: headers.size,
        msg: 'Should have a valid file size',
        path: 'X-Upload-Content-Length',
        location: 'headers',
      },
    });
  }
  const contentType = headers.type || 'application/octet-stream';
  assertVideoFile(input.filename, contentType);
  await assertChannelOfUser(deps.db, viewer, input.channelId);

  const [existing] = await deps.db
    .select()
    .from(uploads)
    .where(
      and(eq(uploads.userId, viewer.userId), eq(uploads.filename, input.filename), eq(uploads.size, size), isNull(uploads.videoId), gt(uploads.expiresAt, now)),
    )
    .limit(1);
  if (existing) return { id: existing.id, created: false };

  await assertQuota(deps.db, viewer.userId, size, { now });
  const { filename, ...metadata } = input;
  const uuid = crypto.randomUUID();
  const key = originalKey(uuid);
  const mpu = await deps.bucket.createMultipartUpload(key, { httpMetadata: { contentType }, customMetadata: { filename } });
  const id = newUploadId();
  await deps.db.insert(uploads).values({
    id,
    userId: viewer.userId,
    metadata: { ...metadata, uuid } satisfies SessionMetadata,
    filename,
    contentType,
    size,
    received: 0,
    objectKey: key,
    multipartUploadId: mpu.uploadId,
    parts: [],
    expiresAt: new Date(now.getTime() + UPLOAD_TTL_MS),
    createdAt: now,
    updatedAt: now,
  });
  return { id, created: true };
}

async function getSession(db: Db, viewer: Viewer, id: string, now: Date) {
  const [s] = await db
    .select()
    .from(uploads)
    .where(and(eq(uploads.id, id), eq(uploads.userId, viewer.userId)))
    .limit(1);
  if (!s || (s.videoId === null && s.expiresAt <= now)) throw ApiError.notFound('Upload not found.');
  return s;
}

export type ChunkResult = { done: false; received: number } | { done: true; video: UploadedVideo };

const RANGE_RE = /^bytes (\d+)-(\d+)\/(\d+)$/;
const STATUS_RE = /^bytes \*\/(\d+)$/;

/**
 * PUT /videos/upload-resumable?upload_id=ID with `Content-Range: bytes S-E/TOTAL`.
 * A chunk must start where the stored bytes end (else 409). Nothing is recorded until the
 * whole chunk has arrived, so a chunk cut halfway leaves `received` where it was and the
 * client resumes from there; parts re-sent cover the same bytes and replace themselves.
 */
export async function putResumableChunk(
  deps: UploadDeps,
  viewer: Viewer,
  id: string,
  contentRange: string | undefined | null,
  body: ReadableStream<Uint8Array> | null,
  now = new Date(),
): Promise<ChunkResult> {
  const s = await getSession(deps.db, viewer, id, now);
  if (s.videoId !== null) return { done: true, video: await uploadedVideo(deps.db, s) };

  const status = STATUS_RE.exec(contentRange ?? '');
  if (status || !contentRange) {
    await drainStream(body, DRAIN_LIMIT);
    return { done: false, received: s.received };
  }
  const m = RANGE_RE.exec(contentRange);
  const [start, end, total] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  if (!m || total !== s.size || end < start || end >= total) {
    await drainStream(body, DRAIN_LIMIT);
    throw ApiError.badRequest(`Invalid Content-Range header: ${contentRange}`);
  }
  if (start !== s.received) {
    await drainStream(body, DRAIN_LIMIT);
    throw new ApiError(409, undefined, `Upload offset mismatch: expected ${s.received}, got ${start}.`, { headers: rangeHeader(s.received) });
  }
  if (!body) throw ApiError.badRequest('Missing chunk body.');

  const length = end - start + 1;
  const final = end + 1 === s.size;
  const mpu = deps.bucket.resumeMultipartUpload(s.objectKey, s.multipartUploadId!);
  const partStart = Math.floor(start / PART_SIZE) * PART_SIZE;
  let tail: Uint8Array | undefined;
  if (start > partStart) {
    const pending = await deps.bucket.get(pendingKey(s, start));
    if (!pending || pending.size !== start - partStart) throw new ApiError(500, undefined, 'The stored part of this upload is missing; start it again.');
    tail = new Uint8Array(await pending.arrayBuffer());
  }
  const writer = new PartWriter(mpu, PART_SIZE, { firstPartNumber: partStart / PART_SIZE + 1, tail });
  try {
    await writer.writeStream(body, length);
  } catch (err) {
    if (err instanceof RangeError) throw ApiError.badRequest('The chunk is longer than its Content-Range.');
    // The client went away mid-chunk: keep the session as it was.
    throw new ApiError(400, undefined, 'The chunk was interrupted.');
  }
  if (writer.written !== length) throw ApiError.badRequest('The chunk is shorter than its Content-Range.');

  const parts = mergeParts(s.parts, writer.parts);
  if (final) {
    await writer.finishFile();
    return { done: true, video: await completeSession(deps, viewer, s, mergeParts(parts, writer.parts), now) };
  }
  const rest = writer.tail();
  if (rest.length) await deps.bucket.put(pendingKey(s, end + 1), rest);
  const updated = await deps.db
    .update(uploads)
    .set({ received: end + 1, parts, expiresAt: new Date(now.getTime() + UPLOAD_TTL_MS), updatedAt: now })
    .where(and(eq(uploads.id, s.id), eq(uploads.received, start)))
    .returning({ id: uploads.id });
  if (updated.length === 0) throw ApiError.conflict('Another request changed this upload; ask for its status and resume.');
  if (tail) await deps.bucket.delete(pendingKey(s, start));
  return { done: false, received: end + 1 };
}

function mergeParts(old: UploadedPart[], fresh: UploadedPart[]) {
  const byNumber = new Map(old.map((p) => [p.partNumber, p]));
  for (const p of fresh) byNumber.set(p.partNumber, p);
  return [...byNumber.values()].sort((a, b) => a.partNumber - b.partNumber);
}

export function rangeHeader(received: number): Record<string, string> {
  return received > 0 ? { Range: `bytes=0-${received - 1}` } : {};
}

async function uploadedVideo(db: Db, s: Upload): Promise<UploadedVideo> {
  const uuid = (s.metadata as SessionMetadata).uuid;
  return { id: s.videoId!, uuid, shortUUID: uuidToShort(uuid) };
}

/** Drops a session and everything it stored: the multipart upload (no orphaned parts) and the pending tail. */
async function discardSession(deps: Pick<UploadDeps, 'db' | 'bucket'>, s: Upload) {
  if (s.multipartUploadId)
    await deps.bucket
      .resumeMultipartUpload(s.objectKey, s.multipartUploadId)
      .abort()
      .catch(() => {});
  const pending = await deps.bucket.list({ prefix: `${s.objectKey}.pending-` });
  if (pending.objects.length) await deps.bucket.delete(pending.objects.map((o) => o.key));
  await deps.db.delete(uploads).where(eq(uploads.id, s.id));
}

async function completeSession(deps: UploadDeps, viewer: Viewer, s: Upload, parts: UploadedPart[], now: Date): Promise<UploadedVideo> {
  try {
    await assertQuota(deps.db, viewer.userId, s.size, { excludeUploadId: s.id, now });
  } catch (err) {
    await discardSession(deps, s);
    throw err;
  }
  const mpu = deps.bucket.resumeMultipartUpload(s.objectKey, s.multipartUploadId!);
  await mpu.complete(parts.map(({ partNumber, etag }) => ({ partNumber, etag })));
  try {
    await assertReadableVideo(deps.bucket, s.objectKey);
  } catch (err) {
    await deps.bucket.delete(s.objectKey);
    await discardSession(deps, s);
    throw err;
  }
  const metadata = s.metadata as SessionMetadata;
  const video = await createUploadedVideo(deps.db, deps.config, metadata, now);
  await deps.db.update(uploads).set({ videoId: video.id, received: s.size, parts: [], multipartUploadId: null, updatedAt: now }).where(eq(uploads.id, s.id));
  const pending = await deps.bucket.list({ prefix: `${s.objectKey}.pending-` });
  if (pending.objects.length) await deps.bucket.delete(pending.objects.map((o) => o.key));
  await enqueueTranscode(deps.db, deps.queue, { videoId: video.id, originalKey: s.objectKey });
  return { id: video.id, uuid: video.uuid, shortUUID: uuidToShort(video.uuid) };
}

/** DELETE /videos/upload-resumable?upload_id=ID: aborts the R2 multipart upload. */
export async function cancelResumableUpload(deps: UploadDeps, viewer: Viewer, id: string, now = new Date()) {
  const s = await getSession(deps.db, viewer, id, now);
  if (s.videoId !== null) throw ApiError.conflict('This upload is complete; delete the video instead.');
  await discardSession(deps, s);
}

/**
 * Ends sessions that got no chunk for an hour: their multipart uploads are aborted and their
 * rows deleted. For the cron sweep.
 */
export async function expireUploads(db: Db, bucket: R2Bucket, now = new Date()) {
  const stale = await db
    .select()
    .from(uploads)
    .where(and(isNull(uploads.videoId), lt(uploads.expiresAt, now)))
    .limit(100);
  for (const s of stale) await discardSession({ db, bucket }, s);
  return stale.length;
}
