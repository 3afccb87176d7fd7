import type { Context, MiddlewareHandler } from 'hono';
import { videoRef } from '../api/videos-params';
import { ApiError } from '../errors';
import { assertCanView, canManage, findVideoRow, type VideoRow } from '../services/video-queries';
import type { Viewer } from '../services/viewer';
import { getManageableVideo } from '../services/videos';
import type { AppEnv } from './context';
import { markPublic } from './edge-cache';
import { VIDEO_PRIVACY } from '../db/schema';

/** What `loadVideo` adds to the context: the video named by the path, which the viewer may see (or manage). */
export type VideoVariables = { Variables: { video: VideoRow } };

/**
 * Loads the video named by `:id` (or `options.param`) before the handler runs, as PeerTube's
 * validators do (server/core/middlewares/validators/shared/videos.ts: doesVideoExist, then
 * checkCanSeeVideo or checkUserCanManageVideo): 400 for a value that is no video id, 404 for no
 * such video, 401/403 when the viewer may not see it, or, with `manage`, may not manage it
 * (put `requireUser()` first). The handler reads `c.var.video`.
 *
 * @example app.get('/:id/description', loadVideo(), (c) => c.json({ description: c.var.video.video.description }))
 */
export function loadVideo(options: LoadOptions = {}): MiddlewareHandler<AppEnv & VideoVariables> {
  return async function loadVideo(c, next) {
    c.set('video', await findVideoFor(c, options));
    await next();
  };
}

type LoadOptions = {
  param?: string;
  /**
   * Who may have it: `view` (the default), `manage`, or `exists` for a route that checks rights
   * itself, as PeerTube's validators that call doesVideoExist alone do (captions, blacklist).
   */
  access?: 'view' | 'manage' | 'exists';
};

/**
 * What `loadVideo` does, for a handler that must check other path parameters first (PeerTube
 * validates every parameter before it looks the video up).
 */
export async function findVideoFor<E extends AppEnv>(c: Context<E>, options: LoadOptions = {}): Promise<VideoRow> {
  const ref = videoRef(c, options.param);
  if (options.access === 'manage') {
    if (!c.var.viewer) throw ApiError.unauthorized('Authentication is required.');
    return getManageableVideo(c.var.db, c.var.viewer, ref);
  }
  const row = await findVideoRow(c.var.db, ref);
  if (!row) throw ApiError.notFound('Video not found');
  if (options.access !== 'exists') assertCanView(row, c.var.viewer);
  return row;
}

/**
 * A cached read of one video and what came with it in the same round trip (its extras, chapters,
 * comment threads): 404 when there is no such video, 401/403 when the viewer may not see it, and
 * the answer marked shareable by the edge cache (ADR 0017) when the video is public. Put
 * `edgeCache({ kind: 'content', whenMarked: true })` before the handler.
 *
 * @example const { row, extras } = visibleVideoRead(c, await findVideoWithExtras(c.var.db, videoRef(c)));
 */
export function visibleVideoRead<E extends AppEnv, T extends { row: VideoRow }>(c: Context<E>, found: T | undefined): T {
  if (!found) throw ApiError.notFound('Video not found');
  assertCanView(found.row, c.var.viewer);
  if (found.row.video.privacy === VIDEO_PRIVACY.PUBLIC) markPublic(c);
  return found;
}

/** PeerTube's checkUserCanManageVideo with UPDATE_ANY_VIDEO: the owner, moderators and admins, of a local video (403 otherwise). */
export function assertCanManageLocalVideo(row: VideoRow, viewer: Viewer) {
  if (!row.video.isLocal) throw ApiError.forbidden('Cannot manage a video of another server.');
  if (!canManage(row, viewer)) throw ApiError.forbidden('Cannot manage a video of another user.');
}
