import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { validate } from '../http/validate';
import { ApiError } from '../errors';
import { assertCanView, findVideoRow } from '../services/video-queries';
import { clientIp } from '../services/rate-limit';
import { recordView } from '../services/views';
import { videoRef } from './videos-params';

/** PeerTube's body: `currentTime` (seconds, required), `viewEvent` (seek) and `sessionId` optional. */
const viewBody = z.object({
  currentTime: z.coerce.number({ message: 'Should have correct current time' }).int('Should have correct current time').min(0, 'Should have correct current time'),
  viewEvent: z.enum(['seek']).optional(),
  sessionId: z.string().max(100).optional(),
});

/** POST /videos/:id/views: 204 whether or not this client's view was already counted this hour. */
export function videoViewRoutes() {
  const app = new Hono<AppEnv>();
  app.post('/:id/views', validate('json', viewBody), async (c) => {
    const row = await findVideoRow(c.var.db, videoRef(c));
    if (!row) throw ApiError.notFound('Video not found');
    assertCanView(row, c.var.viewer);
    await recordView({ db: c.var.db, queue: c.env.JOBS }, row, clientIp(c.req.raw.headers));
    return c.body(null, 204);
  });
  return app;
}
