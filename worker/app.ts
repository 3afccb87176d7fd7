import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './http/context';
import { withContext } from './http/context-middleware';
import { authenticate } from './http/auth';
import { corsAnyOrigin } from './http/cors';
import { invalidateOnWrite } from './http/edge-cache-invalidate';
import { ApiError, renderError } from './errors';
import { apiRoutes } from './api';
import { pageRoutes } from './pages/routes';
import { oembedRoutes } from './syndication/oembed';
import { mediaRoutes } from './media/routes';
import { captionMediaRoutes } from './media/caption-routes';
import { internalMediaRoutes } from './internal/media';
import { internalJobRoutes } from './internal/job-callbacks';
import { meterRoutes } from './meter/routes';
import { internalCompanionRoutes } from './internal/companions';
import { federationRoutes } from './federation/routes';
import { internalBootstrapRoutes } from './internal/bootstrap';
import { internalSeederRoutes } from './internal/seeder';
import { trackerRoutes } from './tracker/routes';
import { feedRoutes } from './feeds/routes';
import { operationDocUrl } from './http/operation-docs';

/** Builds the Worker's Hono app. Every resource is a sub-app mounted here, in one place. */
export function createApp() {
  const app = new Hono<AppEnv>();

  app.use('*', withContext());
  app.use('*', invalidateOnWrite());
  app.use(
    '/api/*',
    corsAnyOrigin({
      allowHeaders: ['Authorization', 'Content-Type', 'Content-Range', 'X-Upload-Content-Length', 'X-Upload-Content-Type'],
      exposeHeaders: ['Location', 'Range', 'Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
    }),
  );
  app.use('/api/*', authenticate());
  app.route('/api/v1', apiRoutes());
  app.route('/', captionMediaRoutes());
  app.route('/', mediaRoutes());
  app.route('/', trackerRoutes());
  app.route('/internal/media', internalMediaRoutes());
  app.route('/internal/jobs', internalJobRoutes());
  app.route('/internal/meter', meterRoutes());
  app.route('/internal/companions', internalCompanionRoutes());
  app.route('/', federationRoutes());
  app.route('/', feedRoutes());
  app.route('/internal/bootstrap', internalBootstrapRoutes());
  app.route('/internal/seeder', internalSeederRoutes());
  app.route('/', oembedRoutes());
  app.route('/', pageRoutes());

  app.notFound(async (c) => {
    // Static assets (web/public) come after every route, so the Worker owns URLs first.
    if ((c.req.method === 'GET' || c.req.method === 'HEAD') && c.env.ASSETS && !c.req.path.startsWith('/api/')) {
      const asset = await c.env.ASSETS.fetch(c.req.raw);
      if (asset.status !== 404) return asset;
    }
    // PeerTube's API router ends with `badRequest` (server/core/controllers/api/index.ts): an
    // unknown API route, or a known one with another method, is a 400 with an empty JSON body.
    if (c.req.path.startsWith('/api/')) return c.body(null, 400, { 'content-type': 'application/json; charset=utf-8' });
    return renderError(ApiError.notFound(`Cannot ${c.req.method} ${c.req.path}`), c.req.raw);
  });
  app.onError((err, c) => {
    // A body that is not JSON fails in PeerTube's body parser, before any route: code SyntaxError, no docs.
    if (err instanceof HTTPException && err.status === 400 && /json/i.test(err.message)) {
      return renderError(new ApiError(400, 'SyntaxError', err.message), c.req.raw);
    }
    // Hono's other HTTPExceptions keep their status, in our shape.
    const error = err instanceof HTTPException ? new ApiError(err.status, undefined, err.message) : err;
    if (!(error instanceof ApiError)) console.error('unhandled error', c.req.method, c.req.url, err);
    return renderError(error, c.req.raw, operationDocUrl(c.req.method, c.req.path));
  });
  return app;
}
