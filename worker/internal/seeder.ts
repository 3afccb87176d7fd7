import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { listSeedableFiles } from '../services/seeding';
import { verifyCompanionCall } from './signed';

/** What the companion's seeder seeds (ADR 0021), HMAC-signed like every internal call. */
export function internalSeederRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/files', async (c) => {
    await verifyCompanionCall(c);
    return c.json({ files: await listSeedableFiles(c.var.db) });
  });
  return app;
}
