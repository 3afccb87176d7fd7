import type { Db } from '../db/client';
import { VIDEO_STATE } from '../db/schema';
import { jobInsert, type JobInsert } from '../jobs/store';
import type { VideoEventPayload } from '../jobs/types';
import type { VideoRow } from './video-queries';
import { isFederatable } from './video-access';

/**
 * Domain events of local videos, as `activitypub-video` job inserts for the batch of the write
 * they describe (jobs/store.ts, batchWithJobs); the consumer hands each to federation's outbox,
 * which decides who hears of it (conventions.md, 6). Each returns the inserts to add: none when
 * nobody is to be told.
 */
const videoEvent = (db: Db, payload: VideoEventPayload, dedupeKey?: string) => jobInsert(db, { type: 'activitypub-video', payload, dedupeKey });

/** The ladder is stored: the video is published (once: a retried `done` does not announce twice). */
export const videoPublishedEvent = (db: Db, videoId: number): JobInsert[] => [
  videoEvent(db, { action: 'create', videoId }, `activitypub-video:create:${videoId}`),
];

/**
 * Metadata changed; only a published video has been announced, so only it is updated, and not
 * one a moderator took back from federation (an unfederated blacklist entry).
 */
export const videoUpdatedEvent = (db: Db, row: VideoRow): JobInsert[] =>
  !row.blacklist?.unfederated && row.video.isLocal && row.video.state === VIDEO_STATE.PUBLISHED
    ? [videoEvent(db, { action: 'update', videoId: row.video.id })]
    : [];

/** A video taken back from federation is announced again, as new (PeerTube's federateVideoIfNeeded with isNewVideo). */
export const videoRefederatedEvent = (db: Db, row: VideoRow): JobInsert[] =>
  row.video.isLocal && row.video.state === VIDEO_STATE.PUBLISHED ? [videoEvent(db, { action: 'create', videoId: row.video.id })] : [];

/**
 * The video leaves federation: deleted, made private or internal, or taken back by a moderator.
 * Only a video remote instances hold (federated, and not already taken back) is named in a Delete:
 * a private video's URL never leaves. The row may be gone by the time the job runs, so the event
 * carries what a Delete needs.
 */
export const videoDeletedEvent = (db: Db, row: VideoRow): JobInsert[] =>
  isFederatable(row) && !row.blacklist?.unfederated
    ? [videoEvent(db, { action: 'delete', videoUrl: row.video.url, accountActorId: row.accountActor.id, channelActorId: row.channelActor.id })]
    : [];

/**
 * An edit, `row` as it was before it. A privacy change moves the video into or out of federation,
 * as PeerTube's updateVideoPrivacy does: out (to private or internal) is a Delete, in (to public or
 * unlisted) is a Create, as for a new video; any other edit is an Update.
 */
export function videoEditedEvent(db: Db, row: VideoRow, privacy: number | undefined): JobInsert[] {
  if (privacy === undefined || privacy === row.video.privacy || row.blacklist?.unfederated) return videoUpdatedEvent(db, row);
  const was = isFederatable(row);
  const will = isFederatable({ video: { ...row.video, privacy } });
  if (was && !will) return videoDeletedEvent(db, row);
  if (!was && will) return videoRefederatedEvent(db, row);
  return videoUpdatedEvent(db, row);
}
