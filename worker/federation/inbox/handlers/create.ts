/**
 * Create of a Note: a comment on a video we know, or a reply to a comment we know
 * (`inReplyTo`). The Note must be the signer's (`attributedTo`) and live on its origin.
 * A Note given by id only is dereferenced from its origin, as PeerTube does.
 */
import { eq } from 'drizzle-orm';
import { comments, videos } from '../../../db/schema';
import { RemoteFetchError } from '../../fetch/remote-fetch';
import { fetchSigned } from '../../remote-actors';
import { contentToText } from '../html-to-text';
import { idOf, isHttpUrl, sameOrigin } from '../../as-values';
import { accountOfActor } from './rate-helpers';
import { handleCreateOrUpdateVideo } from './video';
import { handleCreateOrUpdatePlaylist, isPlaylistObject } from './playlist';
import { sendReplyApproval } from '../../outbox/reply-approval';
import { notifyNewComment } from '../../../services/notifications';
import { COMMENTS_POLICY_REQUIRES_APPROVAL } from '../../../services/comments';
import { ignored, processed, type ActivityHandler, type InboxContext } from './types';

/** PeerTube's VideoCommentPolicy: 1 enabled, 2 disabled, 3 requires approval. */
const COMMENTS_DISABLED = 2;
const MAX_COMMENT_LENGTH = 10_000;

export const handleCreate: ActivityHandler = async (ctx, activity) => {
  const note = await loadNote(ctx, activity.object);
  if (!note) return ignored('Create of something that is not a readable Note');
  if (note.type === 'Video') return handleCreateOrUpdateVideo(ctx, { ...activity, object: note });
  if (isPlaylistObject(note)) return handleCreateOrUpdatePlaylist(ctx, note as Record<string, unknown>);
  if (note.type !== 'Note') return ignored(`Create of ${String(note.type)} is not handled yet`);
  const noteId = idOf(note);
  if (!isHttpUrl(noteId) || !sameOrigin(noteId, ctx.signer.url)) return ignored("the Note is not on its author's origin");
  const author = idOf(Array.isArray(note.attributedTo) ? note.attributedTo[0] : note.attributedTo);
  if (author !== ctx.signer.url) return ignored('the Note is not attributed to the signer');
  const inReplyTo = idOf(note.inReplyTo);
  if (!inReplyTo) return ignored('a Note that answers nothing is not a comment');

  const target = await findReplyTarget(ctx, inReplyTo);
  if (!target) return ignored(`${inReplyTo} is neither a known video nor a known comment`);
  if (target.commentsPolicy === COMMENTS_DISABLED) return ignored('comments are disabled on this video');
  const account = await accountOfActor(ctx, ctx.signer.id);
  if (!account) return ignored(`${ctx.signer.url} has no account`);

  const text = contentToText(note).slice(0, MAX_COMMENT_LENGTH);
  if (!text.trim()) return ignored('an empty comment');
  const now = new Date();
  const inserted = await ctx.db
    .insert(comments)
    .values({
      videoId: target.videoId,
      accountId: account.id,
      inReplyToCommentId: target.commentId ?? null,
      originCommentId: target.originCommentId ?? null,
      text,
      // PeerTube's shouldCommentBeHeldForReview with no user: held on our video whose policy requires
      // approval; on another's, its origin decides (server/core/lib/activitypub/video-comments.ts).
      heldForReview: target.isLocal && target.commentsPolicy === COMMENTS_POLICY_REQUIRES_APPROVAL,
      url: noteId,
      createdAt: parseDate(note.published) ?? now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: comments.url })
    .returning({ id: comments.id });
  if (inserted.length) await notifyNewComment(ctx.db, ctx.config, inserted[0].id);
  // On our video, a new comment not held is approved at once, as PeerTube does; a held one when its owner approves it.
  if (inserted.length && target.isLocal) await sendReplyApproval(ctx, inserted[0].id);
  return processed(`comment ${noteId}`);
};

async function loadNote(ctx: InboxContext, object: unknown): Promise<Record<string, unknown> | null> {
  if (object && typeof object === 'object' && !Array.isArray(object)) return object as Record<string, unknown>;
  if (!isHttpUrl(object)) return null;
  try {
    return await fetchSigned(ctx, object);
  } catch (err) {
    if (err instanceof RemoteFetchError) return null;
    throw err;
  }
}

type ReplyTarget = { videoId: number; isLocal: boolean; commentsPolicy: number; commentId?: number; originCommentId?: number };

async function findReplyTarget(ctx: InboxContext, url: string): Promise<ReplyTarget | null> {
  const [video] = await ctx.db
    .select({ id: videos.id, isLocal: videos.isLocal, commentsPolicy: videos.commentsPolicy })
    .from(videos)
    .where(eq(videos.url, url))
    .limit(1);
  if (video) return { videoId: video.id, isLocal: video.isLocal, commentsPolicy: video.commentsPolicy };
  const [parent] = await ctx.db
    .select({
      id: comments.id,
      videoId: comments.videoId,
      originCommentId: comments.originCommentId,
      deletedAt: comments.deletedAt,
      isLocal: videos.isLocal,
      commentsPolicy: videos.commentsPolicy,
    })
    .from(comments)
    .innerJoin(videos, eq(videos.id, comments.videoId))
    .where(eq(comments.url, url))
    .limit(1);
  if (!parent || parent.deletedAt) return null;
  return {
    videoId: parent.videoId,
    isLocal: parent.isLocal,
    commentsPolicy: parent.commentsPolicy,
    commentId: parent.id,
    originCommentId: parent.originCommentId ?? parent.id,
  };
}

function parseDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const t = Date.parse(value);
  // Never in the future: a remote clock must not pin a comment at the top.
  return Number.isNaN(t) ? undefined : new Date(Math.min(t, Date.now()));
}
