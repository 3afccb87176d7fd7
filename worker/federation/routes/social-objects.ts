/**
 * Serves what we federate about comments, rates and views at their ids
 * (peertube-compat.md: PeerTube fetches a Note before accepting it, and its cleaner
 * refetches Likes and Notes, deleting them on 404):
 * - `/videos/watch/:id/comments/:commentId`: the Note, or its Tombstone once deleted (200, as PeerTube);
 *   its `/approve-reply`: our ApproveReply of it, on our videos;
 * - `/accounts/:name/likes/:videoId`, `/accounts/:name/dislikes/:videoId`: the rate, while it stands;
 * - `/accounts/:name/views/videos/:videoId/:viewer`: a View we sent (stateless: views are not stored one by one).
 */
import { Hono, type Context } from 'hono';
import { corsAnyOrigin } from '../../http/cors';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { AppEnv } from '../../http/context';
import { ApiError } from '../../errors';
import { accounts, actors, rates, VIDEO_PRIVACY } from '../../db/schema';
import { edgeCache, markPublic } from '../../http/edge-cache';
import { parseVideoId } from '../../services/short-uuid';
import { findVideoRow, videoRowQuery } from '../../services/video-queries';
import { ACTIVITY_CONTEXT } from '../context';
import { wantsActivityPub } from '../content-negotiation';
import { findLocalActorByName } from '../local-actors';
import { loadCommentNote } from '../outbox/comment-activities';
import { approvalOf } from '../outbox/reply-approval';
import { buildRate } from '../outbox/rate-activities';
import { isFederatable } from '../../services/video-access';
import { localViewUrl, serializeView } from '../objects/serialize-rate';
import { activityJson } from './respond';

const positiveInt = (value: string | undefined) => (value && /^\d{1,15}$/.test(value) && Number(value) > 0 ? Number(value) : null);

async function serveComment(c: Context<AppEnv>) {
  const ref = parseVideoId(c.req.param('id') ?? '');
  const commentId = positiveInt(c.req.param('commentId'));
  if (!ref || !commentId) throw ApiError.notFound('Video comment not found');
  const note = await loadCommentNote(c.var.db, c.var.config, commentId);
  const sameVideo = note && (ref.kind === 'id' ? note.row.video.id === ref.id : note.row.video.uuid === ref.uuid);
  // Held for review on our video: nobody outside sees it before it is approved (PeerTube's videoCommentController).
  const hidden = note && note.row.video.isLocal && (!isFederatable(note.row) || note.comment.heldForReview);
  if (!note || !sameVideo || hidden) throw ApiError.notFound('Video comment not found');
  if (note.row.video.privacy === VIDEO_PRIVACY.PUBLIC) markPublic(c);
  if (!wantsActivityPub(c.req.header('accept'))) return c.redirect(`/w/${note.row.video.uuid}`, 302);
  // A remote comment lives at its origin.
  if (!note.comment.url.startsWith(`${c.var.config.publicUrl}/`)) return c.redirect(note.comment.url, 302);
  return activityJson(c, { '@context': ACTIVITY_CONTEXT, ...note.object });
}

/**
 * `<comment>/approve-reply`: our ApproveReply of a comment on one of our videos; 404 for a video
 * that is not ours or a comment held (server/core/controllers/activitypub/client.ts, videoCommentApprovedController).
 */
async function serveApproval(c: Context<AppEnv>) {
  const ref = parseVideoId(c.req.param('id') ?? '');
  const commentId = positiveInt(c.req.param('commentId'));
  const note = ref && commentId ? await loadCommentNote(c.var.db, c.var.config, commentId) : undefined;
  const sameVideo = note && ref && (ref.kind === 'id' ? note.row.video.id === ref.id : note.row.video.uuid === ref.uuid);
  const approval = sameVideo && isFederatable(note.row) ? approvalOf(note) : null;
  if (!approval) throw ApiError.notFound('Video comment not found');
  return activityJson(c, approval);
}

/** The rate of a local account (by name) and its video, in one round trip (issue 9). */
async function serveRate(c: Context<AppEnv>, type: 'like' | 'dislike') {
  const db = c.var.db;
  const videoId = positiveInt(c.req.param('videoId'));
  if (!videoId) throw ApiError.notFound('Rate not found');
  const [[rate], [row]] = await db.batch([
    db
      .select({ actor: actors })
      .from(rates)
      .innerJoin(accounts, eq(accounts.id, rates.accountId))
      .innerJoin(actors, eq(actors.id, accounts.actorId))
      .where(
        and(
          eq(actors.preferredUsername, c.req.param('name') ?? ''),
          isNull(actors.host),
          inArray(actors.type, ['Person', 'Application']),
          eq(rates.videoId, videoId),
          eq(rates.type, type),
        ),
      )
      .limit(1),
    videoRowQuery(db, { kind: 'id', id: videoId }),
  ]);
  if (!rate || !row) throw ApiError.notFound('Rate not found');
  if (row.video.privacy === VIDEO_PRIVACY.PUBLIC) markPublic(c);
  return activityJson(c, buildRate(type, rate.actor, row));
}

async function serveView(c: Context<AppEnv>) {
  const local = await findLocalActorByName(c.var.db, 'account', c.req.param('name') ?? '');
  const videoId = positiveInt(c.req.param('videoId'));
  const viewer = c.req.param('viewer') ?? '';
  if (!local || local.actor.type !== 'Application' || !videoId || !/^[0-9a-f-]{36}$/i.test(viewer)) throw ApiError.notFound('View not found');
  const row = await findVideoRow(c.var.db, { kind: 'id', id: videoId });
  if (!row || row.video.isLocal) throw ApiError.notFound('View not found');
  return activityJson(c, serializeView({ id: localViewUrl(local.actor.url, videoId, viewer), actor: local.actor, videoUrl: row.video.url }));
}

export function socialObjectRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/videos/watch/:id/comments/:commentId', corsAnyOrigin());
  // Shared by the edge cache when the video is public (ADR 0017); a comment's or a rate's change is a write.
  const cached = edgeCache({ kind: 'content', whenMarked: true });
  app.get('/videos/watch/:id/comments/:commentId', cached, serveComment);
  app.use('/videos/watch/:id/comments/:commentId/approve-reply', corsAnyOrigin());
  app.get('/videos/watch/:id/comments/:commentId/approve-reply', serveApproval);
  app.get('/accounts/:name/likes/:videoId', cached, (c) => serveRate(c, 'like'));
  app.get('/accounts/:name/dislikes/:videoId', cached, (c) => serveRate(c, 'dislike'));
  app.get('/accounts/:name/views/videos/:videoId/:viewer', serveView);
  return app;
}
