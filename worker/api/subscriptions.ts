import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { UserEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { paginationSchema } from '../http/pagination';
import { ApiError } from '../errors';
import {
  addSubscription,
  getSubscription,
  isValidActorHandle,
  listSubscriptions,
  removeSubscription,
  subscriptionsExist,
  SUBSCRIPTION_SORTS,
  viewerActorId,
} from '../services/subscriptions';
import { listVideos, viewerNsfwPolicy } from '../services/video-queries';
import { serializeChannel } from '../serializers/channel';
import { serializeVideo } from '../serializers/video';
import { videoFilters, videoListQuery } from './videos-params';

// PeerTube's userSubscriptionListValidator: `search`, when given, is not empty.
const listQuery = paginationSchema(SUBSCRIPTION_SORTS, '-createdAt').extend({ search: z.string().min(1).max(200).optional() });
const addBody = z.object({
  uri: z
    .string({ message: 'Should have a valid URI to follow (username@domain)' })
    .refine(isValidActorHandle, 'Should have a valid URI to follow (username@domain)'),
});

/** `:uri` as PeerTube's userSubscriptionGetValidator checks it. */
function uriParam(c: Context): string {
  const value = c.req.param('uri') ?? '';
  if (!isValidActorHandle(value)) throw ApiError.invalidParams({ uri: { type: 'field', value, msg: 'Invalid value', path: 'uri', location: 'params' } });
  return value;
}

/** `uris` may come as `uris=a&uris=b` or `uris[]=a` (PeerTube arrayifies it). */
function urisQuery(c: Context): string[] {
  const uris = [...(c.req.queries('uris') ?? []), ...(c.req.queries('uris[]') ?? [])];
  if (uris.length === 0 || !uris.every(isValidActorHandle)) {
    throw ApiError.invalidParams({ uris: { type: 'field', value: uris, msg: 'Should have a valid array of URIs', path: 'uris', location: 'query' } });
  }
  return uris;
}

/** /users/me/subscriptions: PeerTube's my-subscriptions.ts. Every route needs a user. */
export function subscriptionRoutes() {
  const app = new Hono<UserEnv>();
  app.use('*', requireUser());
  const deps = (c: Context<UserEnv>) => ({ db: c.var.db, config: c.var.config, queue: c.env.JOBS });

  app.get('/videos', validate('query', videoListQuery), async (c) => {
    const { db, config, viewer } = c.var;
    const followerActorId = await viewerActorId(db, viewer);
    const policy = await viewerNsfwPolicy(db, viewer);
    const { total, data } = await listVideos(db, viewer, { kind: 'public', followerActorId }, videoFilters(c), c.req.valid('query'), policy);
    return c.json({ total, data: data.map((row) => serializeVideo(row, config)) });
  });

  app.get('/exist', async (c) => c.json(await subscriptionsExist(c.var.db, c.var.config, c.var.viewer, urisQuery(c))));

  app.get('/', validate('query', listQuery), async (c) => {
    const { total, data } = await listSubscriptions(c.var.db, c.var.viewer, c.req.valid('query'));
    return c.json({ total, data: data.map((ch) => serializeChannel(ch, c.var.config)) });
  });

  app.post('/', validate('json', addBody), async (c) => {
    await addSubscription(deps(c), c.var.viewer, c.req.valid('json').uri);
    return c.body(null, 204);
  });

  app.get('/:uri', async (c) => c.json(serializeChannel(await getSubscription(deps(c), c.var.viewer, uriParam(c)), c.var.config)));

  app.delete('/:uri', async (c) => {
    await removeSubscription(deps(c), c.var.viewer, uriParam(c));
    return c.body(null, 204);
  });

  return app;
}
