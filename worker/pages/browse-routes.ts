import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context';
import { edgeCache } from '../http/edge-cache';
import { wantsActivityPub } from '../federation/content-negotiation';
import { listVideos } from '../services/video-queries';
import { loadAccountPage, loadChannelPage, type PageQuery } from '../services/actor-pages';
import { serializeVideo } from '../serializers/video';
import { serializeChannel } from '../serializers/channel';
import { serializeAccount } from '../serializers/account';
import type { NsfwPolicy } from '../services/viewer';
import { pageEnv, type PageEnv } from './page-env';
import { HOME_TABS, renderHomePage } from './home';
import { pageFromQuery } from './paging';
import { renderAccountPage, renderChannelPage } from './actor-pages';

/** The list policy for sensitive videos: the viewer's, or the instance's default for visitors. */
export const listPolicy = <E extends AppEnv>(c: Context<E>, env: PageEnv): NsfwPolicy => c.var.viewer?.nsfwPolicy ?? env.custom.instance.defaultNSFWPolicy;

const pageQuery = (c: Context<AppEnv>, env: PageEnv, start: number, count: number): PageQuery => ({
  viewer: c.var.viewer,
  page: { start, count, sort: '-publishedAt' },
  policy: listPolicy(c, env),
});

/** Paths of these pages, for the session middleware (pages/routes.ts). */
export const BROWSE_PATHS = [
  '/videos/recently-added',
  '/videos/trending',
  '/videos/local',
  '/videos/followed-instances',
  '/c/*',
  '/a/*',
  '/video-channels/*',
  '/accounts/*',
];

/**
 * The public lists: home and its tabs, channel and account pages (local, or remote and known
 * here). Anonymous visits come from the edge cache; each miss is one libSQL round trip.
 */
export function browsePages() {
  const app = new Hono<AppEnv>();

  for (const [path, tab] of [['/', HOME_TABS[0]] as const, ...HOME_TABS.map((x) => [x.path, x] as const)]) {
    app.get(path, edgeCache({ kind: 'list' }), async (c, next) => {
      if (wantsActivityPub(c.req.header('accept'))) return next();
      const env = await pageEnv(c);
      const { page, start, count } = pageFromQuery(c.req.query('page'));
      const { total, data } = await listVideos(
        c.var.db,
        c.var.viewer,
        { kind: 'public' },
        { isLocal: tab.isLocal },
        { start, count, sort: tab.sort },
        listPolicy(c, env),
      );
      const videos = data.map((r) => serializeVideo(r, env.config));
      return c.html(renderHomePage(env, tab, path, videos, page, total));
    });
  }

  app.get('/c/:handle{[^/]+}/:tab{videos}?', edgeCache({ kind: 'list' }), async (c) => {
    const env = await pageEnv(c);
    const { page, start, count } = pageFromQuery(c.req.query('page'));
    const handle = c.req.param('handle');
    const data = await loadChannelPage(c.var.db, env.config, handle, pageQuery(c, env, start, count));
    return c.html(
      renderChannelPage(env, {
        channel: serializeChannel(data.channel, env.config),
        videos: data.videos.data.map((r) => serializeVideo(r, env.config)),
        total: data.videos.total,
        page,
        follow: data.follow,
      }),
    );
  });

  app.get('/a/:handle{[^/]+}/:tab{videos|video-channels}?', edgeCache({ kind: 'list' }), async (c) => {
    const env = await pageEnv(c);
    const { page, start, count } = pageFromQuery(c.req.query('page'));
    const data = await loadAccountPage(c.var.db, env.config, c.req.param('handle'), pageQuery(c, env, start, count));
    return c.html(
      renderAccountPage(env, {
        account: serializeAccount(data.account, env.config),
        channels: data.channels.map((ch) => serializeChannel(ch, env.config)),
        videos: data.videos.data.map((r) => serializeVideo(r, env.config)),
        total: data.videos.total,
        page,
      }),
    );
  });

  // A browser following an actor's ActivityPub URL lands on its page, as PeerTube's client redirects.
  for (const [from, to] of [
    ['/video-channels', '/c'],
    ['/accounts', '/a'],
  ] as const) {
    app.get(`${from}/:handle{[^/]+}`, async (c, next) => {
      if (wantsActivityPub(c.req.header('accept'))) return next();
      return c.redirect(`${to}/${encodeURIComponent(c.req.param('handle')).replace(/%40/g, '@')}`, 301);
    });
  }

  return app;
}
