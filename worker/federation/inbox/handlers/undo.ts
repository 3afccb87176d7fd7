/**
 * Undo of a Follow, Like or Dislike. The undone activity must be the signer's own:
 * either quoted in full with the same actor, or referenced by id and found among
 * the signer's rows.
 */
import { and, eq } from 'drizzle-orm';
import { follows, rates } from '../../../db/schema';
import { refreshFollowCounts } from '../../follow-counts';
import { findLocalActorByUrl } from '../../local-actors';
import { idOf } from '../activity';
import { accountOfActor, refreshRateCounts } from './rate-helpers';
import { ignored, processed, type ActivityHandler, type InboxContext } from './types';

export const handleUndo: ActivityHandler = async (ctx, activity) => {
  const object = activity.object;
  const undoneId = idOf(object);
  if (!undoneId) return ignored('Undo without an object');
  if (object && typeof object === 'object') {
    const inner = object as Record<string, unknown>;
    if (idOf(inner.actor) !== ctx.signer.url) return ignored('Undo of an activity of another actor');
    switch (inner.type) {
      case 'Follow': return undoFollow(ctx, undoneId, idOf(inner.object));
      case 'Like':
      case 'Dislike': return undoRate(ctx, undoneId);
      default: return ignored(`Undo of ${String(inner.type)} is not handled`);
    }
  }
  // Only an id: try what the signer could have done with it.
  const follow = await undoFollow(ctx, undoneId, undefined);
  return follow.outcome === 'processed' ? follow : undoRate(ctx, undoneId);
};

async function undoFollow(ctx: InboxContext, followActivityId: string, objectUrl: string | undefined) {
  const mine = eq(follows.followerActorId, ctx.signer.id);
  let [row] = await ctx.db.select().from(follows).where(and(mine, eq(follows.activityUrl, followActivityId))).limit(1);
  if (!row && objectUrl) {
    // PeerTube quotes the Follow with its original id; a re-sent Follow may have replaced the one we stored.
    const target = await findLocalActorByUrl(ctx.db, objectUrl);
    if (target) [row] = await ctx.db.select().from(follows).where(and(mine, eq(follows.followingActorId, target.actor.id))).limit(1);
  }
  if (!row) return ignored(`no follow ${followActivityId} by ${ctx.signer.url}`);
  await ctx.db.delete(follows).where(eq(follows.id, row.id));
  await refreshFollowCounts(ctx.db, [row.followerActorId, row.followingActorId]);
  return processed(`follow ${followActivityId} undone`);
}

async function undoRate(ctx: InboxContext, rateActivityId: string) {
  const account = await accountOfActor(ctx, ctx.signer.id);
  if (!account) return ignored(`${ctx.signer.url} has no account`);
  const [row] = await ctx.db.select().from(rates).where(and(eq(rates.accountId, account.id), eq(rates.url, rateActivityId))).limit(1);
  if (!row) return ignored(`no rate ${rateActivityId} by ${ctx.signer.url}`);
  await ctx.db.delete(rates).where(eq(rates.id, row.id));
  await refreshRateCounts(ctx.db, row.videoId);
  return processed(`rate ${rateActivityId} undone`);
}
