/**
 * PeerTube's scoped feed token (server/core/controllers/api/users/token.ts, `scoped-tokens`):
 * one UUID per user that opens their subscriptions feed without an OAuth token.
 * Users made before the column existed get theirs on first read.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { accounts, users } from '../db/schema';
import { ApiError } from '../errors';

/** The user's feed token, for a pipeline; {@link feedTokenOf} reads the answer. */
export const feedTokenQuery = (db: Db, userId: number) => db.select({ feedToken: users.feedToken }).from(users).where(eq(users.id, userId)).limit(1);

export async function getFeedToken(db: Db, userId: number): Promise<string> {
  return feedTokenOf(db, userId, await feedTokenQuery(db, userId));
}

/** The token out of {@link feedTokenQuery}'s answer; a user without one gets it now. */
export async function feedTokenOf(db: Db, userId: number, [row]: { feedToken: string | null }[]): Promise<string> {
  if (!row) throw ApiError.notFound('User not found');
  if (row.feedToken) return row.feedToken;
  // Only when still empty: two first reads at once agree on one token.
  await db
    .update(users)
    .set({ feedToken: crypto.randomUUID() })
    .where(and(eq(users.id, userId), isNull(users.feedToken)));
  return getFeedToken(db, userId);
}

export async function renewFeedToken(db: Db, userId: number): Promise<string> {
  const feedToken = crypto.randomUUID();
  await db.update(users).set({ feedToken }).where(eq(users.id, userId));
  return feedToken;
}

/**
 * The subscriptions feed's check (PeerTube's videoSubscriptionFeedsValidator): the account must
 * exist (404) and belong to the user whose feed token is given (403). Returns the account's actor id.
 */
export async function assertFeedToken(db: Db, accountId: number, token: string): Promise<{ actorId: number; userId: number }> {
  return checkFeedToken(await feedTokenCheckQuery(db, accountId), token);
}

/** What {@link assertFeedToken} reads, for a pipeline; {@link checkFeedToken} checks the answer. */
export function feedTokenCheckQuery(db: Db, accountId: number) {
  return db
    .select({ actorId: accounts.actorId, userId: accounts.userId, feedToken: users.feedToken })
    .from(accounts)
    .leftJoin(users, eq(users.id, accounts.userId))
    .where(eq(accounts.id, accountId))
    .limit(1);
}

export function checkFeedToken([row]: { actorId: number; userId: number | null; feedToken: string | null }[], token: string) {
  if (!row) throw ApiError.notFound('Account not found');
  if (!row.userId || !row.feedToken || row.feedToken !== token) throw ApiError.forbidden('User and token mismatch');
  return { actorId: row.actorId, userId: row.userId };
}
