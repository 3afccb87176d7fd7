import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { paginationSchema } from '../http/pagination';
import { ABUSE_SORTS, createAbuse, createAbuseSchema, deleteAbuse, listAbuses, updateAbuseSchema, updateAbuse } from '../services/abuses';
import { serializeAdminAbuse } from '../serializers/abuse';

const listQuery = paginationSchema(ABUSE_SORTS, '-createdAt').extend({
  id: z.coerce.number().int().positive().optional(),
  state: z.coerce.number().int().min(1).max(3).optional(),
});
const idParam = z.object({ id: z.coerce.number().int().positive() });

/** /abuses (PeerTube's api/v1/abuse.ts): anyone logged in reports; moderators list and judge. */
export function abuseRoutes() {
  const app = new Hono<AppEnv>();

  app.post('/', requireUser(), validate('json', createAbuseSchema), async (c) => {
    const abuse = await createAbuse(c.var.db, c.env.JOBS, c.var.viewer, c.req.valid('json'));
    return c.json({ abuse: { id: abuse.id } });
  });

  app.get('/', requireUser({ role: 'moderator' }), validate('query', listQuery), async (c) => {
    const { total, data } = await listAbuses(c.var.db, c.req.valid('query'));
    return c.json({ total, data: data.map((a) => serializeAdminAbuse(a, c.var.config)) });
  });

  app.put('/:id', requireUser({ role: 'moderator' }), validate('param', idParam), validate('json', updateAbuseSchema), async (c) => {
    await updateAbuse(c.var.db, c.req.valid('param').id, c.req.valid('json'));
    return c.body(null, 204);
  });

  app.delete('/:id', requireUser({ role: 'moderator' }), validate('param', idParam), async (c) => {
    await deleteAbuse(c.var.db, c.req.valid('param').id);
    return c.body(null, 204);
  });

  return app;
}
