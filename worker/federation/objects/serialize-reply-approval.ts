/**
 * PeerTube 6.3's reply approval: the owner of a video answers a comment on it with `ApproveReply`
 * (server/core/lib/activitypub/send/send-reply-approval.ts, buildApprovalActivity), and the Note of
 * an approved comment carries its id as `replyApproval` (server/core/models/video/video-comment.ts).
 * The id is `<video url>/comments/<local comment id>/approve-reply`
 * (server/core/lib/activitypub/url.ts, getLocalApproveReplyActivityPubUrl), also for a remote comment.
 */
import { ACTIVITY_CONTEXT } from '../context';

/** server/core/helpers/activity-pub-utils.ts: `ApproveReply: buildContext({ ApproveReply: 'pt:ApproveReply' })`. */
export const APPROVE_REPLY_CONTEXT = [
  ...ACTIVITY_CONTEXT,
  { pt: 'https://joinpeertube.org/ns#', sc: 'http://schema.org/', ApproveReply: 'pt:ApproveReply' },
] as const;

export function approveReplyUrl(videoUrl: string, commentId: number): string {
  return `${videoUrl}/comments/${commentId}/approve-reply`;
}

export type ApprovalInput = {
  videoUrl: string;
  commentId: number;
  commentUrl: string;
  /** The parent comment's URL; the video's for a thread. */
  parentUrl: string | null;
  /** The video's account actor: the one who approves. */
  ownerUrl: string;
};

export function buildApproveReply(input: ApprovalInput) {
  return {
    '@context': APPROVE_REPLY_CONTEXT,
    type: 'ApproveReply' as const,
    id: approveReplyUrl(input.videoUrl, input.commentId),
    actor: input.ownerUrl,
    inReplyTo: input.parentUrl ?? input.videoUrl,
    object: input.commentUrl,
  };
}
