import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { validate } from '../http/validate';
import { loadVideo } from '../http/load-video';
import { clientIp } from '../services/rate-limit';
import { recordView } from '../services/views';
import { historyPositionOf } from '../services/history';

/** PeerTube's body: `currentTime` (seconds, required), `viewEvent` (seek) and `sessionId` optional. */
const viewBody = z.object({
  currentTime: z.coerce
    .number({ message: 'Should have correct current time' })
    .int('Should have correct current time')
    .min(0, 'Should have correct current time'),
  viewEvent: z.enum(['seek']).optional(),
  sessionId: z.string().max(100).optional(),
});

/**
 * POST /videos/:id/views: 204 whether or not this client's view was already counted this hour. A
 * signed-in viewer's `currentTime` goes into their history unless they turned it off.
 */
export function videoViewRoutes() {
  const app = new Hono<AppEnv>();
  app.post('/:id/views', validate('json', viewBody), loadVideo(), async (c) => {
    const position = historyPositionOf(c.var.viewer, c.req.valid('json').currentTime);
    await recordView({ db: c.var.db, queue: c.env.JOBS }, c.var.video, clientIp(c.req.raw.headers), Date.now(), position);
    return c.body(null, 204);
  });
  return app;
}
