import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { assertCanManageLocalVideo, findVideoFor, visibleVideoRead } from '../http/load-video';
import { edgeCache } from '../http/edge-cache';
import { ApiError } from '../errors';
import { findVideoWithExtras } from '../services/video-queries';
import { deleteLocalCaption, findVideoCaption, isCaptionLanguage, putLocalCaption } from '../services/captions';
import { readCaptionUpload } from '../services/caption-files';
import { serializeCaption } from '../serializers/caption';
import { videoRef } from './videos-params';

/** `:captionLanguage`, checked as PeerTube's validators do (with their messages: none on add, one on delete). */
function captionLanguage(c: Context, msg: string) {
  const value = c.req.param('captionLanguage') ?? '';
  if (!isCaptionLanguage(value)) {
    throw ApiError.invalidParams({ captionLanguage: { type: 'field', value, msg, path: 'captionLanguage', location: 'params' } });
  }
  return value;
}

/**
 * PeerTube's caption routes (server/core/controllers/api/videos/captions.ts). The list has the
 * video's visibility; adding and deleting answer 401, then 400 for the parameters and the file,
 * then 404, then 403, in PeerTube's order.
 */
export function videoCaptionRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/:id/captions', edgeCache({ kind: 'content', whenMarked: true }), async (c) => {
    // The video and its captions in one round trip (its extras hold them), seen as loadVideo() sees it.
    const { captions } = visibleVideoRead(c, await findVideoWithExtras(c.var.db, videoRef(c))).extras;
    return c.json({ total: captions.length, data: captions.map(serializeCaption) });
  });

  app.put('/:id/captions/:captionLanguage', requireUser(), async (c) => {
    videoRef(c); // a malformed id is the first 400, as in PeerTube's validator
    const language = captionLanguage(c, 'Invalid value');
    const vtt = await readCaptionUpload(c.req.raw.body, c.req.header('content-type'));
    const row = await findVideoFor(c, { access: 'exists' });
    assertCanManageLocalVideo(row, c.var.viewer);
    await putLocalCaption(c.var.db, c.env.JOBS, c.env.MEDIA, row, language, vtt);
    return c.body(null, 204);
  });

  app.delete('/:id/captions/:captionLanguage', requireUser(), async (c) => {
    videoRef(c); // a malformed id is the first 400, as in PeerTube's validator
    const language = captionLanguage(c, 'Should have a valid caption language');
    const row = await findVideoFor(c, { access: 'exists' });
    const caption = await findVideoCaption(c.var.db, row.video.id, language);
    if (!caption) throw ApiError.notFound('Video caption not found');
    assertCanManageLocalVideo(row, c.var.viewer);
    await deleteLocalCaption(c.var.db, c.env.JOBS, c.env.MEDIA, row, caption);
    return c.body(null, 204);
  });

  return app;
}
