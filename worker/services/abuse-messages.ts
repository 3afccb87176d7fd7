/**
 * PeerTube's abuse messages (server/core/controllers/api/abuse.ts and getAbuseValidator,
 * checkAbuseValidForMessagesValidator, deleteAbuseMessageValidator in
 * middlewares/validators/abuse.ts): the reporter, when local, talks with the moderators.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { abuseMessages, abuses, accounts, actors, type Abuse, type AbuseMessage } from '../db/schema';
import { ApiError } from '../errors';
import type { ResultList } from '../http/pagination';
import type { AccountWithActor } from '../serializers/account';
import { isModerator, type Viewer } from './viewer';
import { notifyAbuseNewMessage } from './notifications';

export type AbuseMessageView = { message: AbuseMessage; author: AccountWithActor | undefined };

/**
 * The report whose messages `viewer` may read and write: moderators any, others their own
 * (403), and only a report made by a local user has messages (400).
 */
export async function loadAbuseForMessages(db: Db, viewer: Viewer, abuseId: number): Promise<Abuse> {
  const [row] = await db
    .select({ abuse: abuses, reporterHost: actors.host, reporterActor: actors.id })
    .from(abuses)
    .leftJoin(accounts, eq(accounts.id, abuses.reporterAccountId))
    .leftJoin(actors, eq(actors.id, accounts.actorId))
    .where(eq(abuses.id, abuseId))
    .limit(1);
  if (!row) throw ApiError.notFound('Abuse not found');
  if (!isModerator(viewer) && row.abuse.reporterAccountId !== viewer.accountId) {
    throw ApiError.forbidden(`User ${viewer.username} does not have right to get abuse ${abuseId}`);
  }
  // PeerTube's own wording, although the condition is the reverse.
  if (row.reporterActor === null || row.reporterHost !== null) throw ApiError.badRequest('This abuse was created by a user of your instance.');
  return row.abuse;
}

/** All the messages of a report, oldest first, unpaginated as in PeerTube. */
export async function listAbuseMessages(db: Db, abuseId: number): Promise<ResultList<AbuseMessageView>> {
  const rows = await db
    .select({ message: abuseMessages, account: accounts, actor: actors })
    .from(abuseMessages)
    .leftJoin(accounts, eq(accounts.id, abuseMessages.accountId))
    .leftJoin(actors, eq(actors.id, accounts.actorId))
    .where(eq(abuseMessages.abuseId, abuseId))
    .orderBy(asc(abuseMessages.createdAt), asc(abuseMessages.id));
  const data = rows.map((r) => ({ message: r.message, author: r.account && r.actor ? { account: r.account, actor: r.actor } : undefined }));
  return { total: data.length, data };
}

/** A message by the reporter or a moderator; a moderator's first message marks the report processed. */
export async function addAbuseMessage(db: Db, viewer: Viewer, abuse: Abuse, message: string): Promise<{ id: number }> {
  const byModerator = abuse.reporterAccountId !== viewer.accountId;
  const now = new Date();
  const insert = db
    .insert(abuseMessages)
    .values({ abuseId: abuse.id, accountId: viewer.accountId, message, byModerator, createdAt: now, updatedAt: now })
    .returning({ id: abuseMessages.id });
  const markProcessed = db
    .update(abuses)
    .set({ processedAt: now })
    .where(and(eq(abuses.id, abuse.id), isNull(abuses.processedAt)));
  const [created] = byModerator ? (await db.batch([insert, markProcessed]))[0] : await insert;
  await notifyAbuseNewMessage(db, abuse.id, viewer.accountId);
  return created;
}

/** Moderators delete any message of the report, others only their own. */
export async function deleteAbuseMessage(db: Db, viewer: Viewer, abuse: Abuse, messageId: number): Promise<void> {
  const [message] = await db
    .select()
    .from(abuseMessages)
    .where(and(eq(abuseMessages.id, messageId), eq(abuseMessages.abuseId, abuse.id)))
    .limit(1);
  if (!message) throw ApiError.notFound('Abuse message not found');
  if (!isModerator(viewer) && message.accountId !== viewer.accountId) throw ApiError.forbidden('Cannot delete this abuse message');
  await db.delete(abuseMessages).where(eq(abuseMessages.id, message.id));
}
