import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { ApiError } from '../errors';
import { assertCanView, findVideoRow } from '../services/video-queries';
import { getRating, rateVideo } from '../services/rates';
import { videoRef } from './videos-params';

const rateBody = z.object({ rating: z.enum(['like', 'dislike', 'none'], { message: 'Should have a valid rate type' }) });

async function visibleVideo(c: Context<AppEnv>, param = 'id') {
  const row = await findVideoRow(c.var.db, videoRef(c, param));
  if (!row) throw ApiError.notFound('Video not found');
  assertCanView(row, c.var.viewer);
  return row;
}

/** PUT /videos/:id/rate. */
export function videoRateRoutes() {
  const app = new Hono<AppEnv>();
  app.put('/:id/rate', requireUser(), validate('json', rateBody), async (c) => {
    const row = await visibleVideo(c);
    await rateVideo({ db: c.var.db, queue: c.env.JOBS }, c.var.viewer!, row, c.req.valid('json').rating);
    return c.body(null, 204);
  });
  return app;
}

/** GET /users/me/videos/:videoId/rating → `{videoId, rating}`. */
export function userVideoRatingRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/me/videos/:videoId/rating', requireUser(), async (c) => {
    const row = await visibleVideo(c, 'videoId');
    return c.json({ videoId: row.video.id, rating: await getRating(c.var.db, c.var.viewer!.accountId, row.video.id) });
  });
  return app;
}
