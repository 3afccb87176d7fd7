/**
 * Delete of a Note (a comment) by its author: the comment is kept as deleted, as
 * PeerTube keeps it (its replies stay in the thread). Delete of the signer itself
 * (an account or channel closed) ends its follows and removes our copy of it with its videos.
 * Deletes of videos and playlists are handled by their modules.
 */
import { and, eq, inArray, isNotNull, isNull, or } from 'drizzle-orm';
import { accounts, actors, comments, follows, videoChannels } from '../../../db/schema';
import { recountFollows } from '../../../services/follows';
import { idOf } from '../../as-values';
import { accountOfActor } from './rate-helpers';
import { ignored, processed, type ActivityHandler, type InboxContext } from './types';
import { handleDeleteVideo } from './video';
import { handleDeletePlaylist } from './playlist';

/**
 * Our copy of a remote account or channel that deleted itself, as PeerTube's processDeleteAccount
 * and processDeleteVideoChannel: the actor, with an account's channels; their videos go with them
 * through the foreign keys.
 */
async function removeRemoteActor(ctx: InboxContext, actorId: number): Promise<number> {
  const channelActors = ctx.db
    .select({ id: videoChannels.actorId })
    .from(videoChannels)
    .innerJoin(accounts, eq(accounts.id, videoChannels.accountId))
    .where(eq(accounts.actorId, actorId));
  const gone = await ctx.db
    .delete(actors)
    .where(and(isNotNull(actors.host), or(eq(actors.id, actorId), inArray(actors.id, channelActors))))
    .returning({ id: actors.id });
  return gone.length;
}

export const handleDelete: ActivityHandler = async (ctx, activity) => {
  const objectId = idOf(activity.object);
  if (!objectId) return ignored('Delete without an object');
  if (objectId === ctx.signer.url) {
    const mine = or(eq(follows.followerActorId, ctx.signer.id), eq(follows.followingActorId, ctx.signer.id));
    const gone = await ctx.db.delete(follows).where(mine).returning({ a: follows.followerActorId, b: follows.followingActorId });
    await recountFollows(ctx.db, [ctx.signer.id, ...gone.flatMap((f) => [f.a, f.b])]);
    const removed = ctx.signer.host === null ? 0 : await removeRemoteActor(ctx, ctx.signer.id);
    return processed(`actor ${objectId} deleted: ${gone.length} follow(s) and ${removed} actor(s) removed`);
  }
  const video = await handleDeleteVideo(ctx, objectId);
  if (video) return video;
  const playlist = await handleDeletePlaylist(ctx, objectId);
  if (playlist) return playlist;
  const account = await accountOfActor(ctx, ctx.signer.id);
  if (!account) return ignored(`${ctx.signer.url} has no account`);
  const done = await ctx.db
    .update(comments)
    .set({ deletedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(comments.url, objectId), eq(comments.accountId, account.id), isNull(comments.deletedAt)))
    .returning({ id: comments.id });
  return done.length ? processed(`comment ${objectId} deleted`) : ignored(`no comment ${objectId} of ${ctx.signer.url}`);
};
