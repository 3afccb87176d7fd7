import type { Config } from '../config';
import type { Account, Actor, Comment } from '../db/schema';
import { serializeAccount, type AccountJson } from './account';

/** A comment with its author and reply counts, as the comments service reads it. */
export type CommentWithAuthor = {
  comment: Comment;
  account: Account | null;
  actor: Actor | null;
  totalReplies: number;
  totalRepliesFromVideoAuthor: number;
};

/** PeerTube's VideoComment (openapi `VideoComment`). */
export type VideoCommentJson = {
  id: number;
  url: string;
  text: string;
  threadId: number;
  inReplyToCommentId: number | null;
  videoId: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  isDeleted: boolean;
  totalRepliesFromVideoAuthor: number;
  totalReplies: number;
  account: AccountJson | null;
  heldForReview: boolean;
};

/**
 * Row → VideoComment. A deleted comment is shown as PeerTube shows it: empty text and no
 * account, whether it was deleted here (text already cleared) or by a remote Delete.
 */
export function serializeComment(row: CommentWithAuthor, config: Config): VideoCommentJson {
  const c = row.comment;
  const isDeleted = c.deletedAt !== null;
  return {
    id: c.id,
    url: c.url,
    text: isDeleted ? '' : c.text,
    threadId: c.originCommentId ?? c.id,
    inReplyToCommentId: c.inReplyToCommentId ?? null,
    videoId: c.videoId,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    deletedAt: c.deletedAt ? c.deletedAt.toISOString() : null,
    isDeleted,
    totalRepliesFromVideoAuthor: row.totalRepliesFromVideoAuthor,
    totalReplies: row.totalReplies,
    account: !isDeleted && row.account && row.actor ? serializeAccount({ account: row.account, actor: row.actor }, config) : null,
    // Ours on a remote video that requires approval, until its origin's ApproveReply.
    heldForReview: c.heldForReview,
  };
}

/** PeerTube's VideoCommentThreadTree: a comment and its replies, recursively. */
export type CommentTreeJson = { comment: VideoCommentJson; children: CommentTreeJson[] };
