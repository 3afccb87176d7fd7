/**
 * ApproveReply of one of our comments on a remote video, by that video's account, as PeerTube 6.3
 * processes it (server/core/lib/activitypub/process/process-reply-approval.ts): the comment must
 * exist, not be deleted, be ours, and the signer must own the video. A comment held for review
 * (commentsPolicy 3 at the origin) is then published, and its Create(Note) is sent again with
 * `replyApproval`, which tells the origin to forward it to its followers
 * (process-create.ts: `created || commentObject.replyApproval`). RejectReply is not implemented
 * by PeerTube 6.3 either.
 */
import { eq } from 'drizzle-orm';
import { comments } from '../../../db/schema';
import { loadCommentNote, federateComment } from '../../outbox/comment-activities';
import { idOf } from '../../as-values';
import { ignored, processed, type ActivityHandler } from './types';

export const handleApproveReply: ActivityHandler = async (ctx, activity) => {
  const commentUrl = idOf(activity.object);
  if (!commentUrl) return ignored('ApproveReply without an object');
  const [found] = await ctx.db.select({ id: comments.id }).from(comments).where(eq(comments.url, commentUrl)).limit(1);
  const note = found && (await loadCommentNote(ctx.db, ctx.config, found.id));
  if (!note || note.comment.deletedAt) return ignored(`ApproveReply of ${commentUrl}, which is not a comment here`);
  if (!note.author || note.author.host !== null) return ignored(`ApproveReply of ${commentUrl}, which is not ours`);
  if (note.row.accountActor.id !== ctx.signer.id) return ignored(`ApproveReply of ${commentUrl} by ${ctx.signer.url}, who does not own the video`);

  const { heldForReview, replyApproval } = note.comment;
  if (!heldForReview && replyApproval === activity.id) return ignored(`${commentUrl} is already approved by ${activity.id}`);
  await ctx.db.update(comments).set({ heldForReview: false, replyApproval: activity.id, updatedAt: new Date() }).where(eq(comments.id, note.comment.id));
  if (heldForReview) await federateComment(ctx, { event: 'comment-created', commentId: note.comment.id });
  return processed(`${commentUrl} approved${heldForReview ? ', and sent again' : ''}`);
};
