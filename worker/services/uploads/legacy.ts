/**
 * The legacy upload, POST /videos/upload: one multipart body with the metadata, the video file
 * and optional images, streamed into R2 as it arrives.
 */
import { ApiError } from '../../errors';
import { uploads } from '../../db/schema';
import { PartWriter } from '../../media/part-writer';
import { originalKey, previewKey, thumbnailKey } from '../../media/urls';
import { MultipartError, parseMultipart, readPartBytes, readPartText } from '../../media/multipart-form';
import { assertQuota } from '../quota';
import { uuidToShort } from '../short-uuid';
import { enqueueTranscode } from '../transcoding';
import { assertChannelOfUser, createUploadedVideo, createVideoSchema, parseVideoMetadata, type CreateVideoInput } from '../videos';
import type { Viewer } from '../viewer';
import { newUploadId, type UploadDeps, type UploadedVideo } from './deps';
import { assertImage, MAX_IMAGE_SIZE } from './images';
import { assertReadableVideo, assertVideoFile, DRAIN_LIMIT, MAX_UPLOAD_SIZE } from './video-file';

const IMAGE_FIELDS = { thumbnailfile: thumbnailKey, previewfile: previewKey } as const;

/**
 * Streams `videofile` into an R2 multipart upload while reading the other fields. Metadata that
 * comes before the file (as PeerTube clients send it) is checked before a byte is stored.
 */
export async function uploadLegacy(
  deps: UploadDeps,
  viewer: Viewer,
  body: ReadableStream<Uint8Array>,
  boundary: string,
  declaredLength: number | undefined,
  now = new Date(),
): Promise<UploadedVideo> {
  const uuid = crypto.randomUUID();
  const key = originalKey(uuid);
  const fields: Record<string, unknown> = {};
  const tags: string[] = [];
  const images: { thumbnailKey?: string; previewKey?: string } = {};
  let mpu: R2MultipartUpload | undefined;
  let writer: PartWriter | undefined;
  let filename = '';
  let contentType = '';
  let metadata: CreateVideoInput | undefined;

  const validate = async () => {
    metadata ??= parseVideoMetadata(createVideoSchema, { ...fields, ...(tags.length ? { tags } : {}) });
    return metadata;
  };

  try {
    for await (const part of parseMultipart(body, boundary, { drainOnExit: DRAIN_LIMIT })) {
      if (part.name === 'videofile' && part.filename !== undefined) {
        if (mpu) throw ApiError.badRequest('Only one videofile is accepted.');
        filename = part.filename;
        contentType = part.contentType ?? 'application/octet-stream';
        assertVideoFile(filename, contentType);
        if ('name' in fields && 'channelId' in fields) {
          const input = await validate();
          await assertChannelOfUser(deps.db, viewer, input.channelId);
        }
        // The request's length bounds the file's: refuse early what cannot fit.
        if (declaredLength) await assertQuota(deps.db, viewer.userId, Math.max(0, declaredLength - 64 * 1024), { now });
        mpu = await deps.bucket.createMultipartUpload(key, { httpMetadata: { contentType }, customMetadata: { filename } });
        writer = new PartWriter(mpu);
        await writer.writeStream(part.body, MAX_UPLOAD_SIZE);
        await writer.finishFile();
      } else if (part.name in IMAGE_FIELDS && part.filename !== undefined) {
        const field = part.name as keyof typeof IMAGE_FIELDS;
        assertImage(field, part.filename, part.contentType);
        const bytes = await readPartBytes(part, MAX_IMAGE_SIZE).catch(() => {
          throw ApiError.invalidParams({ [field]: { type: 'field', msg: 'This file is too large.', path: field, location: 'body' } });
        });
        const imageKey = IMAGE_FIELDS[field](uuid);
        await deps.bucket.put(imageKey, bytes, { httpMetadata: { contentType: part.contentType ?? 'image/jpeg' } });
        images[field === 'thumbnailfile' ? 'thumbnailKey' : 'previewKey'] = imageKey;
      } else if (part.filename !== undefined) {
        await part.body.cancel();
      } else {
        const value = await readPartText(part);
        if (/^tags(\[\d*\])?$/.test(part.name)) tags.push(value);
        else fields[part.name] = value;
      }
    }
    if (!mpu || !writer) {
      throw ApiError.invalidParams({ videofile: { type: 'field', msg: 'Should have a file', path: 'videofile', location: 'body' } });
    }
    if (writer.written === 0) throw ApiError.badRequest('The video file is empty.');
    const input = await validate();
    await assertChannelOfUser(deps.db, viewer, input.channelId);
    await assertQuota(deps.db, viewer.userId, writer.written, { now });
    await mpu.complete(writer.parts.map(({ partNumber, etag }) => ({ partNumber, etag })));
    mpu = undefined;
    await assertReadableVideo(deps.bucket, key).catch(async (err) => {
      await deps.bucket.delete(key);
      throw err;
    });
    const video = await createUploadedVideo(deps.db, deps.config, { ...input, uuid, ...images }, now);
    // The session row is the record of the original (its key and size) until the renditions replace it.
    await deps.db.insert(uploads).values({
      id: newUploadId(),
      userId: viewer.userId,
      metadata: { ...input, uuid },
      filename,
      contentType,
      size: writer.written,
      received: writer.written,
      objectKey: key,
      multipartUploadId: null,
      parts: [],
      expiresAt: now,
      videoId: video.id,
      createdAt: now,
      updatedAt: now,
    });
    await enqueueTranscode(deps.db, deps.queue, { videoId: video.id, originalKey: key });
    return { id: video.id, uuid, shortUUID: uuidToShort(uuid) };
  } catch (err) {
    await mpu?.abort().catch(() => {});
    for (const k of Object.values(images)) await deps.bucket.delete(k).catch(() => {});
    if (err instanceof MultipartError) throw ApiError.badRequest(`Malformed multipart body: ${err.message}`);
    throw err;
  }
}
