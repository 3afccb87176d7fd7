/**
 * Comments made here → Create(Note) and Delete, as PeerTube's sendCreateVideoCommentIfNeeded
 * and sendDeleteVideoComment address them:
 * - on a local video: to the remote followers of the video's account and channel;
 * - on a remote video: to the origin (the video account's shared inbox);
 * - always: to the commenter's remote followers and the remote authors of the parent comments.
 * Run by the `activitypub-social` job that the comments service records.
 */
import { eq, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { accounts, actors, comments, type Actor, type Comment } from '../../db/schema';
import { threadOfCommentQuery, threadParents } from '../../services/comments';
import { videoRowQueryOf, type VideoRow } from '../../services/video-queries';
import { ACTIVITY_CONTEXT, AS_PUBLIC } from '../context';
import { followersUrlOf, serializeNote, type NoteObject } from '../objects/serialize-note';
import { isFederatable } from '../../services/video-access';
import type { FederationDeps } from '../deps';
import { deliveryInboxes, remoteFollowers } from './recipients';
import { sendToInboxes } from './send';

export type CommentNote = {
  comment: Comment;
  row: VideoRow;
  author: Actor | null;
  parents: Array<{ comment: Comment; actor: Actor | null }>;
  /** The Note, or its Tombstone once deleted. */
  object: ReturnType<typeof serializeNote>;
};

/** Loads a comment with what its Note needs. Undefined when the comment or its video is gone. */
export async function loadCommentNote(db: Db, config: Config, commentId: number): Promise<CommentNote | undefined> {
  // The comment, its video and its thread in one round trip (issue 9): each names the comment by its id.
  const [[found], [row], thread] = await db.batch([
    db
      .select({ comment: comments, author: actors })
      .from(comments)
      .leftJoin(accounts, eq(accounts.id, comments.accountId))
      .leftJoin(actors, eq(actors.id, accounts.actorId))
      .where(eq(comments.id, commentId))
      .limit(1),
    videoRowQueryOf(db, sql`(select ${comments.videoId} from ${comments} where ${comments.id} = ${commentId})`),
    threadOfCommentQuery(db, commentId),
  ]);
  if (!found || !row) return undefined;
  const parents = threadParents(found.comment, thread);
  const object = serializeNote({
    comment: found.comment,
    videoUrl: row.video.url,
    videoIsLocal: row.video.isLocal,
    parentUrl: parents.at(-1)?.comment.url ?? null,
    author: found.author ?? { url: row.accountActor.url, followersUrl: row.accountActor.followersUrl },
    mentions: parents.filter((p) => p.actor && !p.comment.deletedAt).map((p) => p.actor!),
    extraCc: [followersUrlOf(row.accountActor), followersUrlOf(row.channelActor)],
    localHost: config.host,
  });
  return { comment: found.comment, row, author: found.author, parents, object };
}

/** Where a comment's activities go (see the module comment). */
async function commentInboxes(db: Db, note: CommentNote, by: Actor): Promise<string[]> {
  const { row } = note;
  const recipients: Array<Pick<Actor, 'inboxUrl' | 'sharedInboxUrl'>> = [...(await remoteFollowers(db, by.id))];
  for (const p of note.parents) if (p.actor && p.actor.host !== null) recipients.push(p.actor);
  if (row.video.isLocal) {
    recipients.push(...(await remoteFollowers(db, row.accountActor.id)), ...(await remoteFollowers(db, row.channelActor.id)));
  } else {
    recipients.push(row.accountActor);
  }
  return deliveryInboxes(recipients);
}

/** PeerTube's buildCreateActivity: `<note>/activity`, with the Note's audience. */
export function buildCreateNote(object: NoteObject, by: Pick<Actor, 'url'>) {
  return {
    '@context': ACTIVITY_CONTEXT,
    type: 'Create',
    id: `${object.id}/activity`,
    actor: by.url,
    to: object.to,
    cc: object.cc,
    object,
  };
}

/** PeerTube's Delete of a comment: the object is the Note's id (accepted-by-peertube-delete-note.json). */
export function buildDeleteNote(commentUrl: string, by: Pick<Actor, 'url' | 'followersUrl'>) {
  return {
    '@context': ACTIVITY_CONTEXT,
    type: 'Delete',
    id: `${commentUrl}/delete`,
    actor: by.url,
    to: [AS_PUBLIC],
    cc: [followersUrlOf(by)],
    object: commentUrl,
  };
}

export async function federateComment(
  deps: FederationDeps,
  event: { event: 'comment-created' | 'comment-deleted'; commentId: number },
): Promise<'sent' | 'skipped'> {
  const note = await loadCommentNote(deps.db, deps.config, event.commentId);
  if (!note) return 'skipped';
  if (note.row.video.isLocal && !isFederatable(note.row)) return 'skipped';
  const authorIsLocal = note.author !== null && note.author.host === null;
  if (event.event === 'comment-created') {
    if (!authorIsLocal || note.object.type !== 'Note') return 'skipped';
    // Held on our video: sent once approved (PeerTube's sendCreateVideoCommentIfNeeded).
    if (note.row.video.isLocal && note.comment.heldForReview) return 'skipped';
    const inboxes = await commentInboxes(deps.db, note, note.author!);
    await sendToInboxes(deps, { from: note.author!, inboxes, activity: buildCreateNote(note.object, note.author!) });
    return 'sent';
  }
  // A remote comment removed by the owner of a local video is deleted in the owner's name (PeerTube does the same).
  const by = authorIsLocal ? note.author! : note.row.video.isLocal ? note.row.accountActor : null;
  if (!by) return 'skipped';
  const inboxes = await commentInboxes(deps.db, note, by);
  await sendToInboxes(deps, { from: by, inboxes, activity: buildDeleteNote(note.comment.url, by) });
  return 'sent';
}
