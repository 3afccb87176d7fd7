/**
 * Approving a comment held for review (PeerTube's POST /videos/:id/comments/:commentId/approve,
 * approveVideoCommentValidator and approveComment in server/core/lib/video-comment.ts): the video's
 * owner or a moderator makes it visible to all; ours is then federated (Create), a remote one gets
 * our ApproveReply, both by the `comment-approved` event; and the users it mentions hear of it.
 */
import { and, eq } from 'drizzle-orm';
import { comments } from '../db/schema';
import { ApiError } from '../errors';
import { batchWithJobs } from '../jobs/store';
import { socialEvent } from './social-events';
import { notifyNewComment } from './notifications';
import { videoComment, type CommentDeps } from './comments';
import { isModerator, type Viewer } from './viewer';
import type { VideoRow } from './video-queries';

export async function approveComment(deps: CommentDeps, viewer: Viewer, row: VideoRow, commentId: number): Promise<void> {
  const comment = await videoComment(deps.db, row, commentId);
  if (comment.deletedAt) throw ApiError.conflict('This comment is deleted');
  if (!comment.heldForReview) throw ApiError.badRequest('This comment is not held for review');
  if (!isModerator(viewer) && row.account.id !== viewer.accountId) throw ApiError.forbidden('Cannot approve video comment of another user');
  await batchWithJobs(
    deps.db,
    deps.queue,
    [
      deps.db
        .update(comments)
        .set({ heldForReview: false, updatedAt: new Date() })
        .where(and(eq(comments.id, commentId), eq(comments.heldForReview, true))),
    ],
    [socialEvent(deps.db, { event: 'comment-approved', commentId }, `activitypub-social:comment-approved:${commentId}`)],
  );
  await notifyNewComment(deps.db, deps.config, commentId, true);
}
