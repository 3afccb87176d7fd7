import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { seederFigures } from '../services/p2p-health';
import { trackerStats } from '../tracker/routes';

/**
 * GET /api/v1/p2p/health, administrators only (ADR 0021): the tracker's swarms and sockets, and
 * per companion what its seeder seeds (torrents, peers, bytes up, disk used against its budget).
 */
export function p2pRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/health', requireUser({ role: 'admin' }), async (c) => {
    const tracker = c.var.config.tracker.enabled ? await trackerStats(c.env) : null;
    return c.json({ tracker: { enabled: c.var.config.tracker.enabled, ...tracker }, seeders: await seederFigures(c.var.config) });
  });
  return app;
}
