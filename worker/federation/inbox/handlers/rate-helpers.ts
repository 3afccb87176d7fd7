/** Shared by Like, Dislike and Undo: rates of remote accounts on our videos. */
import { eq } from 'drizzle-orm';
import { accounts, videos } from '../../../db/schema';
import { storeRemoteRate } from '../../../services/rates';
import type { Activity } from '../activity';
import { idOf } from '../../as-values';
import { ignored, processed, type HandlerResult, type InboxContext } from './types';

export async function accountOfActor(ctx: InboxContext, actorId: number) {
  const [row] = await ctx.db.select().from(accounts).where(eq(accounts.actorId, actorId)).limit(1);
  return row;
}

/** Records a Like or Dislike of one of our videos (PeerTube accepts both on any video it knows). */
export async function recordRate(ctx: InboxContext, activity: Activity, type: 'like' | 'dislike'): Promise<HandlerResult> {
  const videoUrl = idOf(activity.object);
  if (!videoUrl) return ignored(`${activity.type} without an object`);
  const [video] = await ctx.db.select({ id: videos.id }).from(videos).where(eq(videos.url, videoUrl)).limit(1);
  if (!video) return ignored(`${activity.type} of ${videoUrl}, which is not a known video`);
  const account = await accountOfActor(ctx, ctx.signer.id);
  if (!account) return ignored(`${ctx.signer.url} (${ctx.signer.type}) has no account and cannot rate`);
  await storeRemoteRate(ctx.db, { accountId: account.id, videoId: video.id, type, url: activity.id });
  return processed(`${type} of ${videoUrl} by ${ctx.signer.url}`);
}
