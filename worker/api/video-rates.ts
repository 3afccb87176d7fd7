import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { loadVideo } from '../http/load-video';
import { getRating, rateVideo } from '../services/rates';

const rateBody = z.object({ rating: z.enum(['like', 'dislike', 'none'], { message: 'Should have a valid rate type' }) });

/** PUT /videos/:id/rate. */
export function videoRateRoutes() {
  const app = new Hono<AppEnv>();
  app.put('/:id/rate', requireUser(), validate('json', rateBody), loadVideo(), async (c) => {
    await rateVideo({ db: c.var.db, queue: c.env.JOBS }, c.var.viewer, c.var.video, c.req.valid('json').rating);
    return c.body(null, 204);
  });
  return app;
}

/** GET /users/me/videos/:videoId/rating → `{videoId, rating}`. */
export function userVideoRatingRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/me/videos/:videoId/rating', requireUser(), loadVideo({ param: 'videoId' }), async (c) => {
    const row = c.var.video;
    return c.json({ videoId: row.video.id, rating: await getRating(c.var.db, c.var.viewer.accountId, row.video.id) });
  });
  return app;
}
