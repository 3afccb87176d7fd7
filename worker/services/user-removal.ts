/**
 * DELETE /users/{id} and DELETE /users/me. Removing the account removes its channels and their
 * videos through the foreign keys (the explicit deletes keep this true without them); the account's
 * and channels' actors lose their follows, their followers are told, and the media of the videos
 * and the actors' images leave R2 (services/actor-removal.ts).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { accounts, oauthTokens, users, videoChannels, type User } from '../db/schema';
import { ApiError } from '../errors';
import { removeLocalActors, type RemovalDeps, type RemovedActor } from './actor-removal';
import { assertCanModerate, loadUser } from './users';
import type { Viewer } from './viewer';

/** DELETE /users/{id}. The root user stays (400, as PeerTube). */
export async function deleteUser(deps: RemovalDeps, viewer: Viewer, userId: number): Promise<void> {
  const target = await loadUser(deps.db, userId);
  if (target.username === 'root') throw ApiError.badRequest('Cannot remove the root user');
  assertCanModerate(viewer, target);
  await removeUser(deps, target);
}

/** DELETE /users/me: a user deletes their own account, except root (PeerTube's deleteMeValidator). */
export async function deleteMe(deps: RemovalDeps, viewer: Viewer): Promise<void> {
  const me = await loadUser(deps.db, viewer.userId);
  if (me.username === 'root') throw ApiError.badRequest('You cannot delete your root account.');
  await removeUser(deps, me);
}

async function removeUser(deps: RemovalDeps, target: User): Promise<void> {
  const { db } = deps;
  const [account] = await db.select().from(accounts).where(eq(accounts.userId, target.id)).limit(1);
  const channelActorIds = account ? await channelActorIdsOf(db, account.id) : [];
  const removed: RemovedActor[] = [...channelActorIds.map((actorId) => ({ actorId })), ...(account ? [{ actorId: account.actorId, channelActorIds }] : [])];
  await removeLocalActors(deps, removed, [
    db.delete(oauthTokens).where(eq(oauthTokens.userId, target.id)),
    ...(account ? [db.delete(videoChannels).where(eq(videoChannels.accountId, account.id)), db.delete(accounts).where(eq(accounts.id, account.id))] : []),
    db.delete(users).where(eq(users.id, target.id)),
  ]);
}

/** The actors of an account's channels. */
async function channelActorIdsOf(db: Db, accountId: number): Promise<number[]> {
  return (await db.select({ actorId: videoChannels.actorId }).from(videoChannels).where(eq(videoChannels.accountId, accountId))).map((r) => r.actorId);
}
