import { Hono, type Context } from 'hono';
import { normalizeHost } from '../services/blocklist';
import { z } from 'zod';
import type { UserEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { paginationSchema } from '../http/pagination';
import {
  BLOCKLIST_SORTS,
  blockAccount,
  blockServer,
  listAccountBlocks,
  listServerBlocks,
  unblockAccount,
  unblockServer,
  type BlocklistOwner,
} from '../services/blocklist';
import { serializeAccountBlock, serializeServerBlock } from '../serializers/blocklist';
import type { AppEnv } from '../http/context';
import { edgeCache } from '../http/edge-cache';
import { ApiError } from '../errors';
import { getBlocklistStatus } from '../services/blocklist-status';
import { queryList } from './videos-params';

const listQuery = paginationSchema(BLOCKLIST_SORTS, '-createdAt').extend({ search: z.string().max(200).optional() });
const hostBody = z.object({ host: z.string().min(1).max(300) });
const accountBody = z.object({ accountName: z.string().min(1).max(300) });
const hostParam = z.object({ host: z.string().min(1).max(300) });
const accountParam = z.object({ accountName: z.string().min(1).max(300) });

/**
 * PeerTube's blocklists, with the same routes for the instance (`/server/blocklist`,
 * moderators and admins) and a user (`/users/me/blocklist`, any logged-in user).
 */
export function blocklistRoutes(scope: 'server' | 'me') {
  const app = new Hono<UserEnv>();
  app.use('*', requireUser(scope === 'server' ? { role: 'moderator' } : {}));
  const ownerOf = (c: Context<UserEnv>): BlocklistOwner => (scope === 'server' ? null : c.var.viewer.accountId);

  app.get('/servers', validate('query', listQuery), async (c) => {
    const { total, data, by } = await listServerBlocks(c.var.db, ownerOf(c), c.req.valid('query'));
    return c.json({ total, data: data.map((r) => serializeServerBlock(r, by, c.var.config)) });
  });

  app.post('/servers', validate('json', hostBody), async (c) => {
    await blockServer(c.var.db, c.var.config, ownerOf(c), c.req.valid('json').host);
    return c.body(null, 204);
  });

  app.delete('/servers/:host', validate('param', hostParam), async (c) => {
    await unblockServer(c.var.db, ownerOf(c), c.req.valid('param').host);
    return c.body(null, 204);
  });

  app.get('/accounts', validate('query', listQuery), async (c) => {
    const { total, data, by } = await listAccountBlocks(c.var.db, ownerOf(c), c.req.valid('query'));
    return c.json({ total, data: data.map((r) => serializeAccountBlock(r, by, c.var.config)) });
  });

  app.post('/accounts', validate('json', accountBody), async (c) => {
    await blockAccount(c.var.db, c.var.config, ownerOf(c), c.req.valid('json').accountName);
    return c.body(null, 204);
  });

  app.delete('/accounts/:accountName', validate('param', accountParam), async (c) => {
    await unblockAccount(c.var.db, c.var.config, ownerOf(c), c.req.valid('param').accountName);
    return c.body(null, 204);
  });

  return app;
}

/** blocklistStatusValidator (middlewares/validators/blocklist.ts): unique valid hosts, `name@host` handles. */
function statusQuery(c: Context<AppEnv>) {
  const hosts = queryList(c, 'hosts') ?? [];
  const accounts = queryList(c, 'accounts') ?? [];
  const field = (path: 'hosts' | 'accounts', value: string[], msg: string) =>
    ApiError.invalidParams({ [path]: { type: 'field', value, msg, path, location: 'query' } });
  if (!hosts.every((h, i) => normalizeHost(h) !== null && !h.includes('://') && hosts.indexOf(h) === i))
    throw field('hosts', hosts, 'Should have a valid hosts array');
  if (!accounts.every((a) => a.split('@').length === 2 && normalizeHost(a.split('@')[1]) !== null))
    throw field('accounts', accounts, 'Should have a valid accounts array');
  return { hosts, accounts };
}

/** GET /blocklist/status: public; a logged-in viewer also learns about their own blocks. */
export function blocklistStatusRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/status', edgeCache({ kind: 'list' }), async (c) =>
    c.json(await getBlocklistStatus(c.var.db, c.var.config, c.var.viewer?.accountId, statusQuery(c))),
  );
  return app;
}
