import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { paginationSchema } from '../http/pagination';
import {
  answerServerFollower,
  FOLLOW_SORTS,
  followRequestSchema,
  listServerFollows,
  removeServerFollowing,
  requestServerFollows,
} from '../services/server-follows';
import { serializeActorFollow } from '../serializers/actor-follow';
import { blocklistRoutes } from './blocklist';
import { edgeCache } from '../http/edge-cache';
import { getServerStats } from '../services/server-stats';

const listQuery = paginationSchema(FOLLOW_SORTS, '-createdAt').extend({
  search: z.string().max(200).optional(),
  state: z.enum(['pending', 'accepted']).optional(),
  actorType: z.enum(['Person', 'Application', 'Group']).optional(),
});
const handleParam = z.object({ handle: z.string().min(3).max(300) });
const hostOrHandleParam = z.object({ hostOrHandle: z.string().min(1).max(300) });

/**
 * /server: instance follows (PeerTube's server/follows.ts). Lists are public, as in
 * PeerTube; changes need MANAGE_SERVER_FOLLOW, which only administrators have.
 */
export function serverRoutes() {
  const app = new Hono<AppEnv>();

  // PeerTube caches it (ROUTE_CACHE_LIFETIME.STATS); here the edge does, like the instance's other documents.
  app.get('/stats', edgeCache({ kind: 'instance' }), async (c) => c.json(await getServerStats(c.var.db)));

  app.get('/following', validate('query', listQuery), async (c) => {
    const { total, data } = await listServerFollows(c.var.db, 'following', c.req.valid('query'));
    return c.json({ total, data: data.map((r) => serializeActorFollow(r, c.var.config)) });
  });

  app.get('/followers', validate('query', listQuery), async (c) => {
    const { total, data } = await listServerFollows(c.var.db, 'followers', c.req.valid('query'));
    return c.json({ total, data: data.map((r) => serializeActorFollow(r, c.var.config)) });
  });

  app.post('/following', requireUser({ role: 'admin' }), validate('json', followRequestSchema), async (c) => {
    await requestServerFollows(c.var.db, c.var.config, c.env.JOBS, c.req.valid('json'));
    return c.body(null, 204);
  });

  app.delete('/following/:hostOrHandle', requireUser({ role: 'admin' }), validate('param', hostOrHandleParam), async (c) => {
    await removeServerFollowing(c.var.db, c.env.JOBS, c.req.valid('param').hostOrHandle);
    return c.body(null, 204);
  });

  app.post('/followers/:handle/accept', requireUser({ role: 'admin' }), validate('param', handleParam), async (c) => {
    await answerServerFollower(c.var.db, c.env.JOBS, c.req.valid('param').handle, 'accept');
    return c.body(null, 204);
  });

  app.post('/followers/:handle/reject', requireUser({ role: 'admin' }), validate('param', handleParam), async (c) => {
    await answerServerFollower(c.var.db, c.env.JOBS, c.req.valid('param').handle, 'reject');
    return c.body(null, 204);
  });

  app.delete('/followers/:handle', requireUser({ role: 'admin' }), validate('param', handleParam), async (c) => {
    await answerServerFollower(c.var.db, c.env.JOBS, c.req.valid('param').handle, 'reject');
    return c.body(null, 204);
  });

  app.route('/blocklist', blocklistRoutes('server'));

  return app;
}
