/**
 * Likes and dislikes of videos: one rate per account and video. Remote rates are written
 * by the inbox (Like/Dislike/Undo) into the same table; the counters on `videos` are
 * always recounted from `rates`, so neither side can drift them.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { actors, accounts, rates, videos } from '../db/schema';
import { batchWithJobs, type JobQueue } from '../jobs/store';
import { socialEvent } from './social-events';
import { videoUpdatedEvent } from './video-events';
import type { Viewer } from './viewer';
import type { VideoRow } from './video-queries';

export type RateDeps = { db: Db; queue: JobQueue };
export type Rating = 'like' | 'dislike' | 'none';

/** PeerTube's getVideoLikeActivityPubUrlByLocalActor / …Dislike…: `<actor>/likes|dislikes/<video id>`. */
export function localRateUrl(actorUrl: string, type: 'like' | 'dislike', videoId: number) {
  return `${actorUrl}/${type}s/${videoId}`;
}

export async function getRating(db: Db, accountId: number, videoId: number): Promise<Rating> {
  return toRating(await ratingQuery(db, accountId, videoId));
}

/** An account's rate of a video, for a pipeline (the video's id may be a subquery). */
export function ratingQuery(db: Db, accountId: number, videoId: SQL | number) {
  return db
    .select({ type: rates.type })
    .from(rates)
    .where(and(eq(rates.accountId, accountId), eq(rates.videoId, videoId)))
    .limit(1);
}

export const toRating = (rows: { type: Rating }[]): Rating => rows[0]?.type ?? 'none';

/**
 * The recount of a video's likes and dislikes from `rates`, for the batch of the rate's write:
 * recounted rather than incremented, so replays and races cannot drift them.
 */
export function recountRates(db: Db, videoId: number) {
  return db
    .update(videos)
    .set({
      likes: sql`(SELECT count(*) FROM ${rates} WHERE ${rates.videoId} = ${videoId} AND ${rates.type} = 'like')`,
      dislikes: sql`(SELECT count(*) FROM ${rates} WHERE ${rates.videoId} = ${videoId} AND ${rates.type} = 'dislike')`,
    })
    .where(eq(videos.id, videoId));
}

/** One rate per account and video: the upsert of `type`, identified by the activity `url`. */
function upsertRate(db: Db, rate: { accountId: number; videoId: number; type: 'like' | 'dislike'; url: string }, now = new Date()) {
  return db
    .insert(rates)
    .values({ ...rate, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [rates.accountId, rates.videoId], set: { type: rate.type, url: rate.url, updatedAt: now } });
}

/**
 * A Like or Dislike received from a remote account (PeerTube accepts both on any video it knows).
 * No event: the inbox does not forward rates.
 */
export async function storeRemoteRate(db: Db, rate: { accountId: number; videoId: number; type: 'like' | 'dislike'; url: string }): Promise<void> {
  await db.batch([upsertRate(db, rate), recountRates(db, rate.videoId)]);
}

/** An Undo of a remote account's Like or Dislike. */
export async function removeRemoteRate(db: Db, rate: { id: number; videoId: number }): Promise<void> {
  await db.batch([db.delete(rates).where(eq(rates.id, rate.id)), recountRates(db, rate.videoId)]);
}

/**
 * PUT /videos/:id/rate. Idempotent: the same rating again changes nothing and sends nothing.
 * A change is recorded for the outbox in the same batch: Like, Dislike and Undo to a remote
 * video's origin, Update(Video) for a local one.
 */
export async function rateVideo(deps: RateDeps, viewer: Viewer, row: VideoRow, rating: Rating): Promise<void> {
  const { db } = deps;
  const videoId = row.video.id;
  const previous = await getRating(db, viewer.accountId, videoId);
  if (previous === rating) return;
  let write;
  if (rating === 'none') {
    write = db.delete(rates).where(and(eq(rates.accountId, viewer.accountId), eq(rates.videoId, videoId)));
  } else {
    const [me] = await db
      .select({ url: actors.url })
      .from(accounts)
      .innerJoin(actors, eq(actors.id, accounts.actorId))
      .where(eq(accounts.id, viewer.accountId))
      .limit(1);
    write = upsertRate(db, { accountId: viewer.accountId, videoId, type: rating, url: localRateUrl(me.url, rating, videoId) });
  }
  const events = row.video.isLocal
    ? // The origin is here: PeerTube tells followers the new counts with Update(Video) (signed/README.md).
      videoUpdatedEvent(db, row)
    : [
        socialEvent(db, {
          event: 'rate',
          accountId: viewer.accountId,
          videoId,
          previous: previous === 'none' ? null : previous,
          current: rating === 'none' ? null : rating,
        }),
      ];
  await batchWithJobs(db, deps.queue, [write, recountRates(db, videoId)], events);
}
