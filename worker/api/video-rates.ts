import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { loadVideo } from '../http/load-video';
import { rateVideo, ratingQuery, toRating } from '../services/rates';
import { assertCanView, videoRefIds, videoRowQuery } from '../services/video-queries';
import { ApiError } from '../errors';
import { videoRef } from './videos-params';

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
  // The video and the viewer's rate of it in one round trip (issue 9).
  app.get('/me/videos/:videoId/rating', requireUser(), async (c) => {
    const { db, viewer } = c.var;
    const ref = videoRef(c, 'videoId');
    const [rows, rating] = await db.batch([videoRowQuery(db, ref), ratingQuery(db, viewer.accountId, videoRefIds(ref).videoId)]);
    if (!rows[0]) throw ApiError.notFound('Video not found');
    assertCanView(rows[0], viewer);
    return c.json({ videoId: rows[0].video.id, rating: toRating(rating) });
  });
  return app;
}
