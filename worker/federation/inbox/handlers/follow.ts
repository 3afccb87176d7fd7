/**
 * Follow of one of our accounts, channels or the instance actor. Accounts and
 * channels accept at once; the instance actor follows the admin's setting
 * (followers.instance: enabled / manualApproval), as PeerTube does.
 * The Accept quotes the Follow it answers (peertube-compat.md, "Delivery").
 */
import { eq } from 'drizzle-orm';
import { follows, type Actor } from '../../../db/schema';
import { getCustomConfig } from '../../../services/instance-settings';
import { notifyNewFollow } from '../../../services/notifications';
import { ACTIVITY_CONTEXT } from '../../context';
import { findFollow, recountFollows } from '../../../services/follows';
import { findLocalActorByUrl } from '../../local-actors';
import { sendToActors } from '../../outbox/send';
import { idOf } from '../../as-values';
import { ignored, processed, type ActivityHandler, type InboxContext } from './types';

export const handleFollow: ActivityHandler = async (ctx, activity) => {
  const objectUrl = idOf(activity.object);
  if (!objectUrl) return ignored('Follow without an object');
  const target = await findLocalActorByUrl(ctx.db, objectUrl);
  if (!target) return ignored(`Follow of ${objectUrl}, which is not a local actor`);
  const follower = ctx.signer;
  if (follower.id === target.actor.id) return ignored('an actor cannot follow itself');

  const state = await decideFollowState(ctx, target.actor);
  const now = new Date();
  const existing = await findFollow(ctx.db, follower.id, target.actor.id);
  let followId: number;
  if (existing) {
    // A remote instance re-sends Follow when it lost our Accept; answer again (PeerTube does).
    await ctx.db
      .update(follows)
      .set({ activityUrl: activity.id, state: existing.state === 'accepted' ? 'accepted' : state, updatedAt: now })
      .where(eq(follows.id, existing.id));
    followId = existing.id;
  } else {
    const [row] = await ctx.db
      .insert(follows)
      .values({ followerActorId: follower.id, followingActorId: target.actor.id, state, activityUrl: activity.id, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [follows.followerActorId, follows.followingActorId], set: { activityUrl: activity.id, updatedAt: now } })
      .returning({ id: follows.id });
    followId = row.id;
    await notifyNewFollow(ctx.db, followId);
  }
  await recountFollows(ctx.db, [follower.id, target.actor.id]);
  const finalState = existing?.state === 'accepted' ? 'accepted' : state;
  if (finalState === 'pending') return processed(`Follow of ${objectUrl} waits for approval`);

  const reply = buildFollowReply(ctx, finalState === 'accepted' ? 'Accept' : 'Reject', followId, activity.id, follower, target.actor);
  await sendToActors(ctx, { from: target.actor, to: [follower], activity: reply });
  return processed(`${reply.type} of the Follow of ${objectUrl} by ${follower.url}`);
};

async function decideFollowState(ctx: InboxContext, target: Actor): Promise<'accepted' | 'pending' | 'rejected'> {
  if (target.type !== 'Application') return 'accepted';
  const custom = await getCustomConfig(ctx.db, ctx.config);
  if (!custom.followers.instance.enabled) return 'rejected';
  return custom.followers.instance.manualApproval ? 'pending' : 'accepted';
}

/** PeerTube's shape (fixtures/peertube-6.3/signed/accept-from-peertube.json), with the Follow quoted in full. */
export function buildFollowReply(ctx: InboxContext, type: 'Accept' | 'Reject', followId: number, followActivityId: string, follower: Actor, target: Actor) {
  return {
    '@context': ACTIVITY_CONTEXT,
    type,
    id: `${ctx.config.publicUrl}/${type === 'Accept' ? 'accepts' : 'rejects'}/follows/${followId}`,
    actor: target.url,
    object: { type: 'Follow', id: followActivityId, actor: follower.url, object: target.url },
  };
}
