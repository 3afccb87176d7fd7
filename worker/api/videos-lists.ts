import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { accountByHandleQuery, accountIdByHandle, foundAccount } from '../services/accounts';
import { channelByHandleQuery, channelIdByHandle, foundChannel } from '../services/channels';
import { listVideos, toVideoList, videoListQueries, viewerNsfwPolicy, type ListScope } from '../services/video-queries';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { serializeVideo } from '../serializers/video';
import { edgeCache } from '../http/edge-cache';
import { videoFilters, videoListQuery } from './videos-params';

/** Whose videos a list shows: the query that finds it (404 when `check` finds nothing), and the list's scope. */
type Owner = { query: BatchItem<'sqlite'>; scope: ListScope; check: (rows: never[]) => unknown };

const ofAccount = (db: Db, config: Config, handle: string): Owner => ({
  query: accountByHandleQuery(db, config, handle),
  scope: { kind: 'public', accountId: accountIdByHandle(config, handle) },
  check: foundAccount,
});

const ofChannel = (db: Db, config: Config, handle: string): Owner => ({
  query: channelByHandleQuery(db, config, handle),
  scope: { kind: 'public', channelId: channelIdByHandle(config, handle) },
  check: foundChannel,
});

/**
 * The video lists that hang off other resources: /users/me/videos (everything the user owns),
 * /accounts/{name}/videos and /video-channels/{handle}/videos (what anyone may list).
 */
export function videoListRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/users/me/videos', requireUser(), validate('query', videoListQuery), async (c) => {
    const { db, config, viewer } = c.var;
    const { total, data } = await listVideos(db, viewer, { kind: 'owner', userId: viewer.userId }, videoFilters(c), c.req.valid('query'));
    return c.json({ total, data: data.map((row) => serializeVideo(row, config)) });
  });

  // The account or channel and the page of its videos in one round trip: the list names it by a subquery on its handle.
  for (const [path, param, ownerOf] of [
    ['/accounts/:name/videos', 'name', ofAccount],
    ['/video-channels/:handle/videos', 'handle', ofChannel],
  ] as const) {
    app.get(path, edgeCache({ kind: 'list' }), validate('query', videoListQuery), async (c) => {
      const { db, config, viewer } = c.var;
      const owner = ownerOf(db, config, c.req.param(param) ?? '');
      const policy = await viewerNsfwPolicy(db, viewer);
      const [found, rows, count] = await db.batch([owner.query, ...videoListQueries(db, viewer, owner.scope, videoFilters(c), c.req.valid('query'), policy)]);
      owner.check(found as never[]);
      const { total, data } = toVideoList(rows, count);
      return c.json({ total, data: data.map((row) => serializeVideo(row, config)) });
    });
  }

  return app;
}
