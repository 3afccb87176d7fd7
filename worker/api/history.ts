import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { listHistory, removeHistoryBefore, removeHistoryVideo } from '../services/history';
import { serializeVideo } from '../serializers/video';

/** PeerTube's paginationValidator and userHistoryListValidator (`search` any string); the order is the history's own. */
const listQuery = z.object({
  start: z.coerce.number().int().min(0).default(0),
  count: z.coerce.number().int().min(0).max(100).default(15),
  search: z.string().optional(),
});

/** PeerTube's isIdValid (validator.isInt), with express-validator's default message. */
const videoIdParam = z.object({
  videoId: z
    .string()
    .regex(/^[-+]?\d{1,15}$/, 'Invalid value')
    .transform(Number),
});

/** PeerTube's isDateValid: ISO 8601. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const removeBody = z.object({
  beforeDate: z
    .string({ message: 'Should have a before date that conforms to ISO 8601' })
    .refine((v) => ISO_8601.test(v) && !Number.isNaN(Date.parse(v)), 'Should have a before date that conforms to ISO 8601')
    .transform((v) => new Date(v))
    .optional(),
});

/** /users/me/history/videos (PeerTube's my-history.ts): never edge-cached, it is the user's own. */
export function historyRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/history/videos', requireUser(), validate('query', listQuery), async (c) => {
    const { db, config, viewer } = c.var;
    const { search, ...page } = c.req.valid('query');
    const { total, data } = await listHistory(db, viewer, { ...page, sort: '-updatedAt' }, search || undefined);
    return c.json({ total, data: data.map((row) => serializeVideo(row, config)) });
  });

  app.delete('/history/videos/:videoId', requireUser(), validate('param', videoIdParam), async (c) => {
    await removeHistoryVideo(c.var.db, c.var.viewer, c.req.valid('param').videoId);
    return c.body(null, 204);
  });

  app.post('/history/videos/remove', requireUser(), validate('json', removeBody), async (c) => {
    await removeHistoryBefore(c.var.db, c.var.viewer, c.req.valid('json').beforeDate);
    return c.body(null, 204);
  });

  return app;
}
