import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { ApiError } from '../errors';
import { withSession } from '../http/session';
import { watchPages } from './watch-routes';
import { studioPages } from './studio-routes';
import { BROWSE_PATHS, browsePages } from './browse-routes';
import { searchPages } from './search-page';
import { SUBSCRIPTION_PATHS, subscriptionPages } from './subscriptions-page';
import { messagePage } from './layout';
import { pageEnv } from './page-env';
import { playerAssetRoutes } from './player-assets';
import { authPages } from './auth';
import { languagePages } from './language';
import { accountPages } from './account-routes';
import { notificationPages } from './notifications-page';
import { historyPages } from './history-page';
import { channelPages } from './channels-routes';
import { actorImagePages } from './actor-image-routes';
import { adminPages } from './admin-routes';
import { playlistPages } from './playlist-page';
import { myPlaylistPages } from './my-playlists';
import { saveToPlaylistPages } from './save-to-playlist';

/** Paths of the server-rendered pages: the session cookie is read on these only, not on media or assets. */
const PAGE_PATHS = [
  '/',
  '/w/*',
  '/videos/watch/*',
  '/videos/embed/*',
  '/login',
  '/signup',
  '/logout',
  '/language',
  '/videos/upload',
  '/videos/manage/*',
  '/my/videos',
  '/my/*',
  '/admin',
  '/admin/*',
  ...BROWSE_PATHS,
  '/search',
  ...SUBSCRIPTION_PATHS,
];

/**
 * Server-rendered pages. A video's page follows its API's visibility rules; to anyone else it is a 404.
 */
export function pageRoutes() {
  const app = new Hono<AppEnv>();
  app.route('/', playerAssetRoutes());
  for (const path of PAGE_PATHS) app.use(path, withSession());

  app.route('/', authPages());
  app.route('/', languagePages());

  app.route('/', playlistPages());
  app.route('/', watchPages());
  app.route('/', studioPages());
  app.route('/', accountPages());
  app.route('/', notificationPages());
  app.route('/', historyPages());
  app.route('/', channelPages());
  app.route('/', myPlaylistPages());
  app.route('/', saveToPlaylistPages());
  app.route('/', actorImagePages());
  app.route('/', adminPages());

  app.route('/', browsePages());
  app.route('/', searchPages());
  app.route('/', subscriptionPages());

  // Pages answer errors as pages, with the status the error carries (403 for a bad CSRF token).
  app.onError(async (err, c) => {
    if (!(err instanceof ApiError)) console.error('unhandled page error', c.req.method, c.req.url, err);
    const status = err instanceof ApiError ? err.status : 500;
    const env = await pageEnv(c);
    const message =
      err instanceof ApiError && err.code === 'csrf_token_invalid' ? env.t('form.csrf') : err instanceof ApiError ? err.detail : env.t('error.title');
    return c.html(messagePage(env, env.t('error.title'), message), status as 400);
  });

  return app;
}
