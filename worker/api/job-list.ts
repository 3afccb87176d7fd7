import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { paginationSchema, parseSort } from '../http/pagination';
import { JOB_STATES } from '../db/schema';
import { listJobs } from '../jobs/store';
import { serializeJob } from '../jobs/serialize';

const listQuery = paginationSchema(['createdAt'], '-createdAt').extend({ jobType: z.string().max(100).optional() });
const stateParam = z.object({ state: z.enum(JOB_STATES).optional() });

/** GET /api/v1/jobs[/{state}]: PeerTube's admin job list, `{ total, data: Job[] }`. */
export function jobRoutes() {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser({ role: 'admin' }));
  app.get('/:state?', validate('param', stateParam), validate('query', listQuery), async (c) => {
    const { state } = c.req.valid('param');
    const query = c.req.valid('query');
    const { total, rows } = await listJobs(c.var.db, { state, type: query.jobType, start: query.start, count: query.count, desc: parseSort(query.sort).desc });
    return c.json({ total, data: rows.map(serializeJob) });
  });
  return app;
}
