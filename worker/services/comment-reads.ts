/**
 * Reading comment threads (PeerTube's listThreadsForApi and thread trees) in the pipeline that
 * reads their video: one libSQL round trip per read (issue 9). The queries take the video's id and
 * its owner's account id as SQL, a value or a subquery on the video's uuid (`videoRefIds`), so
 * nothing waits for the video row.
 *
 * @example
 *   const found = await findVideoWithThreads(db, ref, { start: 0, count: 20, sort: '-createdAt' });
 */
import { and, asc, desc, eq, inArray, isNull, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { ApiError } from '../errors';
import type { Config } from '../config';
import { accounts, actors, comments, type Comment } from '../db/schema';
import type { Pagination } from '../http/pagination';
import { serializeComment, type CommentTreeJson, type CommentWithAuthor } from '../serializers/comment';
import { videoRowQuery, videoRefIds, type VideoRefIds, type VideoRow } from './video-queries';
import type { VideoIdRef } from './short-uuid';
import { isModerator, type Viewer } from './viewer';

/** PeerTube's VideoCommentPolicy: 1 enabled, 2 disabled, 3 requires approval. */
export const COMMENTS_POLICY_DISABLED = 2;

/**
 * Who reads the comments. A comment held for review is shown only to the video's owner, to
 * moderators (PeerTube's SEE_ALL_COMMENTS) and to its author (listThreadsForApi's
 * heldForReviewAccountIdException); nobody else, anonymous readers (edge-cached) included.
 */
export type CommentReader = { accountId: number; moderator: boolean } | undefined;

export const commentReader = (viewer: Viewer | undefined): CommentReader =>
  viewer ? { accountId: viewer.accountId, moderator: isModerator(viewer) } : undefined;

/** The comments of one video as one reader sees them: `ownerAccountId` is the video owner's account. */
export type CommentScope = { ownerAccountId: SQL | number; reader: CommentReader };

/** Whether the comment in `held`/`author` is shown to the scope's reader. */
function visibleTo(scope: CommentScope, held: SQL | AnyColumn, author: SQL | AnyColumn): SQL {
  const { reader } = scope;
  if (!reader) return sql`${held} = 0`;
  if (reader.moderator) return sql`1`;
  return sql`(${held} = 0 OR ${author} = ${reader.accountId} OR ${reader.accountId} = ${scope.ownerAccountId})`;
}

/** Live replies of a thread that the reader sees (held ones are not counted for others). */
const totalRepliesSql = (scope: CommentScope, extra = sql``) =>
  sql<number>`(SELECT count(*) FROM comments r WHERE r.origin_comment_id = ${comments.id} AND r.deleted_at IS NULL AND ${visibleTo(scope, sql`r.held_for_review`, sql`r.account_id`)}${extra})`;

/** Comments with their authors and reply counts; the scope's owner counts as the video's author. */
export function selectComments(db: Db, scope: CommentScope) {
  return db
    .select({
      comment: comments,
      account: accounts,
      actor: actors,
      totalReplies: totalRepliesSql(scope),
      totalRepliesFromVideoAuthor: totalRepliesSql(scope, sql` AND r.account_id = ${scope.ownerAccountId}`),
    })
    .from(comments)
    .leftJoin(accounts, eq(accounts.id, comments.accountId))
    .leftJoin(actors, eq(actors.id, accounts.actorId));
}

/** The comments of a video that the scope's reader sees. */
export const visibleOnVideo = (videoId: SQL | number, scope: CommentScope) =>
  and(eq(comments.videoId, videoId), visibleTo(scope, comments.heldForReview, comments.accountId));

type SelectedComment = {
  comment: Comment;
  account: CommentWithAuthor['account'];
  actor: CommentWithAuthor['actor'];
  totalReplies: number;
  totalRepliesFromVideoAuthor: number;
};

export const asRow = (r: SelectedComment): CommentWithAuthor => ({
  ...r,
  totalReplies: Number(r.totalReplies),
  totalRepliesFromVideoAuthor: Number(r.totalRepliesFromVideoAuthor),
});

/** Thread roots, without deleted threads that have no reply left. */
const threadsWhere = (videoId: SQL | number, scope: CommentScope) =>
  and(visibleOnVideo(videoId, scope), isNull(comments.inReplyToCommentId), or(isNull(comments.deletedAt), sql`${totalRepliesSql(scope)} > 0`));

function threadsOrder(sort: string, scope: CommentScope) {
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  const dir = (e: SQL | AnyColumn) => (descending ? desc(e) : asc(e));
  return field === 'totalReplies' ? [dir(totalRepliesSql(scope)), desc(comments.createdAt)] : [dir(comments.createdAt), dir(comments.id)];
}

/** One page of thread roots, their count, and the count of live comments, for one pipeline. */
export function threadPageQueries(db: Db, ids: VideoRefIds, page: Pagination, reader: CommentReader) {
  const scope = { ownerAccountId: ids.ownerAccountId, reader };
  const where = threadsWhere(ids.videoId, scope);
  return [
    selectComments(db, scope)
      .where(where)
      .orderBy(...threadsOrder(page.sort, scope))
      .limit(page.count)
      .offset(page.start),
    db
      .select({ total: sql<number>`count(*)` })
      .from(comments)
      .where(where),
    db
      .select({ live: sql<number>`count(*)` })
      .from(comments)
      .where(and(visibleOnVideo(ids.videoId, scope), isNull(comments.deletedAt))),
  ] as const;
}

type ThreadPageResults = readonly [SelectedComment[], { total: number }[], { live: number }[]];

export type ThreadPage = { total: number; totalNotDeletedComments: number; data: CommentWithAuthor[] };

/** The page as the API answers it; nothing when the video's comments are disabled. */
export function toThreadPage(row: VideoRow, [rows, [{ total }], [{ live }]]: ThreadPageResults): ThreadPage {
  if (row.video.commentsPolicy === COMMENTS_POLICY_DISABLED) return { total: 0, totalNotDeletedComments: 0, data: [] };
  return { total: Number(total), totalNotDeletedComments: Number(live), data: rows.map(asRow) };
}

/** Every reply in the threads of that page, oldest first (to build their trees). */
export function threadPageRepliesQuery(db: Db, ids: VideoRefIds, page: Pagination, reader: CommentReader) {
  const scope = { ownerAccountId: ids.ownerAccountId, reader };
  const roots = db
    .select({ id: comments.id })
    .from(comments)
    .where(threadsWhere(ids.videoId, scope))
    .orderBy(...threadsOrder(page.sort, scope))
    .limit(page.count)
    .offset(page.start);
  return selectComments(db, scope)
    .where(and(visibleOnVideo(ids.videoId, scope), inArray(comments.originCommentId, roots)))
    .orderBy(asc(comments.createdAt), asc(comments.id));
}

/**
 * A thread's tree from its root and its replies (oldest first). PeerTube counts replies on roots
 * only, and leaves out a reply whose parent is not shown (buildFormattedCommentTree), with its own.
 */
export function commentTree(config: Config, root: CommentWithAuthor, replies: SelectedComment[]): CommentTreeJson {
  const tree: CommentTreeJson = { comment: serializeComment(root, config), children: [] };
  const nodes = new Map<number, CommentTreeJson>([[root.comment.id, tree]]);
  const own = replies.filter((r) => r.comment.originCommentId === root.comment.id);
  for (const r of own) {
    nodes.set(r.comment.id, { comment: serializeComment({ ...asRow(r), totalReplies: 0, totalRepliesFromVideoAuthor: 0 }, config), children: [] });
  }
  for (const r of own) {
    nodes.get(r.comment.inReplyToCommentId ?? root.comment.id)?.children.push(nodes.get(r.comment.id)!);
  }
  return tree;
}

/**
 * A video and one page of its comment threads, in one round trip; undefined when there is no such
 * video. The caller checks that the viewer may see the video before answering with the threads.
 */
export async function findVideoWithThreads(
  db: Db,
  ref: VideoIdRef,
  page: Pagination,
  reader: CommentReader,
): Promise<{ row: VideoRow; threads: ThreadPage } | undefined> {
  const [rows, ...threads] = await db.batch([videoRowQuery(db, ref), ...threadPageQueries(db, videoRefIds(ref), page, reader)]);
  const row = rows[0];
  return row ? { row, threads: toThreadPage(row, threads) } : undefined;
}

/** A video and one of its comment threads (root and replies, as the reader sees them) in one round trip; undefined without such a video. */
export async function findVideoWithThread(db: Db, ref: VideoIdRef, threadId: number, reader: CommentReader) {
  const ids = videoRefIds(ref);
  const scope = { ownerAccountId: ids.ownerAccountId, reader };
  const [rows, [root], replies] = await db.batch([
    videoRowQuery(db, ref),
    selectComments(db, scope)
      .where(and(eq(comments.id, threadId), visibleOnVideo(ids.videoId, scope), isNull(comments.inReplyToCommentId)))
      .limit(1),
    selectComments(db, scope)
      .where(and(eq(comments.originCommentId, threadId), visibleOnVideo(ids.videoId, scope)))
      .orderBy(asc(comments.createdAt), asc(comments.id)),
  ]);
  const row = rows[0];
  return row ? { row, root, replies } : undefined;
}

/** The thread's tree, once the viewer may see its video: 404 without that thread, or with the video's comments disabled. */
export function threadTree(config: Config, { row, root, replies }: { row: VideoRow; root?: SelectedComment; replies: SelectedComment[] }): CommentTreeJson {
  if (!root || row.video.commentsPolicy === COMMENTS_POLICY_DISABLED) throw ApiError.notFound('Video comment thread not found');
  return commentTree(config, asRow(root), replies);
}
