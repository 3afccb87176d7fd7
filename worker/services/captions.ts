/**
 * Video captions (PeerTube's server/core/lib/video-captions.ts and controllers/api/videos/captions.ts):
 * a local video's captions are WebVTT files in R2; adding, replacing or removing one sends an
 * Update of the video (an `activitypub-video` event in the same batch as the write).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { videoCaptions, videos, type VideoCaption } from '../db/schema';
import { batchWithJobs, type JobQueue } from '../jobs/store';
import { captionKey } from '../media/urls';
import { videoUpdatedEvent } from './video-events';
import { VIDEO_LANGUAGES } from './video-labels';
import type { VideoRow } from './video-queries';

/** An id of PeerTube's language list (isVideoCaptionLanguageValid); never one of Object's own keys. */
export const isCaptionLanguage = (value: string) => Object.hasOwn(VIDEO_LANGUAGES, value);

/** The captions of a video, by language (PeerTube's listVideoCaptions order). */
export function listVideoCaptions(db: Db, videoId: number): Promise<VideoCaption[]> {
  return db.select().from(videoCaptions).where(eq(videoCaptions.videoId, videoId)).orderBy(asc(videoCaptions.language));
}

export async function findVideoCaption(db: Db, videoId: number, language: string) {
  const [row] = await db
    .select()
    .from(videoCaptions)
    .where(and(eq(videoCaptions.videoId, videoId), eq(videoCaptions.language, language)))
    .limit(1);
  return row;
}

/** A caption by its file name, with what serving it needs to know about its video. */
export async function findCaptionByFilename(db: Db, filename: string) {
  const [row] = await db
    .select({ caption: videoCaptions, uuid: videos.uuid, isLocal: videos.isLocal })
    .from(videoCaptions)
    .innerJoin(videos, eq(videos.id, videoCaptions.videoId))
    .where(eq(videoCaptions.filename, filename))
    .limit(1);
  return row;
}

/** PeerTube's generateCaptionName: a new name for every new file, so a URL always means one content. */
export const newCaptionFilename = (language: string) => `${crypto.randomUUID()}-${language}.vtt`;

/**
 * PUT /videos/{id}/captions/{language}: stores the WebVTT text and adds or replaces the caption
 * of that language (PeerTube's createLocalCaption, insertOrReplaceLanguage).
 */
export async function putLocalCaption(db: Db, queue: JobQueue, bucket: R2Bucket, row: VideoRow, language: string, vtt: string, now = new Date()) {
  const filename = newCaptionFilename(language);
  await bucket.put(captionKey(row.video.uuid, filename), vtt, { httpMetadata: { contentType: 'text/vtt; charset=utf-8' } });
  const previous = await findVideoCaption(db, row.video.id, language);
  await batchWithJobs(
    db,
    queue,
    [
      db
        .insert(videoCaptions)
        .values({ videoId: row.video.id, language, filename, automaticallyGenerated: false, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({
          target: [videoCaptions.videoId, videoCaptions.language],
          set: { filename, fileUrl: null, automaticallyGenerated: false, updatedAt: now },
        }),
    ],
    videoUpdatedEvent(db, row),
  );
  if (previous) await bucket.delete(captionKey(row.video.uuid, previous.filename));
}

/** DELETE /videos/{id}/captions/{language}. */
export async function deleteLocalCaption(db: Db, queue: JobQueue, bucket: R2Bucket, row: VideoRow, caption: VideoCaption) {
  await batchWithJobs(db, queue, [db.delete(videoCaptions).where(eq(videoCaptions.id, caption.id))], videoUpdatedEvent(db, row));
  await bucket.delete(captionKey(row.video.uuid, caption.filename));
}
