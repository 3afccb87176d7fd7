/**
 * Likes and dislikes of videos: one rate per account and video. Remote rates are written
 * by the inbox (Like/Dislike/Undo) into the same table; the counters on `videos` are
 * always recounted from `rates`, so neither side can drift them.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { actors, accounts, rates, videos } from '../db/schema';
import type { JobQueue } from '../jobs/store';
import { recordSocialEvent } from './social-events';
import { recordVideoUpdated } from './video-events';
import type { Viewer } from './viewer';
import type { VideoRow } from './video-queries';

export type RateDeps = { db: Db; queue: JobQueue };
export type Rating = 'like' | 'dislike' | 'none';

/** PeerTube's getVideoLikeActivityPubUrlByLocalActor / …Dislike…: `<actor>/likes|dislikes/<video id>`. */
export function localRateUrl(actorUrl: string, type: 'like' | 'dislike', videoId: number) {
  return `${actorUrl}/${type}s/${videoId}`;
}

export async function getRating(db: Db, accountId: number, videoId: number): Promise<Rating> {
  const [row] = await db.select({ type: rates.type }).from(rates).where(and(eq(rates.accountId, accountId), eq(rates.videoId, videoId))).limit(1);
  return row?.type ?? 'none';
}

/** Recounts a video's likes and dislikes from `rates`. */
export async function recountRates(db: Db, videoId: number) {
  await db.update(videos).set({
    likes: sql`(SELECT count(*) FROM ${rates} WHERE ${rates.videoId} = ${videoId} AND ${rates.type} = 'like')`,
    dislikes: sql`(SELECT count(*) FROM ${rates} WHERE ${rates.videoId} = ${videoId} AND ${rates.type} = 'dislike')`,
  }).where(eq(videos.id, videoId));
}

/**
 * PUT /videos/:id/rate. Idempotent: the same rating again changes nothing and sends nothing.
 * A change is recorded for the outbox: Like, Dislike and Undo to a remote video's origin, Update(Video) for a local one.
 */
export async function rateVideo(deps: RateDeps, viewer: Viewer, row: VideoRow, rating: Rating): Promise<void> {
  const { db } = deps;
  const videoId = row.video.id;
  const previous = await getRating(db, viewer.accountId, videoId);
  if (previous === rating) return;
  const now = new Date();
  if (rating === 'none') {
    await db.delete(rates).where(and(eq(rates.accountId, viewer.accountId), eq(rates.videoId, videoId)));
  } else {
    const [me] = await db.select({ url: actors.url }).from(accounts).innerJoin(actors, eq(actors.id, accounts.actorId)).where(eq(accounts.id, viewer.accountId)).limit(1);
    const url = localRateUrl(me.url, rating, videoId);
    await db.insert(rates).values({ accountId: viewer.accountId, videoId, type: rating, url, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [rates.accountId, rates.videoId], set: { type: rating, url, updatedAt: now } });
  }
  await recountRates(db, videoId);
  if (row.video.isLocal) {
    // The origin is here: PeerTube tells followers the new counts with Update(Video) (signed/README.md).
    await recordVideoUpdated(db, deps.queue, row);
  } else {
    await recordSocialEvent(db, deps.queue, {
      event: 'rate', accountId: viewer.accountId, videoId, previous: previous === 'none' ? null : previous, current: rating === 'none' ? null : rating,
    });
  }
}
