import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { commentsOnMyVideosQuery, listCommentsOnMyVideos } from '../services/comments-on-my-videos';

/** /users/me/videos/comments: the comments on the caller's videos, held ones included (never cached: authenticated). */
export function myVideoCommentRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/me/videos/comments', requireUser(), validate('query', commentsOnMyVideosQuery), async (c) => {
    return c.json(await listCommentsOnMyVideos(c.var.db, c.var.config, c.var.viewer, c.req.valid('query')));
  });
  return app;
}
