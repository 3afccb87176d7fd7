import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { paginationSchema } from '../http/pagination';
import { loadVideo } from '../http/load-video';
import {
  addToBlacklistSchema,
  BLACKLIST_SORTS,
  blacklistVideo,
  listBlacklist,
  unblacklistVideo,
  updateBlacklistReason,
  updateBlacklistSchema,
} from '../services/video-blacklist';
import { serializeVideoBlacklist } from '../serializers/video-blacklist';

const listQuery = paginationSchema(BLACKLIST_SORTS, '-id').extend({
  type: z.coerce
    .number()
    .int()
    .refine((t) => t === 1 || t === 2, 'Should have a valid video blacklist type attribute')
    .optional(),
  search: z.string().min(1, 'Should have a valid search').max(250).optional(),
});

/**
 * PeerTube's video blacklist routes (server/core/controllers/api/videos/blacklist.ts), for users
 * with MANAGE_VIDEO_BLACKLIST: moderators and admins. Mounted before /videos/:id.
 */
export function videoBlacklistRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/blacklist', requireUser({ role: 'moderator' }));
  app.use('/:id/blacklist', requireUser({ role: 'moderator' }));

  app.get('/blacklist', validate('query', listQuery), async (c) => {
    const { type, search, ...page } = c.req.valid('query');
    const { total, data } = await listBlacklist(c.var.db, { type, search }, page);
    return c.json({ total, data: data.map((row) => serializeVideoBlacklist(row, c.var.config)) });
  });

  app.post('/:id/blacklist', validate('json', addToBlacklistSchema), loadVideo({ access: 'exists' }), async (c) => {
    await blacklistVideo({ db: c.var.db, queue: c.env.JOBS }, c.var.video, c.req.valid('json'));
    return c.body(null, 204);
  });

  app.put('/:id/blacklist', validate('json', updateBlacklistSchema), loadVideo({ access: 'exists' }), async (c) => {
    await updateBlacklistReason(c.var.db, c.var.video, c.req.valid('json'));
    return c.body(null, 204);
  });

  app.delete('/:id/blacklist', loadVideo({ access: 'exists' }), async (c) => {
    await unblacklistVideo({ db: c.var.db, queue: c.env.JOBS }, c.var.video);
    return c.body(null, 204);
  });

  return app;
}
