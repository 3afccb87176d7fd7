/** Shared by Like, Dislike and Undo: rates of remote accounts on our videos. */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { accounts, rates, videos } from '../../../db/schema';
import type { Activity } from '../activity';
import { idOf } from '../activity';
import { ignored, processed, type HandlerResult, type InboxContext } from './types';

export async function accountOfActor(ctx: InboxContext, actorId: number) {
  const [row] = await ctx.db.select().from(accounts).where(eq(accounts.actorId, actorId)).limit(1);
  return row;
}

/** Recounts a video's likes and dislikes from `rates`, so replays and races cannot drift them. */
export async function refreshRateCounts(db: Db, videoId: number) {
  await db.update(videos).set({
    likes: sql`(SELECT count(*) FROM ${rates} WHERE ${rates.videoId} = ${videoId} AND ${rates.type} = 'like')`,
    dislikes: sql`(SELECT count(*) FROM ${rates} WHERE ${rates.videoId} = ${videoId} AND ${rates.type} = 'dislike')`,
  }).where(eq(videos.id, videoId));
}

/** Records a Like or Dislike of one of our videos (PeerTube accepts both on any video it knows). */
export async function recordRate(ctx: InboxContext, activity: Activity, type: 'like' | 'dislike'): Promise<HandlerResult> {
  const videoUrl = idOf(activity.object);
  if (!videoUrl) return ignored(`${activity.type} without an object`);
  const [video] = await ctx.db.select({ id: videos.id }).from(videos).where(eq(videos.url, videoUrl)).limit(1);
  if (!video) return ignored(`${activity.type} of ${videoUrl}, which is not a known video`);
  const account = await accountOfActor(ctx, ctx.signer.id);
  if (!account) return ignored(`${ctx.signer.url} (${ctx.signer.type}) has no account and cannot rate`);
  const now = new Date();
  await ctx.db.insert(rates).values({ accountId: account.id, videoId: video.id, type, url: activity.id, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [rates.accountId, rates.videoId], set: { type, url: activity.id, updatedAt: now } });
  await refreshRateCounts(ctx.db, video.id);
  return processed(`${type} of ${videoUrl} by ${ctx.signer.url}`);
}

