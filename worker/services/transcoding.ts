import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { jobs, uploads, videoFiles, videoStreamingPlaylists, videos, VIDEO_STATE, type Job, type Video } from '../db/schema';
import { batchWithJobs, enqueueJob, type JobQueue } from '../jobs/store';
import type { DoneReport, PlayableReport, TranscodeRequest } from '../jobs/companion-protocol';
import type { JobPayloads } from '../jobs/types';
import { videoPublishedEvent } from './video-events';
import { notifyMyVideoPublished, notifyMyVideoTranscodingFailed, notifyNewVideo } from './notifications';

/**
 * Transcoding as the Worker sees it: enqueue, describe the work for the
 * companion, and record what the companion stored (design.md, decision 6).
 * Storage layout of a video's outputs, all under `videos/<uuid>/`:
 *   hls/master.m3u8, hls/<res>/init.mp4, hls/<res>/seg-00001.m4s …, hls/<res>/playlist.m3u8,
 *   segments-sha256.json, torrents/<uuid>-<res>.torrent, thumbnail.jpg, preview.jpg
 */

export const TRANSCODE_JOB = 'video-transcode' as const;

export const transcodeDedupeKey = (videoId: number) => `${TRANSCODE_JOB}:${videoId}`;

export const videoMediaPrefix = (uuid: string) => `videos/${uuid}`;

/**
 * Called when an upload completes: one transcode job per video (enqueueing twice is harmless).
 *
 * @example await enqueueTranscode(db, env.JOBS, { videoId: video.id, originalKey: upload.objectKey })
 */
export function enqueueTranscode(db: Db, queue: JobQueue, payload: JobPayloads['video-transcode']) {
  return enqueueJob(db, queue, { type: TRANSCODE_JOB, payload, dedupeKey: transcodeDedupeKey(payload.videoId) });
}

/** The latest transcode job of a video: its `state` and `lastError` tell the owner why a video is in state 7. */
export async function getTranscodeJob(db: Db, videoId: number): Promise<Job | undefined> {
  const [job] = await db
    .select()
    .from(jobs)
    .where(eq(jobs.dedupeKey, transcodeDedupeKey(videoId)))
    .orderBy(desc(jobs.id))
    .limit(1);
  return job;
}

export async function getVideoById(db: Db, videoId: number): Promise<Video | undefined> {
  const [video] = await db.select().from(videos).where(eq(videos.id, videoId)).limit(1);
  return video;
}

/** The original's R2 key: given at enqueue time, else the upload session's object. */
export async function resolveOriginalKey(db: Db, payload: JobPayloads['video-transcode']): Promise<string | undefined> {
  if (payload.originalKey) return payload.originalKey;
  const [upload] = await db
    .select({ key: uploads.objectKey })
    .from(uploads)
    .where(eq(uploads.videoId, payload.videoId))
    .orderBy(desc(uploads.createdAt))
    .limit(1);
  return upload?.key;
}

/** The body POSTed to the companion. No secret in it: the companion reads and writes media through signed calls. */
export function buildTranscodeRequest(config: Config, job: Pick<Job, 'id' | 'attempts'>, video: Video, originalKey: string): TranscodeRequest {
  const wsUrl = config.publicUrl.replace(/^http/, 'ws');
  return {
    jobId: job.id,
    attempt: job.attempts,
    type: TRANSCODE_JOB,
    videoUuid: video.uuid,
    input: { key: originalKey },
    output: { prefix: videoMediaPrefix(video.uuid) },
    generate: { thumbnail: !video.thumbnailKey, preview: !video.previewKey },
    torrent: { webSeedBase: `${config.publicUrl}/download/videos/${video.uuid}`, announce: [`${wsUrl}/tracker/socket`] },
    heartbeatSeconds: Math.max(1, Math.floor(config.jobs.leaseSeconds / 4)),
  };
}

/** True when an earlier attempt already recorded the result (a duplicate delivery must not redo it). */
export async function isTranscodeRecorded(db: Db, videoId: number): Promise<boolean> {
  const [row] = await db
    .select({ complete: videoStreamingPlaylists.complete })
    .from(videoStreamingPlaylists)
    .where(eq(videoStreamingPlaylists.videoId, videoId))
    .limit(1);
  return row?.complete === true;
}

/**
 * The master playlist and each rendition's first segment are stored. The video
 * gets its streaming playlist row with `complete = false`: that is how the
 * videos API knows it can offer HLS while the ladder is still being encoded.
 */
export async function recordPlayable(db: Db, videoId: number, report: PlayableReport) {
  const now = new Date();
  await db
    .insert(videoStreamingPlaylists)
    .values({ videoId, playlistUrl: report.masterKey, complete: false, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: videoStreamingPlaylists.videoId,
      set: { playlistUrl: report.masterKey, updatedAt: now },
      where: eq(videoStreamingPlaylists.complete, false),
    });
}

/**
 * Records every rendition and publishes the video, in one batch (atomic) with the event that
 * announces it, replacing whatever an earlier attempt recorded: a duplicate report never
 * duplicates files, nor the announcement (its dedupe key).
 */
export async function recordTranscodeResult(db: Db, queue: JobQueue, videoId: number, report: DoneReport) {
  const now = new Date();
  const [video] = await db.select({ state: videos.state }).from(videos).where(eq(videos.id, videoId)).limit(1);
  if (!video) return false;
  const files = report.renditions.map((r) => ({
    videoId,
    resolution: r.resolution,
    width: r.width,
    height: r.height,
    fps: Math.round(r.fps),
    size: r.size,
    bitrate: r.bitrate,
    segments: r.segments,
    infoHash: r.infoHash,
    torrentKey: r.torrentKey,
    metadata: r.metadata ?? null,
    createdAt: now,
    updatedAt: now,
  }));
  const wasPublished = video.state === VIDEO_STATE.PUBLISHED;
  await batchWithJobs(
    db,
    queue,
    [
      db.delete(videoFiles).where(eq(videoFiles.videoId, videoId)),
      db.insert(videoFiles).values(files),
      db
        .insert(videoStreamingPlaylists)
        .values({ videoId, playlistUrl: report.masterKey, segmentsSha256Url: report.segmentsSha256Key, complete: true, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({
          target: videoStreamingPlaylists.videoId,
          set: { playlistUrl: report.masterKey, segmentsSha256Url: report.segmentsSha256Key, complete: true, updatedAt: now },
        }),
      db
        .update(videos)
        .set({
          state: VIDEO_STATE.PUBLISHED,
          duration: Math.round(report.durationSeconds),
          aspectRatio: report.aspectRatio,
          // An image the owner set while the video was transcoding stays.
          ...(report.thumbnailKey ? { thumbnailKey: sql`coalesce(${videos.thumbnailKey}, ${report.thumbnailKey})` } : {}),
          ...(report.previewKey ? { previewKey: sql`coalesce(${videos.previewKey}, ${report.previewKey})` } : {}),
          // As PeerTube does when a video waiting for transcoding gets published.
          ...(wasPublished ? {} : { publishedAt: now }),
          updatedAt: now,
        })
        .where(eq(videos.id, videoId)),
    ],
    videoPublishedEvent(db, videoId),
  );
  if (!wasPublished) {
    // PeerTube notifies the owner and the subscribers once the video is published (lib/notifier).
    await notifyMyVideoPublished(db, videoId);
    await notifyNewVideo(db, videoId);
  }
  return true;
}

/** After the last attempt: PeerTube's TRANSCODING_FAILED. The reason stays on the job row. */
export async function markTranscodeFailed(db: Db, videoId: number) {
  const failed = await db
    .update(videos)
    .set({ state: VIDEO_STATE.TRANSCODING_FAILED, updatedAt: new Date() })
    .where(and(eq(videos.id, videoId), eq(videos.state, VIDEO_STATE.TO_TRANSCODE)))
    .returning({ id: videos.id });
  // Once: only the write that moved the video to TRANSCODING_FAILED tells its owner.
  if (failed.length > 0) await notifyMyVideoTranscodingFailed(db, videoId);
}
