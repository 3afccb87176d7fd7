/**
 * Abuse reports (PeerTube's abuses): made here with POST /abuses, or received as a `Flag`.
 * A report of a remote video or account is also told to its origin: the service records an
 * `activitypub-flag` job, and the outbox sends the Flag (conventions.md §6).
 */
import { and, asc, desc, eq, inArray, or, sql, type AnyColumn } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteSelect } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import type { Db } from '../db/client';
import { abuses, accounts, actors, comments, videos, type Abuse } from '../db/schema';
import { ApiError } from '../errors';
import type { Pagination, ResultList } from '../http/pagination';
import { batchWithJobs, jobInsert, type JobQueue } from '../jobs/store';
import type { AccountWithActor } from '../serializers/account';
import { loadAccount } from './accounts';
import { notifyAbuseStateChange, notifyNewAbuse } from './notifications';
import { parseVideoId } from './short-uuid';
import { assertCanView, findVideoRow, selectVideoRows, type VideoRow } from './video-queries';
import type { Viewer } from './viewer';

/** PeerTube's AbusePredefinedReasonsString. */
export const ABUSE_PREDEFINED_REASONS = [
  'violentOrRepulsive',
  'hatefulOrAbusive',
  'spamOrMisleading',
  'privacy',
  'rights',
  'serverRules',
  'thumbnails',
  'captions',
] as const;

/** PeerTube's AbuseState. */
export const ABUSE_STATE = { PENDING: 1, REJECTED: 2, ACCEPTED: 3 } as const;
export const ABUSE_STATE_LABELS: Record<number, string> = { 1: 'Pending', 2: 'Rejected', 3: 'Accepted' };

/** PeerTube's SORTABLE_COLUMNS.ABUSES. */
export const ABUSE_SORTS = ['id', 'createdAt', 'state'] as const;

const videoIdSchema = z.union([z.number().int().positive(), z.string().min(1).max(100)]);

/** POST /abuses, as PeerTube validates it: a reason and at least one of video, account, comment. */
export const createAbuseSchema = z
  .object({
    reason: z.string().min(2).max(3000),
    predefinedReasons: z.array(z.enum(ABUSE_PREDEFINED_REASONS)).max(ABUSE_PREDEFINED_REASONS.length).optional(),
    video: z.object({ id: videoIdSchema, startAt: z.number().int().min(0).optional(), endAt: z.number().int().min(0).optional() }).optional(),
    account: z.object({ id: z.number().int().positive() }).optional(),
    comment: z.object({ id: z.number().int().positive() }).optional(),
  })
  .refine((b) => b.video || b.account || b.comment, { message: 'video, account or comment is required', path: ['video'] });

export type CreateAbuseInput = z.infer<typeof createAbuseSchema>;

export const updateAbuseSchema = z.object({
  state: z.union([z.literal(ABUSE_STATE.PENDING), z.literal(ABUSE_STATE.REJECTED), z.literal(ABUSE_STATE.ACCEPTED)]).optional(),
  moderationComment: z.string().min(2).max(3000).optional(),
});

/** PeerTube's counters of a report (AbuseModel's FOR_API scope). */
export type AbuseCounts = {
  countMessages: number;
  countReportsForVideo: number;
  nthReportForVideo: number;
  countReportsForReporter: number;
  countReportsForReportee: number;
};

export type AbuseView = {
  abuse: Abuse;
  reporter: AccountWithActor | undefined;
  flagged: AccountWithActor | undefined;
  video: VideoRow | undefined;
  counts: AbuseCounts;
};

const n = (v: unknown) => Number(v ?? 0);

/**
 * The counters as correlated subqueries on the row being listed. The outer columns are spelled
 * out: drizzle writes a column of a one-table select unqualified, which the subquery would take as its own.
 */
const abuseCounts = {
  countMessages: sql<number>`(select count(*) from abuse_messages m where m.abuse_id = abuses.id)`,
  countReportsForVideo: sql<number>`(select count(*) from abuses a2 where a2.video_id = abuses.video_id)`,
  nthReportForVideo: sql<number>`(select count(*) from abuses a2 where a2.video_id = abuses.video_id and (a2.created_at < abuses.created_at or (a2.created_at = abuses.created_at and a2.id <= abuses.id)))`,
  countReportsForReporter: sql<number>`(select count(*) from abuses a2 where a2.reporter_account_id = abuses.reporter_account_id)`,
  countReportsForReportee: sql<number>`(select count(*) from abuses a2 where a2.flagged_account_id = abuses.flagged_account_id)`,
};

/** PeerTube's list filters (abuseListForAdminsValidator, abuseListForUserValidator), the ones kept here. */
export type AbuseListQuery = Pagination & { state?: number; id?: number; search?: string; reporterAccountId?: number };

/** Files a report by `viewer`; a flagged account on another instance gets a Flag through a job. */
export async function createAbuse(db: Db, queue: JobQueue, viewer: Viewer, input: CreateAbuseInput): Promise<Abuse> {
  let videoId: number | null = null;
  let flaggedAccountId: number | null = null;
  if (input.video) {
    const ref = parseVideoId(String(input.video.id));
    const row = ref ? await findVideoRow(db, ref) : undefined;
    if (!row) throw ApiError.notFound('Video not found');
    assertCanView(row, viewer);
    videoId = row.video.id;
    flaggedAccountId = row.account.id;
  } else if (input.comment) {
    // No comment column in `abuses`: a comment report flags its author's account.
    const [comment] = await db.select({ accountId: comments.accountId }).from(comments).where(eq(comments.id, input.comment.id)).limit(1);
    if (!comment?.accountId) throw ApiError.notFound('Comment not found');
    flaggedAccountId = comment.accountId;
  } else if (input.account) {
    if (!(await loadAccount(db, input.account.id))) throw ApiError.notFound('Account not found');
    flaggedAccountId = input.account.id;
  }
  if (input.account && flaggedAccountId === viewer.accountId) throw ApiError.badRequest('You cannot report yourself.');

  // A report of a remote video or account is sent to its origin as a Flag, recorded with the
  // report; the job's payload names the report by the id its insert, just before, gave it.
  const flagged = flaggedAccountId === null ? undefined : await loadAccount(db, flaggedAccountId);
  const flag =
    flagged && flagged.actor.host !== null ? [jobInsert(db, { type: 'activitypub-flag', payload: sql`json_object('abuseId', last_insert_rowid())` })] : [];
  const [[abuse]] = (await batchWithJobs(
    db,
    queue,
    [
      db
        .insert(abuses)
        .values({
          reason: input.reason,
          predefinedReasons: input.predefinedReasons ?? [],
          reporterAccountId: viewer.accountId,
          flaggedAccountId,
          videoId,
        })
        .returning(),
    ],
    flag,
  )) as [[Abuse]];
  await notifyNewAbuse(db, abuse.id);
  return abuse;
}

/** Records a report received as a Flag; a repeated activity id is the same report. */
export async function recordReceivedAbuse(
  db: Db,
  input: {
    activityUrl: string;
    reason: string;
    predefinedReasons: string[];
    reporterAccountId: number | null;
    flaggedAccountId: number | null;
    videoId: number | null;
  },
): Promise<{ created: boolean }> {
  const inserted = await db.insert(abuses).values(input).onConflictDoNothing().returning({ id: abuses.id });
  if (inserted.length) await notifyNewAbuse(db, inserted[0].id);
  return { created: inserted.length > 0 };
}

/**
 * The reports, for moderators (all) or for one reporter (`reporterAccountId`, GET /users/me/abuses),
 * for one pipeline: the page, its total, and the accounts and videos the page names (subqueries on
 * the same page), so no report costs a round trip of its own (issue 9). {@link toAbuseList} reads the answers.
 */
export function abuseListQueries(db: Db, query: AbuseListQuery) {
  // PeerTube's search: the video's or its channel's name, the reporter's or the flagged account's name.
  const search = query.search
    ? sql`(exists (select 1 from videos v join video_channels c on c.id = v.channel_id join actors ca on ca.id = c.actor_id
          where v.id = abuses.video_id and (v.name like ${`%${query.search}%`} or ca.preferred_username like ${`%${query.search}%`}))
        or exists (select 1 from accounts a join actors aa on aa.id = a.actor_id
          where a.id in (abuses.reporter_account_id, abuses.flagged_account_id) and aa.preferred_username like ${`%${query.search}%`}))`
    : undefined;
  const where = and(
    query.state ? eq(abuses.state, query.state) : undefined,
    query.id ? eq(abuses.id, query.id) : undefined,
    query.reporterAccountId ? eq(abuses.reporterAccountId, query.reporterAccountId) : undefined,
    search,
  );
  const desc_ = query.sort.startsWith('-');
  const name = query.sort.replace('-', '');
  const column: AnyColumn = name === 'state' ? abuses.state : name === 'id' ? abuses.id : abuses.createdAt;
  const page = <T extends SQLiteSelect>(q: T) =>
    q
      .where(where)
      .orderBy(desc_ ? desc(column) : asc(column), desc(abuses.id))
      .limit(query.count)
      .offset(query.start);
  const ofPage = (c: SQLiteColumn) => page(db.select({ id: c }).from(abuses).$dynamic());
  return [
    page(
      db
        .select({ abuse: abuses, ...abuseCounts })
        .from(abuses)
        .$dynamic(),
    ),
    db
      .select({ total: sql<number>`count(*)` })
      .from(abuses)
      .where(where),
    db
      .select({ account: accounts, actor: actors })
      .from(accounts)
      .innerJoin(actors, eq(actors.id, accounts.actorId))
      .where(or(inArray(accounts.id, ofPage(abuses.reporterAccountId)), inArray(accounts.id, ofPage(abuses.flaggedAccountId)))),
    selectVideoRows(db).where(inArray(videos.id, ofPage(abuses.videoId))),
  ] as const;
}

type AbuseListAnswers = readonly [Array<{ abuse: Abuse } & Record<keyof typeof abuseCounts, number>>, { total: number }[], AccountWithActor[], VideoRow[]];

export function toAbuseList([rows, [{ total }], people, videoRows]: AbuseListAnswers): ResultList<AbuseView> {
  const accountOf = (id: number | null) => (id === null ? undefined : people.find((p) => p.account.id === id));
  const data = rows.map(({ abuse, ...counts }) => ({
    abuse,
    reporter: accountOf(abuse.reporterAccountId),
    flagged: accountOf(abuse.flaggedAccountId),
    video: abuse.videoId === null ? undefined : videoRows.find((v) => v.video.id === abuse.videoId),
    counts: {
      countMessages: n(counts.countMessages),
      countReportsForVideo: n(counts.countReportsForVideo),
      nthReportForVideo: n(counts.nthReportForVideo),
      countReportsForReporter: n(counts.countReportsForReporter),
      countReportsForReportee: n(counts.countReportsForReportee),
    },
  }));
  return { total: Number(total), data };
}

export async function listAbuses(db: Db, query: AbuseListQuery): Promise<ResultList<AbuseView>> {
  return toAbuseList(await db.batch(abuseListQueries(db, query)));
}

export async function getAbuse(db: Db, id: number): Promise<Abuse> {
  const [abuse] = await db.select().from(abuses).where(eq(abuses.id, id)).limit(1);
  if (!abuse) throw ApiError.notFound('Abuse not found');
  return abuse;
}

const NO_COUNTS: AbuseCounts = { countMessages: 0, countReportsForVideo: 0, nthReportForVideo: 0, countReportsForReporter: 0, countReportsForReportee: 0 };

export async function loadAbuseView(db: Db, abuse: Abuse, counts = NO_COUNTS): Promise<AbuseView> {
  const [reporter, flagged, video] = await Promise.all([
    abuse.reporterAccountId === null ? undefined : loadAccount(db, abuse.reporterAccountId),
    abuse.flaggedAccountId === null ? undefined : loadAccount(db, abuse.flaggedAccountId),
    abuse.videoId === null ? undefined : findVideoRow(db, { kind: 'id', id: abuse.videoId }),
  ]);
  return { abuse, reporter, flagged, video, counts };
}

export async function updateAbuse(db: Db, id: number, input: z.infer<typeof updateAbuseSchema>): Promise<void> {
  // A state change is the report's processing, the first time (PeerTube's updateAbuse).
  const [current] = await db.select({ processedAt: abuses.processedAt, state: abuses.state }).from(abuses).where(eq(abuses.id, id)).limit(1);
  if (!current) throw ApiError.notFound('Abuse not found');
  const changes = {
    ...(input.state !== undefined && { state: input.state }),
    ...(input.state !== undefined && current.processedAt === null && { processedAt: new Date() }),
    ...(input.moderationComment !== undefined && { moderationComment: input.moderationComment }),
  };
  const updated = await db
    .update(abuses)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(abuses.id, id))
    .returning({ id: abuses.id });
  if (updated.length === 0) throw ApiError.notFound('Abuse not found');
  // Once per change: a PUT that repeats the state (or only edits the comment) tells the reporter nothing new.
  if (input.state !== undefined && input.state !== current.state) await notifyAbuseStateChange(db, id);
}

export async function deleteAbuse(db: Db, id: number): Promise<void> {
  const deleted = await db.delete(abuses).where(eq(abuses.id, id)).returning({ id: abuses.id });
  if (deleted.length === 0) throw ApiError.notFound('Abuse not found');
}
