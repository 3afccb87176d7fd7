import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { validate } from '../http/validate';
import { paginationSchema } from '../http/pagination';
import { ACCOUNT_SORTS, accountByHandleQuery, accountIdByHandle, foundAccount, getAccountByHandle, listAccounts } from '../services/accounts';
import { CHANNEL_SORTS, channelListQueries, toChannelList } from '../services/channels';
import { serializeAccount } from '../serializers/account';
import { serializeChannel } from '../serializers/channel';
import { scheduleActorRefreshIfNeeded } from '../services/remote-refresh';
import { afterResponse } from '../http/after-response';
import { edgeCache } from '../http/edge-cache';

/** `name` or `name@host`. */
const handleParam = z.object({ name: z.string().min(1).max(300) });
const channelsQuery = paginationSchema(CHANNEL_SORTS, '-createdAt');
const accountsQuery = paginationSchema(ACCOUNT_SORTS, '-createdAt');

/** /accounts: the list, and an account, local or remote, and its channels. */
export function accountRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/', edgeCache({ kind: 'list' }), validate('query', accountsQuery), async (c) => {
    const { total, data } = await listAccounts(c.var.db, c.req.valid('query'));
    return c.json({ total, data: data.map((a) => serializeAccount(a, c.var.config)) });
  });

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
    const [account, rows, totals] = await db.batch([
      accountByHandleQuery(db, config, handle),
      ...channelListQueries(db, { ...c.req.valid('query'), accountId: accountIdByHandle(config, handle) }),
    ]);
    foundAccount(account);
    const { total, data } = toChannelList(rows, totals);
    return c.json({ total, data: data.map((ch) => serializeChannel(ch, config)) });
  });

  return app;
}
