import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { paginationSchema } from '../http/pagination';
import { clientIp } from '../services/rate-limit';
import { underRegisterRateLimit } from '../services/registration';
import {
  acceptRegistration,
  deleteRegistration,
  listRegistrations,
  moderationResponseSchema,
  REGISTRATION_SORTS,
  registrationRequestSchema,
  rejectRegistration,
  requestRegistration,
} from '../services/registration-requests';
import { serializeRegistration } from '../serializers/registration';

const idParam = z.object({ id: z.coerce.number().int().positive() });
/** listRegistrationsValidator, with PeerTube's default sort (setDefaultSort: -createdAt). */
const listQuery = paginationSchema(REGISTRATION_SORTS, '-createdAt').extend({ search: z.string().max(200).optional() });

/**
 * /users/registrations (PeerTube's users/registrations.ts): anyone asks to join when approval is
 * required; moderators and administrators (MANAGE_REGISTRATIONS) list, accept, reject and delete.
 */
export function userRegistrationRoutes() {
  const app = new Hono<AppEnv>();

  app.post('/registrations/request', validate('json', registrationRequestSchema), async (c) => {
    const { db, config } = c.var;
    const { result, headers } = await underRegisterRateLimit(db, config, clientIp(c.req.raw.headers), () =>
      requestRegistration(db, config, c.req.valid('json')),
    );
    return c.json(serializeRegistration(result), 200, headers);
  });

  app.get('/registrations', requireUser({ role: 'moderator' }), validate('query', listQuery), async (c) => {
    const { total, data } = await listRegistrations(c.var.db, c.req.valid('query'));
    return c.json({ total, data: data.map(serializeRegistration) });
  });

  app.post(
    '/registrations/:id/accept',
    requireUser({ role: 'moderator' }),
    validate('param', idParam),
    validate('json', moderationResponseSchema),
    async (c) => {
      await acceptRegistration(c.var.db, c.var.config, c.req.valid('param').id, c.req.valid('json').moderationResponse);
      return c.body(null, 204);
    },
  );

  app.post(
    '/registrations/:id/reject',
    requireUser({ role: 'moderator' }),
    validate('param', idParam),
    validate('json', moderationResponseSchema),
    async (c) => {
      await rejectRegistration(c.var.db, c.req.valid('param').id, c.req.valid('json').moderationResponse);
      return c.body(null, 204);
    },
  );

  app.delete('/registrations/:id', requireUser({ role: 'moderator' }), validate('param', idParam), async (c) => {
    await deleteRegistration(c.var.db, c.req.valid('param').id);
    return c.body(null, 204);
  });

  return app;
}
