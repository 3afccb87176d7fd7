import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { validate } from '../http/validate';
import { ApiError } from '../errors';
import { assertFeedToken } from '../services/feed-tokens';
import { listVideos, VIDEO_SORTS } from '../services/video-queries';
import { renderJsonFeed, renderRss, type FeedFormat } from '../serializers/feed';

/** PeerTube's feed formats (feedsFormatValidator); anything else is its 406. */
const FORMATS: Record<string, FeedFormat> = { xml: 'rss', rss: 'rss', rss2: 'rss', json: 'json', json1: 'json' };
/** PeerTube's FEEDS.COUNT. */
const FEED_COUNT = 20;

const subscriptionFeedQuery = z.object({
  accountId: z.coerce.number({ message: 'Should have a valid accountId' }).int().positive('Should have a valid accountId'),
  token: z.string({ message: 'Should have a valid token' }).min(1, 'Should have a valid token'),
  sort: z.enum(VIDEO_SORTS.flatMap((s) => [s, `-${s}`]) as [string, ...string[]]).default('-publishedAt'),
});

/** /feeds: the subscriptions feed, opened with the user's feed token instead of an OAuth token. */
export function feedRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/feeds/:file{subscriptions\\.[a-z0-9]+}', validate('query', subscriptionFeedQuery), async (c) => {
    const ext = c.req.param('file').slice('subscriptions.'.length);
    const format = FORMATS[ext];
    if (!format) throw new ApiError(406, undefined, 'You should accept at least one of the following content-types: application/xml, text/xml');
    const { db, config } = c.var;
    const query = c.req.valid('query');
    const { actorId } = await assertFeedToken(db, query.accountId, query.token);
    // Public videos only: a feed reader is nobody's session.
    const { data } = await listVideos(db, undefined, { kind: 'public', followerActorId: actorId }, {}, { start: 0, count: FEED_COUNT, sort: query.sort });
    const meta = { title: config.instance.name, description: 'Videos of your subscriptions', link: config.publicUrl, feedUrl: new URL(c.req.url).toString() };
    if (format === 'json') return c.json(renderJsonFeed(meta, data, config));
    return c.body(renderRss(meta, data, config), 200, { 'content-type': 'application/xml; charset=utf-8' });
  });

  return app;
}
