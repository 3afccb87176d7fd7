import { eq, inArray, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { uploads, videoChannels, videoTags, videos, VIDEO_PRIVACY, VIDEO_STATE, accounts } from '../db/schema';
import { ApiError } from '../errors';
import { batchWithJobs, type JobQueue } from '../jobs/store';
import { parseInputSync } from '../input/parse-input';
import { VIDEO_CATEGORIES, VIDEO_LANGUAGES, VIDEO_LICENCES } from './video-labels';
import { canManage, findVideoRow, type VideoRow } from './video-queries';
import type { VideoIdRef } from './short-uuid';
import type { Viewer } from './viewer';
import { videoDeletedEvent, videoEditedEvent } from './video-events';
import { chaptersFromDescriptionWrites, parseChaptersFromText, replaceChaptersWrites } from './chapters';
import { videoPrefix } from '../media/urls';

/** Form fields arrive as strings; JSON bodies as their own types. Both validate the same way. */
const boolish = z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v), z.boolean());
const intish = z.preprocess((v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v), z.number().int());
const emptyToNull = (v: unknown) => (v === '' ? null : v);

const tag = z.string().trim().min(2, 'Should have correct tags').max(30, 'Should have correct tags');

/** PeerTube's constraints (CONSTRAINTS_FIELDS.VIDEOS) for the metadata an uploader sets. */
export const videoMetadataFields = {
  name: z.string().trim().min(3, 'Should have a valid name').max(120, 'Should have a valid name'),
  privacy: intish.refine((p) => p >= 1 && p <= 4, 'Should have correct video privacy'),
  category: z.preprocess(emptyToNull, intish.refine((c) => c in VIDEO_CATEGORIES, 'Should have a valid category').nullable()),
  licence: z.preprocess(emptyToNull, intish.refine((l) => l in VIDEO_LICENCES, 'Should have a valid licence').nullable()),
  language: z.preprocess(
    emptyToNull,
    z
      .string()
      .refine((l) => l in VIDEO_LANGUAGES, 'Should have a valid language')
      .nullable(),
  ),
  description: z.preprocess(emptyToNull, z.string().min(3, 'Should have a valid description').max(10000, 'Should have a valid description').nullable()),
  support: z.preprocess(emptyToNull, z.string().min(3, 'Should have a valid support text').max(1000, 'Should have a valid support text').nullable()),
  nsfw: boolish,
  commentsPolicy: intish.refine((p) => p >= 1 && p <= 3, 'Should have a valid comments policy'),
  /** Before PeerTube 6.2, comments were a boolean. */
  commentsEnabled: boolish,
  downloadEnabled: boolish,
  waitTranscoding: boolish,
  tags: z.array(tag).max(5, 'Should have correct tags'),
  originallyPublishedAt: z.preprocess(emptyToNull, z.coerce.date().nullable()),
};

const f = videoMetadataFields;

export const createVideoSchema = z.object({
  name: f.name,
  channelId: intish.refine((n) => n > 0, 'Should have correct video channel id'),
  privacy: f.privacy.optional(),
  category: f.category.optional(),
  licence: f.licence.optional(),
  language: f.language.optional(),
  description: f.description.optional(),
  support: f.support.optional(),
  nsfw: f.nsfw.optional(),
  commentsPolicy: f.commentsPolicy.optional(),
  commentsEnabled: f.commentsEnabled.optional(),
  downloadEnabled: f.downloadEnabled.optional(),
  waitTranscoding: f.waitTranscoding.optional(),
  tags: f.tags.optional(),
  originallyPublishedAt: f.originallyPublishedAt.optional(),
});
export type CreateVideoInput = z.output<typeof createVideoSchema>;

export const updateVideoSchema = createVideoSchema.partial();
export type UpdateVideoInput = z.output<typeof updateVideoSchema>;

/** Validates metadata, answering PeerTube's 400 with `invalid-params` (location body). */
export function parseVideoMetadata<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  return parseInputSync(schema, input, 'json');
}

/**
 * The channel must exist (400) and belong to the uploader (403), as PeerTube checks
 * `channelId` on upload and update.
 */
export async function assertChannelOfUser(db: Db, viewer: Viewer, channelId: number) {
  const [row] = await db
    .select({ id: videoChannels.id, userId: accounts.userId })
    .from(videoChannels)
    .innerJoin(accounts, eq(accounts.id, videoChannels.accountId))
    .where(eq(videoChannels.id, channelId))
    .limit(1);
  if (!row) throw ApiError.badRequest('Unknown video "video channel" for this account.');
  if (row.userId !== viewer.userId) throw ApiError.forbidden('Cannot use video channel of another user.');
}

function commentsPolicyOf(input: { commentsPolicy?: number; commentsEnabled?: boolean }) {
  if (input.commentsPolicy !== undefined) return input.commentsPolicy;
  if (input.commentsEnabled !== undefined) return input.commentsEnabled ? 1 : 2;
  return undefined;
}

/**
 * Creates the video row of a finished upload in state TO_TRANSCODE (2), with its tags.
 * Privacy defaults to private, as in PeerTube.
 */
export async function createUploadedVideo(
  db: Db,
  config: Config,
  input: CreateVideoInput & { uuid: string; thumbnailKey?: string | null; previewKey?: string | null },
  now = new Date(),
) {
  const [video] = await db
    .insert(videos)
    .values({
      uuid: input.uuid,
      name: input.name,
      channelId: input.channelId,
      privacy: input.privacy ?? VIDEO_PRIVACY.PRIVATE,
      category: input.category ?? null,
      licence: input.licence ?? null,
      language: input.language ?? null,
      description: input.description ?? null,
      support: input.support ?? null,
      nsfw: input.nsfw ?? false,
      commentsPolicy: commentsPolicyOf(input) ?? 1,
      downloadEnabled: input.downloadEnabled ?? true,
      waitTranscoding: input.waitTranscoding ?? true,
      state: VIDEO_STATE.TO_TRANSCODE,
      isLocal: true,
      url: `${config.publicUrl}/videos/watch/${input.uuid}`,
      thumbnailKey: input.thumbnailKey ?? null,
      previewKey: input.previewKey ?? null,
      originallyPublishedAt: input.originallyPublishedAt ?? null,
      publishedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: videos.id, uuid: videos.uuid });
  const tags = [...new Set(input.tags ?? [])];
  if (tags.length)
    await db
      .insert(videoTags)
      .values(tags.map((name) => ({ videoId: video.id, name })))
      .onConflictDoNothing();
  // PeerTube's LocalVideoCreator: chapters listed in the description (replaceChaptersFromDescriptionIfNeeded).
  const chapters = parseChaptersFromText(input.description);
  if (chapters.length) await db.batch(replaceChaptersWrites(db, video.id, chapters, now));
  return video;
}

/** The video at `ref`, which `viewer` may manage (its owner, or a moderator): 404, else 403. */
export async function getManageableVideo(db: Db, viewer: Viewer, ref: VideoIdRef): Promise<VideoRow> {
  return manageable(await findVideoRow(db, ref), viewer);
}

/** The video found, if the viewer may manage it: 404 without it, 403 for another's. */
export function manageable(row: VideoRow | undefined, viewer: Viewer): VideoRow {
  if (!row) throw ApiError.notFound('Video not found');
  if (!canManage(row, viewer)) throw ApiError.forbidden('Cannot manage a video of another user.');
  return row;
}

/** PUT /videos/{id}: metadata only. Images are stored by the caller, which passes their keys. */
export async function updateVideo(
  db: Db,
  queue: JobQueue,
  viewer: Viewer,
  row: VideoRow,
  input: UpdateVideoInput,
  images: { thumbnailKey?: string; previewKey?: string } = {},
  now = new Date(),
) {
  if (input.channelId !== undefined && input.channelId !== row.video.channelId) await assertChannelOfUser(db, viewer, input.channelId);
  const set: Partial<typeof videos.$inferInsert> = { updatedAt: now };
  const keys = [
    'name',
    'channelId',
    'privacy',
    'category',
    'licence',
    'language',
    'description',
    'support',
    'nsfw',
    'downloadEnabled',
    'waitTranscoding',
    'originallyPublishedAt',
  ] as const;
  for (const k of keys) if (input[k] !== undefined) (set as Record<string, unknown>)[k] = input[k];
  const policy = commentsPolicyOf(input);
  if (policy !== undefined) set.commentsPolicy = policy;
  if (images.thumbnailKey) set.thumbnailKey = images.thumbnailKey;
  if (images.previewKey) set.previewKey = images.previewKey;
  const statements: BatchItem<'sqlite'>[] = [db.update(videos).set(set).where(eq(videos.id, row.video.id))];
  if (input.tags !== undefined) {
    const tags = [...new Set(input.tags)];
    statements.push(db.delete(videoTags).where(eq(videoTags.videoId, row.video.id)));
    if (tags.length) statements.push(db.insert(videoTags).values(tags.map((name) => ({ videoId: row.video.id, name }))));
  }
  if (input.description !== undefined && input.description !== row.video.description) {
    statements.push(...(await chaptersFromDescriptionWrites(db, row.video.id, row.video.description, input.description, now)));
  }
  await batchWithJobs(db, queue, statements, videoEditedEvent(db, row, input.privacy));
}

/** Deletes every object under `prefix`, a listing page (≤ 1000 keys) at a time. */
export async function deleteR2Prefix(bucket: R2Bucket, prefix: string) {
  let cursor: string | undefined;
  let deleted = 0;
  do {
    const page = await bucket.list({ prefix, cursor, limit: 1000 });
    if (page.objects.length) await bucket.delete(page.objects.map((o) => o.key));
    deleted += page.objects.length;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return deleted;
}

/** What removing videos leaves to clean once their rows are gone: open upload sessions and R2 objects. */
export type VideoMedia = {
  videoIds: number[];
  uuids: string[];
  sessions: Pick<typeof uploads.$inferSelect, 'videoId' | 'objectKey' | 'multipartUploadId'>[];
};

/** The media of the videos `where` selects, read before the batch that removes them (uploads have no foreign key to videos). */
export async function videoMediaOf(db: Db, where: SQL): Promise<VideoMedia> {
  const rows = await db.select({ id: videos.id, uuid: videos.uuid }).from(videos).where(where);
  const videoIds = rows.map((r) => r.id);
  const sessions = videoIds.length ? await db.select().from(uploads).where(inArray(uploads.videoId, videoIds)) : [];
  return { videoIds, uuids: rows.map((r) => r.uuid), sessions };
}

/** The upload sessions' rows, for the batch that removes their videos. */
export const uploadsRemoval = (db: Db, media: VideoMedia) => db.delete(uploads).where(inArray(uploads.videoId, media.videoIds));

/** After the rows are gone: open multipart uploads aborted, and every object under each `videos/<uuid>/`. */
export async function removeVideoMedia(
  bucket: R2Bucket,
  media: Pick<VideoMedia, 'uuids'> & { sessions: Pick<VideoMedia['sessions'][number], 'objectKey' | 'multipartUploadId'>[] },
) {
  for (const s of media.sessions) {
    if (s.multipartUploadId)
      await bucket
        .resumeMultipartUpload(s.objectKey, s.multipartUploadId)
        .abort()
        .catch(() => {});
  }
  for (const uuid of media.uuids) await deleteR2Prefix(bucket, videoPrefix(uuid));
}

/**
 * DELETE /videos/{id}: the rows (files, playlists, tags, comments, rates cascade), with the event
 * that tells followers, and every object under `videos/<uuid>/`. Open upload sessions of the
 * video are aborted too.
 */
export async function deleteVideo(db: Db, queue: JobQueue, bucket: R2Bucket, row: VideoRow) {
  const media = await videoMediaOf(db, eq(videos.id, row.video.id));
  await batchWithJobs(db, queue, [uploadsRemoval(db, media), db.delete(videos).where(eq(videos.id, row.video.id))], videoDeletedEvent(db, row));
  await removeVideoMedia(bucket, media);
}
