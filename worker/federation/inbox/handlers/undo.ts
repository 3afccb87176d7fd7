/**
 * Undo of a Follow, Like, Dislike or Announce. The undone activity must be the signer's own:
 * either quoted in full with the same actor, or referenced by id and found among
 * the signer's rows.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { accounts, actors, comments, follows, rates, videos } from '../../../db/schema';
import { recountFollows } from '../../../services/follows';
import { findLocalActorByUrl } from '../../local-actors';
import { findRemoteVideoOwners, isFollowedLocally } from '../../remote-videos/store';
import { idOf } from '../../as-values';
import { accountOfActor } from './rate-helpers';
import { removeRemoteRate } from '../../../services/rates';
import { ignored, processed, type ActivityHandler, type InboxContext } from './types';

export const handleUndo: ActivityHandler = async (ctx, activity) => {
  const object = activity.object;
  const undoneId = idOf(object);
  if (!undoneId) return ignored('Undo without an object');
  if (object && typeof object === 'object') {
    const inner = object as Record<string, unknown>;
    if (idOf(inner.actor) !== ctx.signer.url) return ignored('Undo of an activity of another actor');
    switch (inner.type) {
      case 'Follow':
        return undoFollow(ctx, undoneId, idOf(inner.object));
      case 'Like':
      case 'Dislike':
        return undoRate(ctx, undoneId);
      case 'Announce':
        return undoAnnounce(ctx, idOf(inner.object));
      default:
        return ignored(`Undo of ${String(inner.type)} is not handled`);
    }
  }
  // Only an id: try what the signer could have done with it.
  const follow = await undoFollow(ctx, undoneId, undefined);
  return follow.outcome === 'processed' ? follow : undoRate(ctx, undoneId);
};

async function undoFollow(ctx: InboxContext, followActivityId: string, objectUrl: string | undefined) {
  const mine = eq(follows.followerActorId, ctx.signer.id);
  let [row] = await ctx.db
    .select()
    .from(follows)
    .where(and(mine, eq(follows.activityUrl, followActivityId)))
    .limit(1);
  if (!row && objectUrl) {
    // PeerTube quotes the Follow with its original id; a re-sent Follow may have replaced the one we stored.
    const target = await findLocalActorByUrl(ctx.db, objectUrl);
    if (target)
      [row] = await ctx.db
        .select()
        .from(follows)
        .where(and(mine, eq(follows.followingActorId, target.actor.id)))
        .limit(1);
  }
  if (!row) return ignored(`no follow ${followActivityId} by ${ctx.signer.url}`);
  await ctx.db.delete(follows).where(eq(follows.id, row.id));
  await recountFollows(ctx.db, [row.followerActorId, row.followingActorId]);
  return processed(`follow ${followActivityId} undone`);
}

async function undoRate(ctx: InboxContext, rateActivityId: string) {
  const account = await accountOfActor(ctx, ctx.signer.id);
  if (!account) return ignored(`${ctx.signer.url} has no account`);
  const [row] = await ctx.db
    .select()
    .from(rates)
    .where(and(eq(rates.accountId, account.id), eq(rates.url, rateActivityId)))
    .limit(1);
  if (!row) return ignored(`no rate ${rateActivityId} by ${ctx.signer.url}`);
  await removeRemoteRate(ctx.db, row);
  return processed(`rate ${rateActivityId} undone`);
}

/**
 * Undo(Announce). PeerTube deletes its share row (VideoShareModel) and keeps the
 * video (lib/activitypub/process/process-undo.ts, processUndoAnnounce). We keep no
 * shares: an Announce's only trace here is the remote video it made us index. So
 * the video goes when that Announce was the only reason we have it, and stays
 * (acknowledged, nothing changed) when any of these holds:
 * - the announcer is the video's channel or account (its owner; removing is Delete's job);
 * - one of our actors follows the video's channel, account or instance (we would index it anyway);
 * - a local account commented on or rated it (removing it would drop their comments and rates).
 * Without shares we cannot know whether another actor we follow announced it too:
 * the video goes anyway.
 * An Undo that names the Announce by id only is not handled (the id is stored nowhere).
 */
async function undoAnnounce(ctx: InboxContext, videoUrl: string | undefined) {
  if (!videoUrl) return ignored('Undo(Announce) without an object');
  const video = await findRemoteVideoOwners(ctx, videoUrl);
  if (!video) return ignored(`Undo(Announce) of ${videoUrl}, which is not an indexed remote video`);
  const kept = (why: string) => processed(`Undo(Announce) of ${videoUrl}: the video stays, ${why}`);
  if (ctx.signer.id === video.channelActorId || ctx.signer.id === video.accountActorId) return kept('the announcer owns it');
  const owners = await ctx.db
    .select({ url: actors.url, host: actors.host })
    .from(actors)
    .where(inArray(actors.id, [video.channelActorId, video.accountActorId]));
  if (
    await isFollowedLocally(
      ctx,
      owners.map((o) => o.url),
      owners[0]?.host ?? null,
    )
  )
    return kept('its channel, account or instance is followed here');
  if (await hasLocalInteractions(ctx, video.id)) return kept('local accounts commented on or rated it');
  await ctx.db.delete(videos).where(eq(videos.id, video.id));
  return processed(`Undo(Announce) of ${videoUrl}: the video was known through this Announce only, removed`);
}

async function hasLocalInteractions(ctx: InboxContext, videoId: number): Promise<boolean> {
  const localAccounts = ctx.db.select({ id: accounts.id }).from(accounts).innerJoin(actors, eq(actors.id, accounts.actorId)).where(isNull(actors.host));
  const [comment] = await ctx.db
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.videoId, videoId), inArray(comments.accountId, localAccounts)))
    .limit(1);
  if (comment) return true;
  const [rate] = await ctx.db
    .select({ id: rates.id })
    .from(rates)
    .where(and(eq(rates.videoId, videoId), inArray(rates.accountId, localAccounts)))
    .limit(1);
  return !!rate;
}
