import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { companionHeartbeatSchema, recordCompanionHeartbeat } from '../services/companions';
import { readSignedJson } from './signed';

/** POST /internal/companions/heartbeat, HMAC-signed: a companion reports its health (issue 13). */
export function internalCompanionRoutes() {
  const app = new Hono<AppEnv>();
  app.post('/heartbeat', async (c) => {
    const beat = await readSignedJson(c, companionHeartbeatSchema);
    await recordCompanionHeartbeat(c.var.db, beat);
    return c.body(null, 204);
  });
  return app;
}
