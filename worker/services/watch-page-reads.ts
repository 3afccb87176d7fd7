/**
 * What the watch page shows of a video, in one libSQL round trip (issue 9): the video and its
 * extras, the first page of comment threads with every reply of those threads, and the viewer's
 * rate. Queries about the video name it by a subquery on its uuid (`videoRefIds`), so none waits.
 */
import type { Db } from '../db/client';
import type { Config } from '../config';
import type { CommentTreeJson } from '../serializers/comment';
import { commentTree, threadPageQueries, threadPageRepliesQuery, toThreadPage, type CommentReader } from './comment-reads';
import { ratingQuery, toRating, type Rating } from './rates';
import { chaptersQuery, type Chapter } from './chapters';
import { toExtras, videoDetailQueries, videoRefIds, type VideoExtras, type VideoRow } from './video-queries';
import type { VideoIdRef } from './short-uuid';

export type WatchPageData = { row: VideoRow; extras: VideoExtras; trees: CommentTreeJson[]; totalComments: number; rating?: Rating; chapters: Chapter[] };

/**
 * The watch page's data, or undefined when there is no such video. The caller checks that the
 * viewer may see it before showing any of it.
 */
export async function findWatchPageData(
  db: Db,
  config: Config,
  ref: VideoIdRef,
  options: { threads: number; viewerAccountId?: number; viewerUserId?: number; reader?: CommentReader },
): Promise<WatchPageData | undefined> {
  const ids = videoRefIds(ref);
  const page = { start: 0, count: options.threads, sort: '-createdAt' };
  // The rate is asked for always (of no account when nobody is signed in): one shape of pipeline.
  const [[row], tags, files, playlists, originals, captions, threadRows, total, live, replies, rate, chapters] = await db.batch([
    ...videoDetailQueries(db, ref, options.viewerUserId),
    ...threadPageQueries(db, ids, page, options.reader),
    threadPageRepliesQuery(db, ids, page, options.reader),
    ratingQuery(db, options.viewerAccountId ?? 0, ids.videoId),
    chaptersQuery(db, ids.videoId),
  ]);
  if (!row) return undefined;
  const threads = toThreadPage(row, [threadRows, total, live]);
  return {
    row,
    extras: toExtras([tags, files, playlists, originals, captions]),
    trees: threads.data.map((root) => commentTree(config, root, replies)),
    totalComments: threads.totalNotDeletedComments,
    rating: options.viewerAccountId === undefined ? undefined : toRating(rate),
    chapters,
  };
}
