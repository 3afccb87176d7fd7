import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { paginationSchema } from '../http/pagination';
import { isCompanionOnline, listCompanions } from '../services/companions';
import type { Companion } from '../db/schema';

const listQuery = paginationSchema(['lastSeenAt'], '-lastSeenAt');

/**
 * GET /api/v1/runners: the companions the Worker has heard from, for admins. PeerTube lists its
 * remote transcoding runners here (`{ total, data: Runner[] }`, with `name`, `ip`, `lastContact`);
 * edgetube's companions are its runners, with their health alongside.
 */
export function runnerRoutes() {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser({ role: 'admin' }));
  app.get('/', validate('query', listQuery), async (c) => {
    const { start, count } = c.req.valid('query');
    const { total, rows } = await listCompanions(c.var.db, { start, count });
    const now = new Date();
    return c.json({ total, data: rows.map((row) => serializeCompanion(row, now)) });
  });
  return app;
}

function serializeCompanion(row: Companion, now: Date) {
  return {
    id: row.id,
    name: new URL(row.url).host,
    description: `edgetube companion ${row.version}, ffmpeg ${row.ffmpeg ?? 'missing'}`,
    ip: new URL(row.url).hostname,
    lastContact: row.lastSeenAt.toISOString(),
    createdAt: row.firstSeenAt.toISOString(),
    updatedAt: row.lastSeenAt.toISOString(),
    url: row.url,
    online: isCompanionOnline(row, now),
    version: row.version,
    ffmpeg: row.ffmpeg,
    activeJobs: row.activeJobs,
    concurrency: row.concurrency,
    diskFreeBytes: row.diskFreeBytes,
    pid: row.pid,
  };
}
