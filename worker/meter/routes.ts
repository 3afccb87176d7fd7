import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { ApiError } from '../errors';
import { verifyCompanionCall } from '../internal/signed';
import { counts, meteringOn } from './operations';

/** GET /internal/meter: the operation counts, for the cost bench; signed by the companion's secret. */
export function meterRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    if (!meteringOn(c.env)) throw ApiError.notFound('Metering is off');
    await verifyCompanionCall(c);
    return c.json(counts);
  });
  return app;
}
