/**
 * Watch history (PeerTube's userVideoHistory): where a signed-in user stopped in each video, kept
 * by their views while `videosHistoryEnabled` is on (services/views.ts), listed newest first on
 * GET /users/me/history/videos and removed one by one or all at once.
 */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { userVideoHistory, videos } from '../db/schema';
import type { Pagination, ResultList } from '../http/pagination';
import { selectVideoRows, toVideoList, videoListQueries, videoListWhere, type VideoRow } from './video-queries';
import type { Viewer } from './viewer';

/** A position to record: whose, and where (seconds). */
export type HistoryPosition = { userId: number; currentTime: number };

/** The position a view carries, for a signed-in viewer whose history is on (PeerTube's updateUserHistoryIfNeeded). */
export function historyPositionOf(viewer: Viewer | undefined, currentTime: number): HistoryPosition | undefined {
  if (!viewer || viewer.videosHistoryEnabled === false) return undefined;
  return { userId: viewer.userId, currentTime };
}

/** The upsert of one position, for a batch (PeerTube's UserVideoHistoryModel.upsert). */
export function historyUpsert(db: Db, videoId: number, position: HistoryPosition, now = Date.now()) {
  const at = new Date(now);
  return db
    .insert(userVideoHistory)
    .values({ userId: position.userId, videoId, currentTime: position.currentTime, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({
      target: [userVideoHistory.userId, userVideoHistory.videoId],
      set: { currentTime: position.currentTime, updatedAt: at },
    });
}

/**
 * The videos of the viewer's history, last watched first, each with its `userHistory` (PeerTube's
 * UserVideoHistoryModel.listForApi: the videos the viewer may list, sensitive ones included, and
 * `search` on their names and tags). The page and its total in one round trip.
 */
export async function listHistory(db: Db, viewer: Viewer, page: Pagination, search?: string): Promise<ResultList<VideoRow>> {
  const filters = { search, nsfw: 'both' as const, historyOf: viewer.userId };
  // The total is the list's own count; the page is ordered by the history's dates, which the list's sorts do not know.
  const [, countQuery] = videoListQueries(db, viewer, { kind: 'public' }, filters, page, 'display');
  const [rows, count] = await db.batch([
    selectVideoRows(db, viewer.userId)
      .innerJoin(userVideoHistory, and(eq(userVideoHistory.videoId, videos.id), eq(userVideoHistory.userId, viewer.userId)))
      .where(videoListWhere(db, viewer, { kind: 'public' }, filters, 'display'))
      .orderBy(desc(userVideoHistory.updatedAt), desc(userVideoHistory.id))
      .limit(page.count)
      .offset(page.start),
    countQuery,
  ]);
  return toVideoList(rows, count);
}

/** DELETE /users/me/history/videos/{videoId}: 204 whether or not the video was in it, as PeerTube. */
export async function removeHistoryVideo(db: Db, viewer: Viewer, videoId: number): Promise<void> {
  await db.delete(userVideoHistory).where(and(eq(userVideoHistory.userId, viewer.userId), eq(userVideoHistory.videoId, videoId)));
}

/** POST /users/me/history/videos/remove: everything, or what was last watched before `beforeDate`. */
export async function removeHistoryBefore(db: Db, viewer: Viewer, beforeDate?: Date): Promise<void> {
  await db.delete(userVideoHistory).where(and(eq(userVideoHistory.userId, viewer.userId), beforeDate ? lt(userVideoHistory.updatedAt, beforeDate) : undefined));
}
