import { Hono } from 'hono';
import { html } from 'hono/html';
import { sql } from 'drizzle-orm';
import type { AppEnv } from '../http/context';
import { requireCsrf } from '../http/csrf';
import { accounts } from '../db/schema';
import { toVideoList, videoListQueries } from '../services/video-queries';
import { addSubscription, listSubscriptions, removeSubscription } from '../services/subscriptions';
import { parseHandle } from '../services/actors';
import { serializeVideo, type VideoJson } from '../serializers/video';
import { serializeChannel, type ChannelJson } from '../serializers/channel';
import { ApiError } from '../errors';
import { pageEnv, type PageEnv } from './page-env';
import { csrfField, layout } from './layout';
import { channelCards } from './actor-pages';
import { actorHandle, feedLinks, videoGrid } from './video-grid';
import { pageFromQuery, pager } from './paging';
import { feedTokenOf, feedTokenQuery } from '../services/feed-tokens';
import { listPolicy } from './browse-routes';
import { formString } from './forms';
import { safeNext } from './auth';
import { signedIn } from './guards';

export const SUBSCRIPTION_PATHS = ['/videos/subscriptions', '/my/subscriptions'];

function renderVideos(env: PageEnv, videos: VideoJson[], total: number, page: number, feed: { accountId: number; token: string }) {
  const { t } = env;
  // The user's own feed, opened by their feed token (PeerTube's scoped token), as PeerTube's page offers it.
  const feeds = feedLinks(env, `accountId=${feed.accountId}&token=${feed.token}`, 'subscriptions');
  const body = html`<h1>${t('subscriptions.videos')}</h1>
    <p><a href="/my/subscriptions">${t('subscriptions.manage')}</a></p>
    ${total === 0 ? html`<p class="empty">${t('subscriptions.none')}</p>` : videoGrid(env, videos)} ${pager(env, '/videos/subscriptions', {}, page, total)}
    ${feeds.body}`;
  return layout(env, { title: t('subscriptions.title'), head: feeds.head }, body);
}

function renderChannels(env: PageEnv, channels: ChannelJson[], total: number, page: number) {
  const { t, config } = env;
  const body = html`<h1>${t('subscriptions.channels')}</h1>
    <p><a href="/videos/subscriptions">${t('subscriptions.back')}</a></p>
    ${channelCards(
      env,
      channels,
      t('subscriptions.none'),
      (ch) =>
        html`<form method="post" action="/c/${actorHandle(ch, config)}/subscription" class="inline">
          ${csrfField(env)}<input type="hidden" name="action" value="unsubscribe" /><input type="hidden" name="next" value="/my/subscriptions" />
          <button type="submit" class="secondary">${t('subscribe.unsubscribe')}</button>
        </form>`,
    )}
    ${pager(env, '/my/subscriptions', {}, page, total)}`;
  return layout(env, { title: t('subscriptions.title') }, body);
}

/**
 * The signed-in user's subscriptions: their videos (/videos/subscriptions, PeerTube's path), the
 * channels followed (/my/subscriptions), and the subscribe/unsubscribe form of channel pages,
 * over the subscriptions API's services. Nothing here is cached: it is one user's.
 */
export function subscriptionPages() {
  const app = new Hono<AppEnv>();

  for (const path of SUBSCRIPTION_PATHS) {
    app.get(path, async (c, next) => {
      c.header('cache-control', 'private, no-store');
      await next();
    });
  }

  app.get('/videos/subscriptions', signedIn(), async (c) => {
    const env = await pageEnv(c);
    const viewer = c.var.viewer;
    const { page, start, count } = pageFromQuery(c.req.query('page'));
    // The follower is the viewer's account actor, selected in the same pipeline as the list and the feed token (issue 9).
    const followerActorId = sql`select ${accounts.actorId} from ${accounts} where ${accounts.id} = ${viewer.accountId}`;
    const db = c.var.db;
    const [rows, total, tokenRows] = await db.batch([
      ...videoListQueries(db, viewer, { kind: 'public', followerActorId }, {}, { start, count, sort: '-publishedAt' }, listPolicy(c, env)),
      feedTokenQuery(db, viewer.userId),
    ]);
    const list = toVideoList(rows, total);
    const feedToken = await feedTokenOf(db, viewer.userId, tokenRows);
    return c.html(
      renderVideos(
        env,
        list.data.map((r) => serializeVideo(r, env.config)),
        list.total,
        page,
        { accountId: viewer.accountId, token: feedToken },
      ),
    );
  });

  app.get('/my/subscriptions', signedIn(), async (c) => {
    const env = await pageEnv(c);
    const { page, start, count } = pageFromQuery(c.req.query('page'));
    const list = await listSubscriptions(c.var.db, c.var.viewer, { start, count, sort: '-createdAt' });
    return c.html(
      renderChannels(
        env,
        list.data.map((ch) => serializeChannel(ch, env.config)),
        list.total,
        page,
      ),
    );
  });

  app.post('/c/:handle{[^/]+}/subscription', requireCsrf(), async (c) => {
    const handle = c.req.param('handle');
    if (!c.var.viewer) return c.redirect(`/login?next=${encodeURIComponent(`/c/${handle}`)}`, 303);
    const body = await c.req.parseBody();
    const { name, host } = parseHandle(handle, c.var.config);
    const uri = `${name}@${host ?? c.var.config.host}`;
    const deps = { db: c.var.db, config: c.var.config, queue: c.env.JOBS };
    const action = formString(body, 'action');
    if (action === 'subscribe') await addSubscription(deps, c.var.viewer, uri);
    else if (action === 'unsubscribe') await removeSubscription(deps, c.var.viewer, uri);
    else throw ApiError.badRequest('Should have a valid action');
    return c.redirect(safeNext(formString(body, 'next') ?? `/c/${handle}`), 303);
  });

  return app;
}
