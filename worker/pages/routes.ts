import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context';
import { ApiError } from '../errors';
import { withSession } from '../http/session';
import { wantsActivityPub } from '../federation/content-negotiation';
import { parseVideoId } from '../services/short-uuid';
import { findVideoRow, listVideos, loadVideoExtras } from '../services/video-queries';
import { serializeVideo } from '../serializers/video';
import { VIDEO_PRIVACY } from '../db/schema';
import { renderEmbed, renderWatchPage } from './watch';
import { renderHomePage } from './home';
import { messagePage } from './layout';
import { pageEnv } from './page-env';
import { playerAssetRoutes } from './player-assets';
import { authPages } from './auth';
import { languagePages } from './language';

/** Paths of the server-rendered pages: the session cookie is read on these only, not on media or assets. */
const PAGE_PATHS = ['/', '/w/*', '/videos/watch/*', '/videos/embed/*', '/login', '/signup', '/logout', '/language'];

/**
 * Server-rendered pages. Private and internal videos have no anonymous page (404), as their API
 * answers 401/403; unlisted ones render, unindexed.
 */
export function pageRoutes() {
  const app = new Hono<AppEnv>();
  app.route('/', playerAssetRoutes());
  for (const path of PAGE_PATHS) app.use(path, withSession());

  app.route('/', authPages());
  app.route('/', languagePages());

  async function loadVisible(c: { var: AppEnv['Variables'] }, id: string) {
    const ref = parseVideoId(id);
    const row = ref ? await findVideoRow(c.var.db, ref) : undefined;
    if (!row || (row.video.privacy !== VIDEO_PRIVACY.PUBLIC && row.video.privacy !== VIDEO_PRIVACY.UNLISTED)) return undefined;
    return { row, extras: await loadVideoExtras(c.var.db, row.video.id) };
  }

  const notFound = async (c: Context<AppEnv>) => {
    const env = await pageEnv(c);
    return c.html(messagePage(env, env.t('notFound.title'), env.t('notFound.body')), 404);
  };

  for (const path of ['/w/:id', '/videos/watch/:id']) {
    app.get(path, async (c, next) => {
      // ActivityPub clients get the Video object from the federation routes.
      if (wantsActivityPub(c.req.header('accept'))) return next();
      const found = await loadVisible(c, c.req.param('id') ?? '');
      if (!found) return notFound(c);
      return c.html(renderWatchPage(await pageEnv(c), found.row, found.extras));
    });
  }

  app.get('/videos/embed/:id', async (c) => {
    const found = await loadVisible(c, c.req.param('id'));
    if (!found) return notFound(c);
    return c.html(renderEmbed(await pageEnv(c), found.row, found.extras));
  });

  app.get('/', async (c, next) => {
    if (wantsActivityPub(c.req.header('accept'))) return next();
    const env = await pageEnv(c);
    const { data } = await listVideos(c.var.db, undefined, { kind: 'public' }, {}, { start: 0, count: 24, sort: '-publishedAt' });
    return c.html(renderHomePage(env, data.map((r) => serializeVideo(r, env.config))));
  });

  // Pages answer errors as pages, with the status the error carries (403 for a bad CSRF token).
  app.onError(async (err, c) => {
    if (!(err instanceof ApiError)) console.error('unhandled page error', c.req.method, c.req.url, err);
    const status = err instanceof ApiError ? err.status : 500;
    const env = await pageEnv(c);
    const message = err instanceof ApiError && err.code === 'csrf_token_invalid' ? env.t('form.csrf') : err instanceof ApiError ? err.detail : env.t('error.title');
    return c.html(messagePage(env, env.t('error.title'), message), status as 400);
  });

  return app;
}
