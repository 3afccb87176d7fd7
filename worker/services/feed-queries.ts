/**
 * What /feeds/videos.* and /feeds/video-comments.* read: PeerTube's getVideosForFeeds and
 * VideoCommentModel.listForFeed. Public videos only (a feed reader is nobody's session).
 */
import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { accounts, actors, comments, videoBlacklist, videoChannels, videoFiles, videos, VIDEO_PRIVACY } from '../db/schema';
import type { FeedComment } from '../serializers/feed';
import { serializeVideoDetails, type VideoDetailsJson } from '../serializers/video';
import { notBlockedVideoOwner } from './blocklist';
import { LISTED_FILE_COLUMNS, idIs, selectVideoRows, videoListWhere, type ListedVideoFile, type VideoFilters, type VideoRow } from './video-queries';
import { sortColumn } from './video-sort';
import type { NsfwPolicy } from './viewer';

/** PeerTube's FEEDS.VIDEOS.COUNT and FEEDS.COMMENTS.COUNT. */
export const FEED_COUNT = 20;

export type FeedScope = { accountId?: number | SQL; channelId?: number | SQL; followerActorId?: number | SQL };

/**
 * The newest public videos of a scope and their files (the items' enclosures), as two statements
 * of one pipeline (`toFeedVideos` reads them): the files select by the page's ids as a subquery.
 * The order is made total (the id last), so that the page and that subquery are the same videos.
 */
export function videosForFeedQueries(db: Db, scope: FeedScope, filters: VideoFilters, sort: string, policy: NsfwPolicy) {
  const where = videoListWhere(db, undefined, { kind: 'public', ...scope }, filters, policy);
  const order = [...sortColumn(sort), desc(videos.id)];
  const pageIds = db
    .select({ id: videos.id })
    .from(videos)
    .innerJoin(videoChannels, eq(videoChannels.id, videos.channelId))
    .innerJoin(accounts, eq(accounts.id, videoChannels.accountId))
    .where(where)
    .orderBy(...order)
    .limit(FEED_COUNT);
  return [
    selectVideoRows(db)
      .where(where)
      .orderBy(...order)
      .limit(FEED_COUNT),
    db.select(LISTED_FILE_COLUMNS).from(videoFiles).where(inArray(videoFiles.videoId, pageIds)).orderBy(desc(videoFiles.resolution)),
  ] as const;
}

export function toFeedVideos(config: Config, [rows, files]: readonly [VideoRow[], ListedVideoFile[]]): VideoDetailsJson[] {
  return rows.map((row) =>
    serializeVideoDetails(row, { tags: [], files: files.filter((f) => f.videoId === row.video.id), playlist: null, original: null, captions: [] }, config),
  );
}

const commenter = alias(accounts, 'commenter');
const commenterActor = alias(actors, 'commenter_actor');

/**
 * The newest comments on public videos, of one video, or on the videos of an account or a channel,
 * for a feed's pipeline (ids may be subqueries); `toFeedComments` reads the answer.
 */
export function commentsForFeedQuery(db: Db, scope: { videoId?: number | SQL; accountId?: number | SQL; channelId?: number | SQL }) {
  return db
    .select({
      id: comments.id,
      origin: comments.originCommentId,
      text: comments.text,
      createdAt: comments.createdAt,
      videoName: videos.name,
      videoUuid: videos.uuid,
      authorName: commenter.displayName,
      authorUrl: commenterActor.url,
    })
    .from(comments)
    .innerJoin(videos, eq(videos.id, comments.videoId))
    .innerJoin(videoChannels, eq(videoChannels.id, videos.channelId))
    .innerJoin(accounts, eq(accounts.id, videoChannels.accountId))
    .leftJoin(commenter, eq(commenter.id, comments.accountId))
    .leftJoin(commenterActor, eq(commenterActor.id, commenter.actorId))
    .where(
      and(
        isNull(comments.deletedAt),
        eq(comments.heldForReview, false),
        eq(videos.privacy, VIDEO_PRIVACY.PUBLIC),
        sql`not exists (select 1 from ${videoBlacklist} where ${videoBlacklist.videoId} = ${videos.id})`,
        notBlockedVideoOwner(undefined),
        scope.videoId !== undefined ? idIs(videos.id, scope.videoId) : undefined,
        scope.accountId !== undefined ? idIs(accounts.id, scope.accountId) : undefined,
        scope.channelId !== undefined ? idIs(videoChannels.id, scope.channelId) : undefined,
      ),
    )
    .orderBy(desc(comments.createdAt), desc(comments.id))
    .limit(FEED_COUNT);
}

export function toFeedComments(rows: Awaited<ReturnType<typeof commentsForFeedQuery>>): FeedComment[] {
  return rows.map((r) => ({
    id: r.id,
    threadId: r.origin ?? r.id,
    text: r.text,
    createdAt: r.createdAt,
    videoName: r.videoName,
    videoUuid: r.videoUuid,
    author: r.authorName !== null && r.authorUrl !== null ? { displayName: r.authorName, url: r.authorUrl } : null,
  }));
}
