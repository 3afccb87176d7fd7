/**
 * ApproveReply for a remote comment on one of our videos, unicast from the video's account to
 * the comment's author, as PeerTube's sendReplyApproval does
 * (server/core/lib/activitypub/process/process-create.ts: "New non-moderated comment -> auto
 * approve reply"). Without it, a PeerTube user's comment on a video whose commentsPolicy is 3
 * stays held for review on their own instance.
 */
import type { FederationDeps } from '../deps';
import { buildApproveReply } from '../objects/serialize-reply-approval';
import { federateComment, loadCommentNote, type CommentNote } from './comment-activities';
import { sendToActors } from './send';

/** The ApproveReply of a comment on a local video, or null (a remote video, a local or deleted comment, one held). */
export function approvalOf(note: CommentNote) {
  const { comment, row, author, parents } = note;
  if (!row.video.isLocal || comment.deletedAt || comment.heldForReview || !author) return null;
  return buildApproveReply({
    videoUrl: row.video.url,
    commentId: comment.id,
    commentUrl: comment.url,
    parentUrl: parents.at(-1)?.comment.url ?? null,
    ownerUrl: row.accountActor.url,
  });
}

export async function sendReplyApproval(deps: FederationDeps, commentId: number): Promise<'sent' | 'skipped'> {
  const note = await loadCommentNote(deps.db, deps.config, commentId);
  const approval = note && approvalOf(note);
  if (!note || !approval || note.author!.host === null) return 'skipped';
  await sendToActors(deps, { from: note.row.accountActor, to: [note.author!], activity: approval });
  return 'sent';
}

/** A comment held on our video, just approved here: ours is sent (Create), a remote one gets our ApproveReply. */
export async function federateApproval(deps: FederationDeps, commentId: number): Promise<'sent' | 'skipped'> {
  const note = await loadCommentNote(deps.db, deps.config, commentId);
  if (!note?.author) return 'skipped';
  if (note.author.host === null) return federateComment(deps, { event: 'comment-created', commentId });
  return sendReplyApproval(deps, commentId);
}
