import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { paginationSchema } from '../http/pagination';
import { ABUSE_SORTS, createAbuse, createAbuseSchema, deleteAbuse, listAbuses, updateAbuseSchema, updateAbuse } from '../services/abuses';
import { addAbuseMessage, deleteAbuseMessage, listAbuseMessages, loadAbuseForMessages } from '../services/abuse-messages';
import { serializeAbuseMessage, serializeAdminAbuse, serializeUserAbuse } from '../serializers/abuse';

/** abuseListForAdminsValidator / abuseListForUserValidator (middlewares/validators/abuse.ts), the filters kept. */
const listQuery = paginationSchema(ABUSE_SORTS, '-createdAt').extend({
  id: z.coerce.number().int().positive().optional(),
  state: z.coerce.number().int().min(1).max(3).optional(),
  search: z.string().max(200).optional(),
});
const idParam = z.object({ id: z.coerce.number().int().positive() });
const messageParams = idParam.extend({ messageId: z.coerce.number().int().positive() });
/** CONSTRAINTS_FIELDS.ABUSE_MESSAGES.MESSAGE. */
const messageBody = z.object({ message: z.string().min(2).max(3000) });

/** /abuses (PeerTube's api/v1/abuse.ts): anyone logged in reports; moderators list and judge; reporter and moderators talk. */
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

  app.get('/:id/messages', requireUser(), validate('param', idParam), async (c) => {
    const abuse = await loadAbuseForMessages(c.var.db, c.var.viewer, c.req.valid('param').id);
    const { total, data } = await listAbuseMessages(c.var.db, abuse.id);
    return c.json({ total, data: data.map((m) => serializeAbuseMessage(m, c.var.config)) });
  });

  app.post('/:id/messages', requireUser(), validate('param', idParam), validate('json', messageBody), async (c) => {
    const abuse = await loadAbuseForMessages(c.var.db, c.var.viewer, c.req.valid('param').id);
    const created = await addAbuseMessage(c.var.db, c.var.viewer, abuse, c.req.valid('json').message);
    return c.json({ abuseMessage: { id: created.id } });
  });

  app.delete('/:id/messages/:messageId', requireUser(), validate('param', messageParams), async (c) => {
    const { id, messageId } = c.req.valid('param');
    const abuse = await loadAbuseForMessages(c.var.db, c.var.viewer, id);
    await deleteAbuseMessage(c.var.db, c.var.viewer, abuse, messageId);
    return c.body(null, 204);
  });

  return app;
}

/** GET /users/me/abuses (PeerTube's users/my-abuses.ts): the viewer's own reports, as UserAbuse. */
export function myAbuseRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/', requireUser(), validate('query', listQuery), async (c) => {
    const { total, data } = await listAbuses(c.var.db, { ...c.req.valid('query'), reporterAccountId: c.var.viewer.accountId });
    return c.json({ total, data: data.map((a) => serializeUserAbuse(a, c.var.config)) });
  });
  return app;
}
