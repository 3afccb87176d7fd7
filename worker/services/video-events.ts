import type { Db } from '../db/client';
import { VIDEO_STATE } from '../db/schema';
import { enqueueJob, type JobQueue } from '../jobs/store';
import type { VideoRow } from './video-queries';

/**
 * Domain events of local videos. A service records the event as a job; the consumer hands it
 * to federation's outbox, which decides who hears of it (conventions.md, 6). A failed enqueue
 * never fails the write: the event is logged and lost, not the video.
 */
type VideoEvent =
  | { action: 'create' | 'update'; videoId: number }
  | { action: 'delete'; videoUrl: string; accountActorId: number; channelActorId: number };

async function record(db: Db, queue: JobQueue, event: VideoEvent, dedupeKey?: string) {
  try {
    await enqueueJob(db, queue, { type: 'activitypub-video', payload: event, dedupeKey });
  } catch (err) {
    console.error('could not record a video event', event, err);
  }
}

/** The ladder is stored: the video is published (once: a retried `done` does not announce twice). */
export const recordVideoPublished = (db: Db, queue: JobQueue, videoId: number) =>
  record(db, queue, { action: 'create', videoId }, `activitypub-video:create:${videoId}`);

/**
 * Metadata changed; only a published video has been announced, so only it is updated, and not
 * one a moderator took back from federation (an unfederated blacklist entry).
 */
export async function recordVideoUpdated(db: Db, queue: JobQueue, row: VideoRow) {
  if (row.blacklist?.unfederated) return;
  if (row.video.isLocal && row.video.state === VIDEO_STATE.PUBLISHED) await record(db, queue, { action: 'update', videoId: row.video.id });
}

/** A video taken back from federation is announced again, as new (PeerTube's federateVideoIfNeeded with isNewVideo). */
export async function recordVideoRefederated(db: Db, queue: JobQueue, row: VideoRow) {
  if (row.video.isLocal && row.video.state === VIDEO_STATE.PUBLISHED) await record(db, queue, { action: 'create', videoId: row.video.id });
}

/** The row is gone by the time the job runs, so the event carries what a Delete needs. */
export async function recordVideoDeleted(db: Db, queue: JobQueue, row: VideoRow) {
  if (row.video.isLocal) await record(db, queue, { action: 'delete', videoUrl: row.video.url, accountActorId: row.accountActor.id, channelActorId: row.channelActor.id });
}
