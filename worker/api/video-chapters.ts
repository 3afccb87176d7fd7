import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { assertCanManageLocalVideo, findVideoFor, visibleVideoRead } from '../http/load-video';
import { edgeCache } from '../http/edge-cache';
import { validate } from '../http/validate';
import { chaptersBody, findVideoWithChapters, putChapters } from '../services/chapters';
import { videoRef } from './videos-params';

/**
 * PeerTube's chapter routes (server/core/controllers/api/videos/chapters.ts): the list has the
 * video's visibility and is edge-cached when public; the owner (or a moderator) replaces them all.
 */
export function videoChapterRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/:id/chapters', edgeCache({ kind: 'content', whenMarked: true }), async (c) => {
    // The video and its chapters in one round trip; the chapters are shown once the viewer may see the video.
    const { chapters } = visibleVideoRead(c, await findVideoWithChapters(c.var.db, videoRef(c)));
    return c.json({ chapters });
  });

  app.put('/:id/chapters', requireUser(), validate('json', chaptersBody), async (c) => {
    const row = await findVideoFor(c, { access: 'exists' });
    assertCanManageLocalVideo(row, c.var.viewer);
    await putChapters(c.var.db, c.env.JOBS, row, c.req.valid('json').chapters);
    return c.body(null, 204);
  });

  return app;
}
