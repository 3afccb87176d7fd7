/** Every federation route, mounted at the root by worker/app.ts. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context';
import { actorRoutes } from './actors';
import { inboxRoutes } from './inbox';
import { videoObjectRoutes } from './videos';
import { socialObjectRoutes } from './social-objects';
import { wellKnownRoutes } from './well-known';
import { playlistObjectRoutes } from './playlists';

export function federationRoutes() {
  const app = new Hono<AppEnv>();
  app.route('/', wellKnownRoutes());
  app.route('/', inboxRoutes());
  app.route('/', actorRoutes());
  app.route('/', videoObjectRoutes());
  app.route('/', socialObjectRoutes());
  app.route('/', playlistObjectRoutes());
  return app;
}
