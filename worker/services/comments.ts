import { z } from 'zod';
/**
 * Comments on videos (PeerTube's comment threads). A thread is a root comment; its
 * replies carry `originCommentId` (the root) and `inReplyToCommentId` (the parent).
 * Remote comments are written by the inbox (federation/inbox/handlers/create.ts) into
 * the same table; ours get PeerTube's URL `<origin>/videos/watch/<uuid>/comments/<id>`,
 * whatever the video's origin, and are federated through the `activitypub-social` job.
 */
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { accounts, actors, comments, type Comment } from '../db/schema';
import { ApiError } from '../errors';
import { batchWithJobs, type JobQueue } from '../jobs/store';
import { socialEvent } from './social-events';
import { notifyNewComment } from './notifications';
import type { Pagination } from '../http/pagination';
import type { CommentWithAuthor } from '../serializers/comment';
import { asRow, COMMENTS_POLICY_DISABLED, selectComments, threadPageQueries, toThreadPage, type CommentReader, type ThreadPage } from './comment-reads';
import { isModerator, type Viewer } from './viewer';
import type { VideoRow } from './video-queries';

export type CommentDeps = { db: Db; config: Config; queue: JobQueue };

/** PeerTube's VideoCommentPolicy.REQUIRES_APPROVAL. */
export const COMMENTS_POLICY_REQUIRES_APPROVAL = 3;
/** PeerTube's CONSTRAINTS_FIELDS.VIDEO_COMMENTS.TEXT. */
export const COMMENT_TEXT_MAX = 10_000;
/** A comment's text, as PeerTube validates it (the API and the watch page's form). */
export const commentTextField = z
  .string({ message: 'Should have a valid comment text' })
  .min(1, 'Should have a valid comment text')
  .max(COMMENT_TEXT_MAX, 'Should have a valid comment text');
export const COMMENT_THREAD_SORTS = ['createdAt', 'totalReplies'] as const;

/** PeerTube's getLocalVideoCommentActivityPubUrl: on our origin, even for a remote video. */
export function localCommentUrl(config: Config, videoUuid: string, commentId: number) {
  return `${localCommentsUrl(config, videoUuid)}${commentId}`;
}

const localCommentsUrl = (config: Config, videoUuid: string) => `${config.publicUrl}/videos/watch/${videoUuid}/comments/`;

/**
 * GET /videos/:id/comment-threads: root comments, without deleted threads that have no
 * reply left (PeerTube's listThreadsForApi). `totalNotDeletedComments` counts every live comment.
 */
export async function listCommentThreads(db: Db, row: VideoRow, page: Pagination, reader: CommentReader): Promise<ThreadPage> {
  return toThreadPage(row, await db.batch(threadPageQueries(db, { videoId: row.video.id, ownerAccountId: sql`${row.account.id}` }, page, reader)));
}

/**
 * GET /videos/:id/comment-threads/:threadId: the root and its replies as a tree, oldest first;
 * comments held for review only for those who may see them (a held root: 404).
 */
/** A comment as its author sees it (they see their own held comment). */
export async function findCommentWithAuthor(db: Db, row: VideoRow, commentId: number, reader: CommentReader): Promise<CommentWithAuthor | undefined> {
  const [found] = await selectComments(db, { ownerAccountId: row.account.id, reader })
    .where(and(eq(comments.id, commentId), eq(comments.videoId, row.video.id)))
    .limit(1);
  return found ? asRow(found) : undefined;
}

/**
 * PeerTube's shouldCommentBeHeldForReview (server/core/lib/video-comment.ts), without automatic
 * tags: on our video, its owner and moderators are never held; otherwise a video whose policy
 * requires approval holds the comment (on a remote video, until its origin's ApproveReply).
 */
export function shouldBeHeldForReview(viewer: Viewer, row: VideoRow) {
  if (row.video.isLocal && (isModerator(viewer) || row.account.id === viewer.accountId)) return false;
  return row.video.commentsPolicy === COMMENTS_POLICY_REQUIRES_APPROVAL;
}

/**
 * Posts a comment (a thread when `inReplyToCommentId` is absent) and records the
 * `comment-created` event for the outbox. Comments disabled: PeerTube's 409.
 */
export async function createComment(
  deps: CommentDeps,
  viewer: Viewer,
  row: VideoRow,
  input: { text: string; inReplyToCommentId?: number },
): Promise<CommentWithAuthor> {
  if (row.video.commentsPolicy === COMMENTS_POLICY_DISABLED) throw ApiError.conflict('Video comments are disabled for this video.');
  let originCommentId: number | null = null;
  if (input.inReplyToCommentId !== undefined) {
    const [parent] = await deps.db
      .select()
      .from(comments)
      .where(and(eq(comments.id, input.inReplyToCommentId), eq(comments.videoId, row.video.id)))
      .limit(1);
    if (!parent) throw ApiError.notFound('Video comment not found');
    if (parent.deletedAt) throw ApiError.conflict('Cannot reply to a deleted comment.');
    originCommentId = parent.originCommentId ?? parent.id;
  }
  const now = new Date();
  // The URL holds the id: insert under a provisional unique URL, then set the real one, and record
  // the event naming the id (the insert's rowid: an UPDATE leaves it), all in one batch.
  const provisional = `urn:uuid:${crypto.randomUUID()}`;
  const [[inserted]] = (await batchWithJobs(
    deps.db,
    deps.queue,
    [
      deps.db
        .insert(comments)
        .values({
          videoId: row.video.id,
          accountId: viewer.accountId,
          inReplyToCommentId: input.inReplyToCommentId ?? null,
          originCommentId,
          text: input.text,
          heldForReview: shouldBeHeldForReview(viewer, row),
          url: provisional,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: comments.id }),
      deps.db
        .update(comments)
        .set({ url: sql`${localCommentsUrl(deps.config, row.video.uuid)} || ${comments.id}` })
        .where(eq(comments.url, provisional)),
    ],
    [socialEvent(deps.db, sql`json_object('event', 'comment-created', 'commentId', last_insert_rowid())`)],
  )) as [[{ id: number }]];
  await notifyNewComment(deps.db, deps.config, inserted.id);
  const created = await findCommentWithAuthor(deps.db, row, inserted.id, { accountId: viewer.accountId, moderator: isModerator(viewer) });
  return created!;
}

/** A comment of this video, else PeerTube's 404 (doesVideoCommentExist). */
export async function videoComment(db: Db, row: VideoRow, commentId: number): Promise<Comment> {
  const [comment] = await db
    .select()
    .from(comments)
    .where(and(eq(comments.id, commentId), eq(comments.videoId, row.video.id)))
    .limit(1);
  if (!comment) throw ApiError.notFound('Video comment not found');
  return comment;
}

/**
 * Deletes a comment as PeerTube does: kept in its thread, with empty text and `deletedAt`.
 * Allowed to its author, the video's owner and moderators.
 */
export async function deleteComment(deps: CommentDeps, viewer: Viewer, row: VideoRow, commentId: number): Promise<void> {
  const comment = await videoComment(deps.db, row, commentId);
  const allowed = comment.accountId === viewer.accountId || row.account.userId === viewer.userId || isModerator(viewer);
  if (!allowed) throw ApiError.forbidden('Cannot remove video comment of another user');
  if (comment.deletedAt) throw ApiError.conflict('This comment is already deleted');
  const now = new Date();
  // A comment is deleted once (`deletedAt` stays): the dedupe key keeps a concurrent second delete
  // from recording a second event.
  await batchWithJobs(
    deps.db,
    deps.queue,
    [
      deps.db
        .update(comments)
        .set({ text: '', deletedAt: now, updatedAt: now })
        .where(and(eq(comments.id, commentId), isNull(comments.deletedAt))),
    ],
    [socialEvent(deps.db, { event: 'comment-deleted', commentId }, `activitypub-social:comment-deleted:${commentId}`)],
  );
}

type ThreadMember = { comment: Comment; actor: CommentWithAuthor['actor'] };

/**
 * Every comment of the thread of comment `commentId`, with its author, for a pipeline (by a
 * subquery on the comment, so nothing waits for it): nothing for a thread's root.
 */
export function threadOfCommentQuery(db: Db, commentId: number) {
  const origin = sql`(select ${comments.originCommentId} from ${comments} where ${comments.id} = ${commentId})`;
  return db
    .select({ comment: comments, actor: actors })
    .from(comments)
    .leftJoin(accounts, eq(accounts.id, comments.accountId))
    .leftJoin(actors, eq(actors.id, accounts.actorId))
    .where(or(eq(comments.id, origin), eq(comments.originCommentId, origin)));
}

/** The parents of a comment, root first (for Mentions and recipients of a reply), out of its thread. */
export function threadParents(comment: Comment, thread: ThreadMember[]): ThreadMember[] {
  if (!comment.originCommentId) return [];
  const byId = new Map(thread.map((t) => [t.comment.id, t]));
  const chain: ThreadMember[] = [];
  for (let id = comment.inReplyToCommentId; id !== null && byId.has(id) && chain.length < thread.length; id = byId.get(id)!.comment.inReplyToCommentId) {
    chain.unshift(byId.get(id)!);
  }
  return chain;
}
