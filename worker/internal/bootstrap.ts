import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { ACTOR_NAME_MAX, ACTOR_NAME_RE } from '../services/actors';
import { ensureInstanceActor } from '../services/accounts';
import { createRootUser } from '../services/users';
import { readSignedJson } from './signed';

const bootstrapBody = z.object({
  username: z.string().min(1).max(ACTOR_NAME_MAX).regex(ACTOR_NAME_RE).default('root'),
  password: z.string().min(6).max(255),
});

/**
 * POST /internal/bootstrap, HMAC-signed with COMPANION_SECRET (scripts/instance.ts
 * calls it): makes the instance actor when missing, and the root administrator
 * with its `root_channel` when the instance has no user. Idempotent.
 */
export function internalBootstrapRoutes() {
  const app = new Hono<AppEnv>();
  app.post('/', async (c) => {
    const body = await readSignedJson(c, bootstrapBody);
    // The instance actor first, so it holds account id 1 as in PeerTube.
    await ensureInstanceActor(c.var.db, c.var.config);
    return c.json(await createRootUser(c.var.db, c.var.config, body));
  });
  return app;
}
