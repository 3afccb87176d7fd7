/**
 * GET /users/me/videos/comments (PeerTube 6.3's listCommentsOnUserVideos,
 * server/core/controllers/api/users/me.ts): the live comments on the videos of the caller's
 * account, held ones included, where an owner finds what waits for review (`isHeldForReview`).
 * No automatic tags are built here, so `automaticTags` is always empty and `autoTagOneOf` unread.
 */
import { and, asc, count, desc, eq, isNull, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { accounts, actors, comments, videoChannels, videos } from '../db/schema';
import { paginationSchema, parseSort, type ResultList } from '../http/pagination';
import { serializeComment, type VideoCommentJson } from '../serializers/comment';
import type { Viewer } from './viewer';

const booleanish = z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v), z.boolean());
const text = z.string().max(250).optional();

export const commentsOnMyVideosQuery = paginationSchema(['createdAt'], '-createdAt').extend({
  isHeldForReview: booleanish.optional(),
  search: text,
  searchAccount: text,
  searchVideo: text,
  videoId: z.coerce.number().int().positive().optional(),
  videoChannelId: z.coerce.number().int().positive().optional(),
});
export type CommentsOnMyVideosQuery = z.output<typeof commentsOnMyVideosQuery>;

/** PeerTube's VideoCommentForAdminOrUser: a VideoComment's own fields, its video, and its automatic tags. */
export type VideoCommentForOwnerJson = Pick<
  VideoCommentJson,
  'id' | 'url' | 'text' | 'threadId' | 'inReplyToCommentId' | 'videoId' | 'createdAt' | 'updatedAt' | 'heldForReview' | 'account'
> & { automaticTags: string[]; video: { id: number; uuid: string; name: string } };

/** Case-insensitive substring; instr() rather than LIKE, so `%` and `_` are plain characters. */
const contains = (column: SQL | AnyColumn, value: string) => sql`instr(lower(${column}), ${value.toLowerCase()}) > 0`;

export async function listCommentsOnMyVideos(
  db: Db,
  config: Config,
  viewer: Viewer,
  q: CommentsOnMyVideosQuery,
): Promise<ResultList<VideoCommentForOwnerJson>> {
  const where: Array<SQL | undefined> = [eq(videoChannels.accountId, viewer.accountId), isNull(comments.deletedAt)];
  if (q.isHeldForReview !== undefined) where.push(eq(comments.heldForReview, q.isHeldForReview));
  if (q.videoId !== undefined) where.push(eq(videos.id, q.videoId));
  if (q.videoChannelId !== undefined) where.push(eq(videoChannels.id, q.videoChannelId));
  if (q.search) where.push(contains(comments.text, q.search));
  if (q.searchVideo) where.push(contains(videos.name, q.searchVideo));
  if (q.searchAccount) where.push(or(contains(accounts.name, q.searchAccount), contains(accounts.displayName, q.searchAccount)));
  const filter = and(...where);
  const sort = parseSort(q.sort);
  const order = sort.desc ? [desc(comments.createdAt), desc(comments.id)] : [asc(comments.createdAt), asc(comments.id)];
  const [rows, [{ total }]] = await db.batch([
    db
      .select({ comment: comments, account: accounts, actor: actors, video: { id: videos.id, uuid: videos.uuid, name: videos.name } })
      .from(comments)
      .innerJoin(videos, eq(videos.id, comments.videoId))
      .innerJoin(videoChannels, eq(videoChannels.id, videos.channelId))
      .leftJoin(accounts, eq(accounts.id, comments.accountId))
      .leftJoin(actors, eq(actors.id, accounts.actorId))
      .where(filter)
      .orderBy(...order)
      .limit(q.count)
      .offset(q.start),
    db
      .select({ total: count() })
      .from(comments)
      .innerJoin(videos, eq(videos.id, comments.videoId))
      .innerJoin(videoChannels, eq(videoChannels.id, videos.channelId))
      .leftJoin(accounts, eq(accounts.id, comments.accountId))
      .where(filter),
  ]);
  return {
    total,
    data: rows.map(({ comment, account, actor, video }) => {
      const {
        id,
        url,
        text,
        threadId,
        inReplyToCommentId,
        videoId,
        createdAt,
        updatedAt,
        heldForReview,
        account: author,
      } = serializeComment({ comment, account, actor, totalReplies: 0, totalRepliesFromVideoAuthor: 0 }, config);
      return { id, url, text, threadId, inReplyToCommentId, videoId, createdAt, updatedAt, heldForReview, automaticTags: [], video, account: author };
    }),
  };
}
