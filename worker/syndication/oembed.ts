import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { validate } from '../http/validate';
import { edgeCache, markPublic } from '../http/edge-cache';
import { ApiError } from '../errors';
import { findVideoRow } from '../services/video-queries';
import { parseVideoId } from '../services/short-uuid';
import { VIDEO_PRIVACY } from '../db/schema';
import { mediaUrls } from '../media/urls';
import { EMBED_SIZE, embedIframe, embedQuery } from './embed-code';

/** PeerTube's preview size (constants.ts PREVIEWS_SIZE): thumbnails larger than maxwidth/maxheight are left out. */
const PREVIEW_SIZE = { width: 850, height: 480 };

const query = z.object({
  url: z.string().min(1).max(2000),
  maxwidth: z.coerce.number().int().positive().optional(),
  maxheight: z.coerce.number().int().positive().optional(),
  format: z.string().optional(),
});

/**
 * GET /services/oembed, shaped as PeerTube's (server/core/controllers/services.ts and
 * middlewares/validators/oembed.ts): JSON only (501 otherwise), watch URLs of this instance,
 * public videos, and unlisted ones only by their UUID (full or short), never by numeric id.
 */
export function oembedRoutes() {
  const app = new Hono<AppEnv>();
  // Edge-cached for public videos only: an unlisted one answers by its uuid, and is never stored.
  app.get('/services/oembed', edgeCache({ kind: 'content', whenMarked: true }), validate('query', query), async (c) => {
    const { db, config } = c.var;
    const q = c.req.valid('query');
    if (q.format !== undefined && q.format !== 'json') throw new ApiError(501, undefined, 'Requested format is not implemented on server.');
    let url: URL;
    try {
      url = new URL(q.url);
    } catch {
      throw ApiError.badRequest('Invalid url.');
    }
    const prefixes = ['/videos/watch/', '/w/'].map((p) => `${config.publicUrl}${p}`);
    if (!prefixes.some((p) => q.url.startsWith(p))) throw ApiError.badRequest('Invalid url.');
    const id = url.pathname.split('/').pop() ?? '';
    const ref = parseVideoId(id);
    if (!ref) throw ApiError.badRequest('Invalid video or playlist id.');
    const row = await findVideoRow(db, ref);
    if (!row) throw ApiError.notFound('Video not found');
    const v = row.video;
    if (!(v.privacy === VIDEO_PRIVACY.PUBLIC || (v.privacy === VIDEO_PRIVACY.UNLISTED && ref.kind === 'uuid')))
      throw ApiError.forbidden('Video is not publicly available');
    if (v.privacy === VIDEO_PRIVACY.PUBLIC) markPublic(c);

    const width = Math.min(EMBED_SIZE.width, q.maxwidth ?? Infinity);
    const height = Math.min(EMBED_SIZE.height, q.maxheight ?? Infinity);
    const json: Record<string, unknown> = {
      type: 'video',
      version: '1.0',
      html: embedIframe(config, v, { query: embedQuery(url.searchParams), width, height }),
      width,
      height,
      title: v.name,
      author_name: row.channelActor.preferredUsername,
      author_url: row.channelActor.url,
      provider_name: 'PeerTube',
      provider_url: config.publicUrl,
    };
    const tooSmall = (q.maxheight !== undefined && q.maxheight < PREVIEW_SIZE.height) || (q.maxwidth !== undefined && q.maxwidth < PREVIEW_SIZE.width);
    if ((v.isLocal || v.previewUrl) && !tooSmall) {
      Object.assign(json, {
        thumbnail_url: `${config.publicUrl}${mediaUrls(config, v.uuid).previewPath}`,
        thumbnail_width: PREVIEW_SIZE.width,
        thumbnail_height: PREVIEW_SIZE.height,
      });
    }
    c.header('access-control-allow-origin', '*');
    return c.json(json);
  });
  return app;
}
