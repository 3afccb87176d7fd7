import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { validate } from '../http/validate';
import { paginationSchema } from '../http/pagination';
import { ACCOUNT_SORTS, getAccountByHandle, listAccounts } from '../services/accounts';
import { CHANNEL_SORTS, listChannels } from '../services/channels';
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

  app.get('/:name', validate('param', handleParam), async (c) => {
    const found = await getAccountByHandle(c.var.db, c.var.config, c.req.valid('param').name);
    afterResponse(c, scheduleActorRefreshIfNeeded(c.var.db, c.env.JOBS, found.actor));
    return c.json(serializeAccount(found, c.var.config));
  });

  app.get('/:name/video-channels', validate('param', handleParam), validate('query', channelsQuery), async (c) => {
    const { db, config } = c.var;
    const found = await getAccountByHandle(db, config, c.req.valid('param').name);
    const { total, data } = await listChannels(db, { ...c.req.valid('query'), accountId: found.account.id });
    return c.json({ total, data: data.map((ch) => serializeChannel(ch, config)) });
  });

  return app;
}
