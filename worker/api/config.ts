import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { getAbout, getServerConfig } from '../services/server-config';
import { edgeCache } from '../http/edge-cache';
import { customConfigPatchSchema, getCustomConfig, resetCustomConfig, updateCustomConfig } from '../services/instance-settings';

export function configRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/', edgeCache({ kind: 'instance' }), async (c) => c.json(await getServerConfig(c.var.db, c.var.config)));
  app.get('/about', edgeCache({ kind: 'instance' }), async (c) => c.json(await getAbout(c.var.db, c.var.config)));
  app.get('/custom', requireUser({ role: 'admin' }), async (c) => c.json(await getCustomConfig(c.var.db, c.var.config)));
  app.put('/custom', requireUser({ role: 'admin' }), validate('json', customConfigPatchSchema), async (c) =>
    c.json(await updateCustomConfig(c.var.db, c.var.config, c.req.valid('json'))),
  );
  app.delete('/custom', requireUser({ role: 'admin' }), async (c) => {
    await resetCustomConfig(c.var.db);
    return c.json(await getCustomConfig(c.var.db, c.var.config));
  });
  return app;
}
