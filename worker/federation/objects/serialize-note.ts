/**
 * A comment → PeerTube's `Note` (or `Tombstone` once deleted), as VideoCommentModel's
 * toActivityPubObject builds it, and the shape PeerTube 6.3 accepted from a peer
 * (fixtures/peertube-6.3/signed/accepted-by-peertube-comment.json).
 *
 * `content` is the Markdown the user typed, with `mediaType: text/markdown`, as PeerTube 6.3 sends
 * its own (server/core/models/video/video-comment.ts, toActivityPubObject): PeerTube stores a remote
 * Note's `content` as the comment's text and renders it as Markdown, so HTML sent there shows up as
 * `<p>…</p>` in its API. Mastodon reads `content` as HTML and ignores `mediaType`: there the
 * Markdown shows as plain text.
 */
import type { Actor, Comment } from '../../db/schema';
import { AS_PUBLIC } from '../context';
import { approveReplyUrl } from './serialize-reply-approval';

export type NoteInput = {
  comment: Comment;
  /** The video's ActivityPub id (`inReplyTo` of a thread's root). */
  videoUrl: string;
  /** Whether the video is ours: then we approve its comments (`replyApproval`). */
  videoIsLocal: boolean;
  /** The parent comment's URL, for a reply. */
  parentUrl: string | null;
  author: Pick<Actor, 'url' | 'followersUrl'>;
  /** Authors of the parent comments, mentioned as PeerTube mentions them. */
  mentions: Array<Pick<Actor, 'url' | 'preferredUsername' | 'host'>>;
  /** Followers collections that see the comment besides the author's (the video's account and channel). */
  extraCc: string[];
  localHost: string;
};

export const followersUrlOf = (a: Pick<Actor, 'url' | 'followersUrl'>) => a.followersUrl || `${a.url}/followers`;

/** PeerTube's comment audience: public, cc the followers of everyone involved. */
export function noteAudience(input: Pick<NoteInput, 'author' | 'extraCc'>) {
  return { to: [AS_PUBLIC], cc: [...new Set([followersUrlOf(input.author), ...input.extraCc])] };
}

export function serializeNote(input: NoteInput) {
  const c = input.comment;
  const inReplyTo = input.parentUrl ?? input.videoUrl;
  if (c.deletedAt) {
    return {
      id: c.url,
      type: 'Tombstone' as const,
      formerType: 'Note',
      inReplyTo,
      published: c.createdAt.toISOString(),
      updated: c.updatedAt.toISOString(),
      deleted: c.deletedAt.toISOString(),
    };
  }
  const replyApproval = input.videoIsLocal && !c.heldForReview ? approveReplyUrl(input.videoUrl, c.id) : c.replyApproval;
  return {
    type: 'Note' as const,
    id: c.url,
    content: c.text,
    mediaType: 'text/markdown' as const,
    inReplyTo,
    updated: c.updatedAt.toISOString(),
    published: c.createdAt.toISOString(),
    url: c.url,
    attributedTo: input.author.url,
    ...noteAudience(input),
    // video-comment.ts: the approval we received, or ours for a comment on our video that is not held.
    ...(replyApproval ? { replyApproval } : {}),
    tag: input.mentions.map((a) => ({ type: 'Mention', href: a.url, name: `@${a.preferredUsername}@${a.host ?? input.localHost}` })),
  };
}

export type NoteObject = Extract<ReturnType<typeof serializeNote>, { type: 'Note' }>;
