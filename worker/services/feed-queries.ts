/**
 * What /feeds/videos.* and /feeds/video-comments.* read: PeerTube's getVideosForFeeds and
 * VideoCommentModel.listForFeed. Public videos only (a feed reader is nobody's session).
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { accounts, actors, comments, videoBlacklist, videoChannels, videoFiles, videos, VIDEO_PRIVACY } from '../db/schema';
import type { FeedComment } from '../serializers/feed';
import { serializeVideoDetails, type VideoDetailsJson } from '../serializers/video';
import { notBlockedVideoOwner } from './blocklist';
import { LISTED_FILE_COLUMNS, listVideos, type ListedVideoFile, type VideoFilters } from './video-queries';
import type { NsfwPolicy } from './viewer';

/** PeerTube's FEEDS.VIDEOS.COUNT and FEEDS.COMMENTS.COUNT. */
export const FEED_COUNT = 20;

export type FeedScope = { accountId?: number; channelId?: number; followerActorId?: number };

/** The newest public videos of a scope, with their files (the items' enclosures): two round trips. */
export async function videosForFeed(
  db: Db,
  config: Config,
  scope: FeedScope,
  filters: VideoFilters,
  sort: string,
  policy: NsfwPolicy,
): Promise<VideoDetailsJson[]> {
  const { data } = await listVideos(db, undefined, { kind: 'public', ...scope }, filters, { start: 0, count: FEED_COUNT, sort }, policy);
  if (data.length === 0) return [];
  const files: ListedVideoFile[] = await db
    .select(LISTED_FILE_COLUMNS)
    .from(videoFiles)
    .where(
      inArray(
        videoFiles.videoId,
        data.map((r) => r.video.id),
      ),
    )
    .orderBy(desc(videoFiles.resolution));
  return data.map((row) =>
    serializeVideoDetails(row, { tags: [], files: files.filter((f) => f.videoId === row.video.id), playlist: null, original: null, captions: [] }, config),
  );
}

const commenter = alias(accounts, 'commenter');
const commenterActor = alias(actors, 'commenter_actor');

/** The newest comments on public videos, of one video, or on the videos of an account or a channel. */
export async function commentsForFeed(db: Db, scope: { videoId?: number; accountId?: number; channelId?: number }): Promise<FeedComment[]> {
  const rows = await db
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
        scope.videoId !== undefined ? eq(videos.id, scope.videoId) : undefined,
        scope.accountId !== undefined ? eq(accounts.id, scope.accountId) : undefined,
        scope.channelId !== undefined ? eq(videoChannels.id, scope.channelId) : undefined,
      ),
    )
    .orderBy(desc(comments.createdAt), desc(comments.id))
    .limit(FEED_COUNT);
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
