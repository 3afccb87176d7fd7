/**
 * Delete of a Note (a comment) by its author: the comment is kept as deleted, as
 * PeerTube keeps it (its replies stay in the thread). Delete of the signer itself
 * (an account closed) ends its follows. Deletes of videos are not handled yet.
 */
import { and, eq, isNull, or } from 'drizzle-orm';
import { comments, follows } from '../../../db/schema';
import { recountFollows } from '../../../services/follows';
import { idOf } from '../../as-values';
import { accountOfActor } from './rate-helpers';
import { ignored, processed, type ActivityHandler } from './types';
import { handleDeleteVideo } from './video';
import { handleDeletePlaylist } from './playlist';

export const handleDelete: ActivityHandler = async (ctx, activity) => {
  const objectId = idOf(activity.object);
  if (!objectId) return ignored('Delete without an object');
  if (objectId === ctx.signer.url) {
    const mine = or(eq(follows.followerActorId, ctx.signer.id), eq(follows.followingActorId, ctx.signer.id));
    const gone = await ctx.db.delete(follows).where(mine).returning({ a: follows.followerActorId, b: follows.followingActorId });
    await recountFollows(ctx.db, [ctx.signer.id, ...gone.flatMap((f) => [f.a, f.b])]);
    return processed(`actor ${objectId} deleted: ${gone.length} follow(s) removed`);
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
