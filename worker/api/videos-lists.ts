import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { getAccountByHandle } from '../services/accounts';
import { getChannelByHandle } from '../services/channels';
import { listVideos, viewerNsfwPolicy } from '../services/video-queries';
import { serializeVideo } from '../serializers/video';
import { edgeCache } from '../http/edge-cache';
import { videoFilters, videoListQuery } from './videos-params';

/**
 * The video lists that hang off other resources: /users/me/videos (everything the user owns),
 * /accounts/{name}/videos and /video-channels/{handle}/videos (what anyone may list).
 */
export function videoListRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/users/me/videos', requireUser(), validate('query', videoListQuery), async (c) => {
    const { db, config, viewer } = c.var;
    const { total, data } = await listVideos(db, viewer, { kind: 'owner', userId: viewer!.userId }, videoFilters(c), c.req.valid('query'));
    return c.json({ total, data: data.map((row) => serializeVideo(row, config)) });
  });

  app.get('/accounts/:name/videos', edgeCache({ kind: 'list' }), validate('query', videoListQuery), async (c) => {
    const { db, config, viewer } = c.var;
    const found = await getAccountByHandle(db, config, c.req.param('name'));
    const policy = await viewerNsfwPolicy(db, viewer);
    const { total, data } = await listVideos(db, viewer, { kind: 'public', accountId: found.account.id }, videoFilters(c), c.req.valid('query'), policy);
    return c.json({ total, data: data.map((row) => serializeVideo(row, config)) });
  });

  app.get('/video-channels/:handle/videos', edgeCache({ kind: 'list' }), validate('query', videoListQuery), async (c) => {
    const { db, config, viewer } = c.var;
    const found = await getChannelByHandle(db, config, c.req.param('handle'));
    const policy = await viewerNsfwPolicy(db, viewer);
    const { total, data } = await listVideos(db, viewer, { kind: 'public', channelId: found.channel.id }, videoFilters(c), c.req.valid('query'), policy);
    return c.json({ total, data: data.map((row) => serializeVideo(row, config)) });
  });

  return app;
}
