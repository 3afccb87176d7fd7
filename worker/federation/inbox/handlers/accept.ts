/**
 * Accept or Reject of a Follow one of our actors sent. Only the followed actor
 * may answer. PeerTube quotes the Follow in full and may re-send it with the
 * original id (fixtures/peertube-6.3/signed/README.md), so the follow is found
 * by id first, then by the (local follower, signer) pair.
 */
import { and, eq } from 'drizzle-orm';
import { follows } from '../../../db/schema';
import { findLocalActorByUrl } from '../../local-actors';
import { settleFollow } from '../../follow-recovery';
import { idOf } from '../../as-values';
import { ignored, processed, type ActivityHandler, type InboxContext } from './types';

async function answerFollow(ctx: InboxContext, object: unknown, state: 'accepted' | 'rejected') {
  const followId = idOf(object);
  if (!followId) return ignored('no Follow quoted');
  const toSigner = eq(follows.followingActorId, ctx.signer.id);
  let [row] = await ctx.db
    .select()
    .from(follows)
    .where(and(toSigner, eq(follows.activityUrl, followId)))
    .limit(1);
  if (!row && object && typeof object === 'object') {
    const follower = idOf((object as Record<string, unknown>).actor);
    const local = follower ? await findLocalActorByUrl(ctx.db, follower) : null;
    if (local)
      [row] = await ctx.db
        .select()
        .from(follows)
        .where(and(toSigner, eq(follows.followerActorId, local.actor.id)))
        .limit(1);
  }
  if (!row) return ignored(`no follow ${followId} of ${ctx.signer.url}`);
  if (!(await settleFollow(ctx, row, state))) return processed(`follow ${followId} already ${state}`);
  return processed(`follow ${followId} ${state}`);
}

export const handleAccept: ActivityHandler = (ctx, activity) => answerFollow(ctx, activity.object, 'accepted');
export const handleReject: ActivityHandler = (ctx, activity) => answerFollow(ctx, activity.object, 'rejected');
