import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { validate } from '../http/validate';
import { paginationSchema } from '../http/pagination';
import { accountByHandleQuery, accountIdByHandle, foundAccount, getAccountByHandle } from '../services/accounts';
import { CHANNEL_SORTS, listChannelsQueries, toChannelList } from '../services/channels';
import { edgeCache } from '../http/edge-cache';
import { serializeAccount } from '../serializers/account';
import { serializeChannel } from '../serializers/channel';
import { scheduleActorRefreshIfNeeded } from '../services/remote-refresh';
import { afterResponse } from '../http/after-response';

/** `name` or `name@host`. */
const handleParam = z.object({ name: z.string().min(1).max(300) });
const channelsQuery = paginationSchema(CHANNEL_SORTS, '-createdAt');

/** /accounts/{name}: an account, local or remote, and its channels. */
export function accountRoutes() {
  const app = new Hono<AppEnv>();

  // Accounts are public: the edge cache keeps them (a write, a refresh job, starts a new generation).
  app.get('/:name', edgeCache({ kind: 'actor' }), validate('param', handleParam), async (c) => {
    const found = await getAccountByHandle(c.var.db, c.var.config, c.req.valid('param').name);
    afterResponse(c, scheduleActorRefreshIfNeeded(c.var.db, c.env.JOBS, found.actor));
    return c.json(serializeAccount(found, c.var.config));
  });

  app.get('/:name/video-channels', edgeCache({ kind: 'list' }), validate('param', handleParam), validate('query', channelsQuery), async (c) => {
    const { db, config } = c.var;
    const handle = c.req.valid('param').name;
    // The account and its channels in one round trip.
    const [account, ...list] = await db.batch([
      accountByHandleQuery(db, config, handle),
      ...listChannelsQueries(db, { ...c.req.valid('query'), accountId: accountIdByHandle(db, config, handle) }),
    ]);
    foundAccount(account);
    const { total, data } = toChannelList(list);
    return c.json({ total, data: data.map((ch) => serializeChannel(ch, config)) });
  });

  return app;
}
