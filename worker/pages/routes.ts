import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context';
import { wantsActivityPub } from '../federation/content-negotiation';
import { parseVideoId } from '../services/short-uuid';
import { findVideoWithExtras, listVideos } from '../services/video-queries';
import { serializeVideo } from '../serializers/video';
import { getCustomConfig } from '../services/instance-settings';
import { VIDEO_PRIVACY } from '../db/schema';
import { renderEmbed, renderWatchPage } from './watch';
import { renderHomePage } from './home';
import { layout } from './layout';
import { html } from 'hono/html';
import { playerAssetRoutes } from './player-assets';
import { edgeCache, markPublic } from '../http/edge-cache';

/**
 * Server-rendered pages for anonymous visitors. Private and internal videos have no
 * anonymous page (404), as their API answers 401/403; unlisted ones render, unindexed.
 */
export function pageRoutes() {
  const app = new Hono<AppEnv>();
  app.route('/', playerAssetRoutes());

  async function loadVisible(c: { var: AppEnv['Variables'] }, id: string) {
    const ref = parseVideoId(id);
    const found = ref ? await findVideoWithExtras(c.var.db, ref) : undefined;
    if (!found || (found.row.video.privacy !== VIDEO_PRIVACY.PUBLIC && found.row.video.privacy !== VIDEO_PRIVACY.UNLISTED)) return undefined;
    return found;
  }

  const notFound = async (c: Context<AppEnv>) => {
    const custom = await getCustomConfig(c.var.db, c.var.config);
    return c.html(layout({ title: 'Not found' }, custom.instance.name, html`<h1>Not found</h1><p>This page does not exist, or it is not public.</p>`), 404);
  };

  for (const path of ['/w/:id', '/videos/watch/:id']) {
    app.get(path, edgeCache({ kind: 'content', whenMarked: true }), async (c, next) => {
      // ActivityPub clients get the Video object from the federation routes.
      if (wantsActivityPub(c.req.header('accept'))) return next();
      const found = await loadVisible(c, c.req.param('id') ?? '');
      if (!found) return notFound(c);
      if (found.row.video.privacy === VIDEO_PRIVACY.PUBLIC) markPublic(c);
      const custom = await getCustomConfig(c.var.db, c.var.config);
      c.header('vary', 'Accept');
      return c.html(renderWatchPage(c.var.config, found.row, found.extras, custom.instance.name));
    });
  }

  app.get('/videos/embed/:id', edgeCache({ kind: 'content', whenMarked: true }), async (c) => {
    const found = await loadVisible(c, c.req.param('id'));
    if (!found) return notFound(c);
    if (found.row.video.privacy === VIDEO_PRIVACY.PUBLIC) markPublic(c);
    return c.html(renderEmbed(c.var.config, found.row, found.extras));
  });

  app.get('/', edgeCache({ kind: 'list' }), async (c, next) => {
    if (wantsActivityPub(c.req.header('accept'))) return next();
    const { db, config } = c.var;
    const custom = await getCustomConfig(db, config);
    const { data } = await listVideos(db, undefined, { kind: 'public' }, {}, { start: 0, count: 24, sort: '-publishedAt' });
    return c.html(renderHomePage(config, custom.instance.name, custom.instance.shortDescription, data.map((r) => serializeVideo(r, config))));
  });

  return app;
}
