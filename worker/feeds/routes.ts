import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { AppEnv } from '../http/context';
import { validate } from '../http/validate';
import { edgeCache } from '../http/edge-cache';
import { ApiError } from '../errors';
import { checkFeedToken, feedTokenCheckQuery } from '../services/feed-tokens';
import { VIDEO_SORTS, canViewRow, videoRefIds, videoRowQuery } from '../services/video-queries';
import { commentsForFeedQuery, toFeedComments, toFeedVideos, videosForFeedQueries } from '../services/feed-queries';
import { getCustomConfig } from '../services/instance-settings';
import { parseVideoId } from '../services/short-uuid';
import { accounts, VIDEO_PRIVACY } from '../db/schema';
import { addCommentsToFeed, addVideosToFeed, feedFormat, initFeed, renderFeed, type FeedMeta } from '../serializers/feed';
import { feedContentType, feedPipeline, feedScope } from './feed-scope';

const id = (what: string) =>
  z.coerce
    .number({ message: `Should have a valid ${what}` })
    .int()
    .positive(`Should have a valid ${what}`);
const sort = z.enum(VIDEO_SORTS.flatMap((s) => [s, `-${s}`]) as [string, ...string[]]).default('-publishedAt');
const scopeQuery = {
  accountId: id('accountId').optional(),
  accountName: z.string().min(1).max(300).optional(),
  videoChannelId: id('videoChannelId').optional(),
  videoChannelName: z.string().min(1).max(300).optional(),
  format: z.string().optional(),
};
const videosQuery = z.object({
  ...scopeQuery,
  sort,
  nsfw: z.enum(['true', 'false', 'both']).optional(),
  isLocal: z.enum(['true', 'false']).optional(),
});
const commentsQuery = z.object({ ...scopeQuery, videoId: z.string().min(1).max(100).optional() });
const subscriptionQuery = z.object({
  accountId: id('accountId'),
  token: z.string({ message: 'Should have a valid token' }).min(1, 'Should have a valid token'),
  sort,
  format: z.string().optional(),
});

/** The format from the file's extension (and `?format=` on `.xml`), or PeerTube's 406; and its content type. */
function formatOf(c: Context<AppEnv>, prefix: string) {
  const ext = c.req.param('file')!.slice(prefix.length + 1);
  const queryFormat = c.req.query('format');
  const format = feedFormat(ext, queryFormat);
  if (!format) throw new ApiError(406, undefined, 'You should accept at least one of the following content-types: application/xml, text/xml');
  return { format, contentType: feedContentType(c, format, ext !== 'xml' || Boolean(queryFormat)) };
}

function send(c: Context<AppEnv>, body: string, contentType: string) {
  return c.body(body, 200, { 'content-type': `${contentType}; charset=utf-8` });
}

const queryString = (c: Context<AppEnv>) => new URL(c.req.url).search;

/**
 * /feeds: PeerTube 6.3's videos, video comments and subscriptions feeds in RSS, Atom and JSON.
 * The public ones come from the edge cache (writes start a new generation, ADR 0017); the
 * subscriptions feed is opened with the user's feed token and never shared.
 */
export function feedRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/feeds/:file{videos\\.[a-z0-9]+}', edgeCache({ kind: 'list' }), validate('query', videosQuery), async (c) => {
    const { format, contentType } = formatOf(c, 'videos');
    const { db, config } = c.var;
    const q = c.req.valid('query');
    const custom = await getCustomConfig(db, config);
    const policy = custom.instance.defaultNSFWPolicy;
    const filters = { nsfw: q.nsfw, isLocal: q.isLocal === undefined ? undefined : q.isLocal === 'true' };
    const { rows, results } = await feedPipeline(c, q, (ids) => videosForFeedQueries(db, ids, filters, q.sort, policy));
    const { meta } = await feedScope(c, rows);
    const videos = toFeedVideos(config, results);
    const feed = initFeed(config, { ...meta, resourceType: 'videos', queryString: queryString(c), updated: latest(videos.map((v) => v.publishedAt)) });
    addVideosToFeed(feed, config, videos);
    return send(c, renderFeed(feed, format), contentType);
  });

  app.get('/feeds/:file{video-comments\\.[a-z0-9]+}', edgeCache({ kind: 'list' }), validate('query', commentsQuery), async (c) => {
    const { format, contentType } = formatOf(c, 'video-comments');
    const { db, config } = c.var;
    const q = c.req.valid('query');
    if (q.videoId && (q.videoChannelId !== undefined || q.videoChannelName !== undefined))
      throw ApiError.badRequest('videoId cannot be mixed with a channel filter');
    const ref = q.videoId ? parseVideoId(q.videoId) : undefined;
    if (q.videoId && !ref) throw ApiError.notFound('Video not found');
    // The video (when one is named), the scope's lookups and the comments: one pipeline.
    const { rows, results } = await feedPipeline(
      c,
      q,
      (ids) =>
        [
          // Of no video when none is named: one shape of pipeline.
          videoRowQuery(db, ref ?? { kind: 'id', id: 0 }),
          commentsForFeedQuery(db, { videoId: ref ? videoRefIds(ref).videoId : undefined, ...ids }),
        ] as const,
    );
    const [[row], commentRows] = results;
    let videoMeta: Omit<FeedMeta, 'resourceType' | 'queryString'> | undefined;
    if (ref) {
      if (!row) throw ApiError.notFound('Video not found');
      // As the API: an unlisted video is reachable by its UUID only.
      const unlistedById = row.video.privacy === VIDEO_PRIVACY.UNLISTED && ref.kind === 'id';
      if (unlistedById || !canViewRow(row, undefined)) {
        throw ApiError.unauthorized('Cannot get this private video. Authentication is required.');
      }
      videoMeta = { name: row.video.name, description: row.video.description ?? '', link: row.video.url };
    }
    const scope = await feedScope(c, rows);
    const list = toFeedComments(commentRows);
    const meta = videoMeta ?? scope.meta;
    const feed = initFeed(config, {
      ...meta,
      author: undefined,
      resourceType: 'video-comments',
      queryString: queryString(c),
      updated: latest(list.map((x) => x.createdAt.toISOString())),
    });
    addCommentsToFeed(feed, config, list);
    return send(c, renderFeed(feed, format), contentType);
  });

  app.get('/feeds/:file{subscriptions\\.[a-z0-9]+}', validate('query', subscriptionQuery), async (c) => {
    const { format, contentType } = formatOf(c, 'subscriptions');
    const { db, config } = c.var;
    const q = c.req.valid('query');
    const custom = await getCustomConfig(db, config);
    const policy = custom.instance.defaultNSFWPolicy;
    // The token check, the account and the videos in one round trip (issue 9): the videos name the
    // follower by a subquery, and are shown only once the token matches.
    const followerActorId = sql`(select ${accounts.actorId} from ${accounts} where ${accounts.id} = ${q.accountId})`;
    const { rows, results } = await feedPipeline(
      c,
      { accountId: q.accountId },
      () => [feedTokenCheckQuery(db, q.accountId), ...videosForFeedQueries(db, { followerActorId }, {}, q.sort, policy)] as const,
    );
    const [check, ...videoAnswers] = results;
    checkFeedToken(check, q.token);
    const { meta } = await feedScope(c, rows);
    const videos = toFeedVideos(config, videoAnswers);
    const feed = initFeed(config, {
      ...meta,
      author: undefined,
      resourceType: 'videos',
      queryString: queryString(c),
      updated: latest(videos.map((v) => v.publishedAt)),
    });
    addVideosToFeed(feed, config, videos);
    c.header('cache-control', 'private, no-store');
    return send(c, renderFeed(feed, format), contentType);
  });

  return app;
}

/** The newest of some ISO dates (the feed's `updated`), or undefined for an empty feed. */
function latest(dates: string[]) {
  const newest = dates.reduce<string | undefined>((a, b) => (a === undefined || b > a ? b : a), undefined);
  return newest ? new Date(newest) : new Date(0);
}
