import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { oauthTokens, users } from '../db/schema';
import { ApiError } from '../errors';
import { assertCanModerate, loadUser } from './users';
import type { Viewer } from './viewer';

/**
 * POST /users/{id}/block and /unblock, as PeerTube's changeUserBlock
 * (server/core/controllers/api/users/index.ts): the flag and its reason change, and every token
 * of the user goes in the same batch, so API clients and web sessions (which are the same
 * tokens, services/web-sessions.ts) stop working at once. PeerTube federates nothing about it:
 * a blocked user's account and videos stay as they are, here and on other instances.
 */
export async function setUserBlocked(db: Db, viewer: Viewer, userId: number, blocked: boolean, reason?: string | null): Promise<void> {
  const target = await loadUser(db, userId);
  // PeerTube's usersBlockingValidator refuses by name, before the role check.
  if (target.username === 'root') throw ApiError.badRequest('Cannot block the root user');
  assertCanModerate(viewer, target);
  await db.batch([
    db.delete(oauthTokens).where(eq(oauthTokens.userId, target.id)),
    db
      .update(users)
      .set({ blocked, blockedReason: blocked ? (reason ?? null) : null, updatedAt: new Date() })
      .where(eq(users.id, target.id)),
  ]);
}
