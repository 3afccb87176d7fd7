import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { loadVideo, visibleVideoRead } from '../http/load-video';
import { ApiError } from '../errors';
import { VIDEO_CATEGORIES, VIDEO_LANGUAGES, VIDEO_LICENCES, VIDEO_PRIVACIES } from '../services/video-labels';
import { findVideoRow, findVideoWithExtras, listVideos, viewerNsfwPolicy } from '../services/video-queries';
import { deleteVideo, parseVideoMetadata, updateVideo, updateVideoSchema } from '../services/videos';
import { storeVideoImage } from '../services/uploads/images';
import { serializeVideo, serializeVideoDetails } from '../serializers/video';
import { videoFilters, videoListQuery, videoRef } from './videos-params';
import { createVideoFileToken } from '../services/video-file-tokens';
import { getVideoFileMetadata } from '../services/video-file-metadata';
import { scheduleVideoRefreshIfNeeded } from '../services/remote-refresh';
import { afterResponse } from '../http/after-response';
import { edgeCache } from '../http/edge-cache';

/** PeerTube's isIdValid: an integer (0, the waiting original's placeholder, is valid and unknown). */
const videoFileParam = z.object({
  videoFileId: z
    .string()
    .regex(/^\d{1,15}$/, 'Should have a valid videoFileId')
    .transform(Number),
});

/** /videos: label maps, the public list, one video, its update and deletion. Uploads are in video-uploads.ts. */
export function videoRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/categories', edgeCache({ kind: 'static' }), (c) => c.json(VIDEO_CATEGORIES));
  app.get('/licences', edgeCache({ kind: 'static' }), (c) => c.json(VIDEO_LICENCES));
  app.get('/languages', edgeCache({ kind: 'static' }), (c) => c.json(VIDEO_LANGUAGES));
  app.get('/privacies', edgeCache({ kind: 'static' }), (c) => c.json(VIDEO_PRIVACIES));

  app.get('/', edgeCache({ kind: 'list' }), validate('query', videoListQuery), async (c) => {
    const { db, config, viewer } = c.var;
    const policy = await viewerNsfwPolicy(db, viewer);
    const { total, data } = await listVideos(db, viewer, { kind: 'public' }, videoFilters(c), c.req.valid('query'), policy);
    return c.json({ total, data: data.map((row) => serializeVideo(row, config)) });
  });

  app.get('/:id', edgeCache({ kind: 'content', whenMarked: true }), async (c) => {
    const { db, config, viewer } = c.var;
    const { row, extras } = visibleVideoRead(c, await findVideoWithExtras(db, videoRef(c), viewer?.userId));
    // Served from what is stored; an outdated remote copy is refetched by a job (ADR 0015).
    afterResponse(c, scheduleVideoRefreshIfNeeded(db, c.env.JOBS, row.video));
    return c.json(serializeVideoDetails(row, extras, config));
  });

  app.get('/:id/description', edgeCache({ kind: 'content', whenMarked: true }), async (c) => {
    const found = await findVideoRow(c.var.db, videoRef(c));
    const { row } = visibleVideoRead(c, found && { row: found });
    return c.json({ description: row.video.description ?? null });
  });

  /** PeerTube's VideoFileMetadata, with the same visibility as the video itself. */
  app.get('/:id/metadata/:videoFileId', validate('param', videoFileParam), loadVideo(), async (c) => {
    return c.json(await getVideoFileMetadata(c.var.db, c.var.video.video.id, c.req.valid('param').videoFileId));
  });

  /**
   * PeerTube's video file token: lets `<video src>` and torrent clients, which cannot send
   * `Authorization`, fetch the media of a video the user may see (ADR 0014).
   */
  app.post('/:id/token', requireUser(), loadVideo(), async (c) => {
    const { config, viewer, video: row } = c.var;
    if (!config.keyEncryptionSecret) throw new ApiError(503, undefined, 'Video file tokens need KEY_ENCRYPTION_SECRET to be configured.');
    const { token, expires } = await createVideoFileToken(config.keyEncryptionSecret, { videoUuid: row.video.uuid, userId: viewer.userId });
    return c.json({ files: { token, expires: expires.toISOString() } });
  });

  /** PeerTube takes JSON or multipart/form-data (with `thumbnailfile`/`previewfile`). */
  app.put('/:id', requireUser(), loadVideo({ access: 'manage' }), async (c) => {
    const { db, viewer, video: row } = c.var;
    const isForm = /^multipart\/form-data/i.test(c.req.header('content-type') ?? '');
    let body: Record<string, unknown>;
    const images: { thumbnailKey?: string; previewKey?: string } = {};
    if (isForm) {
      const form = await c.req.parseBody({ all: true });
      body = {};
      const tags: string[] = [];
      for (const [k, v] of Object.entries(form)) {
        if (/^tags(\[\d*\])?$/.test(k)) tags.push(...([] as unknown[]).concat(v).map(String));
        else if (typeof v === 'string') body[k] = v;
      }
      if (tags.length) body.tags = tags;
      const thumb = form.thumbnailfile;
      const preview = form.previewfile;
      if (thumb instanceof File) images.thumbnailKey = await storeVideoImage(c.env.MEDIA, row.video.uuid, 'thumbnailfile', thumb);
      if (preview instanceof File) images.previewKey = await storeVideoImage(c.env.MEDIA, row.video.uuid, 'previewfile', preview);
    } else {
      body = await c.req.json().catch(() => {
        throw ApiError.badRequest('Malformed JSON body.');
      });
    }
    const input = parseVideoMetadata(updateVideoSchema, body);
    await updateVideo(db, c.env.JOBS, viewer, row, input, images);
    return c.body(null, 204);
  });

  app.delete('/:id', requireUser(), loadVideo({ access: 'manage' }), async (c) => {
    await deleteVideo(c.var.db, c.env.JOBS, c.env.MEDIA, c.var.video);
    return c.body(null, 204);
  });

  return app;
}
