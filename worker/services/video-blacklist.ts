/**
 * PeerTube's video blacklist ("block" in its interface): moderators take a video out of every list
 * and, for a local video, optionally out of federation (server/core/lib/video-blacklist.ts).
 */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client';
import { videoBlacklist, videos, VIDEO_BLACKLIST_TYPE } from '../db/schema';
import { ApiError } from '../errors';
import type { Pagination, ResultList } from '../http/pagination';
import { batchWithJobs, type JobQueue } from '../jobs/store';
import { videoDeletedEvent, videoRefederatedEvent } from './video-events';
import { selectVideoRows, type VideoRow } from './video-queries';

/** PeerTube's SORTABLE_COLUMNS.BLACKLISTS; its setBlacklistSort defaults to `-id`. */
export const BLACKLIST_SORTS = ['id', 'name', 'duration', 'views', 'likes', 'dislikes', 'uuid', 'createdAt'] as const;

/** CONSTRAINTS_FIELDS.VIDEO_BLACKLIST.REASON: 2 to 300 characters. */
const reason = z.string().min(2).max(300).nullable().optional();

export const addToBlacklistSchema = z.object({
  reason,
  unfederate: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
});
export const updateBlacklistSchema = z.object({ reason });

export type BlacklistListFilters = { search?: string; type?: number };

type Deps = { db: Db; queue: JobQueue };

/** POST /videos/{id}/blacklist. A second block of the same video is a conflict. */
export async function blacklistVideo(deps: Deps, row: VideoRow, input: z.output<typeof addToBlacklistSchema>, now = new Date()) {
  if (input.unfederate && !row.video.isLocal) throw ApiError.conflict('You cannot unfederate a remote video.');
  if (row.blacklist) throw ApiError.conflict('This video is already blacklisted.');
  const inserted = await deps.db
    .insert(videoBlacklist)
    .values({
      videoId: row.video.id,
      reason: input.reason ?? null,
      unfederated: input.unfederate === true,
      type: VIDEO_BLACKLIST_TYPE.MANUAL,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: videoBlacklist.id });
  if (inserted.length === 0) throw ApiError.conflict('This video is already blacklisted.');
  // The Delete goes to every instance that heard of the video, as PeerTube's sendDeleteVideo.
  // Not in the insert's batch: only the moderator whose insert won may unfederate the video.
  if (input.unfederate) await batchWithJobs(deps.db, deps.queue, [], videoDeletedEvent(deps.db, row));
}

/** PUT /videos/{id}/blacklist: only the reason changes. */
export async function updateBlacklistReason(db: Db, row: VideoRow, input: z.output<typeof updateBlacklistSchema>, now = new Date()) {
  const entry = requireEntry(row);
  if (input.reason === undefined) return;
  await db.update(videoBlacklist).set({ reason: input.reason, updatedAt: now }).where(eq(videoBlacklist.id, entry.id));
}

/** DELETE /videos/{id}/blacklist: back in the lists, and back in federation if it had left it. */
export async function unblacklistVideo(deps: Deps, row: VideoRow) {
  const entry = requireEntry(row);
  const events = entry.unfederated ? videoRefederatedEvent(deps.db, row) : [];
  await batchWithJobs(deps.db, deps.queue, [deps.db.delete(videoBlacklist).where(eq(videoBlacklist.id, entry.id))], events);
}

function requireEntry(row: VideoRow) {
  if (!row.blacklist) throw ApiError.notFound('Blacklisted video not found');
  return row.blacklist;
}

function blacklistOrder(sort: string): SQL[] {
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  const dir = descending ? desc : asc;
  const column =
    {
      id: videoBlacklist.id,
      createdAt: videoBlacklist.createdAt,
      name: videos.name,
      duration: videos.duration,
      views: videos.views,
      likes: videos.likes,
      dislikes: videos.dislikes,
      uuid: videos.uuid,
    }[field] ?? videoBlacklist.id;
  return [dir(column), dir(videoBlacklist.id)];
}

/** GET /videos/blacklist: the entries with their videos, and their count, in one round trip. */
export async function listBlacklist(
  db: Db,
  filters: BlacklistListFilters,
  page: Pagination,
): Promise<ResultList<VideoRow & { blacklist: NonNullable<VideoRow['blacklist']> }>> {
  const conds = [sql`${videoBlacklist.id} is not null`];
  if (filters.type !== undefined) conds.push(eq(videoBlacklist.type, filters.type));
  if (filters.search) conds.push(sql`${videos.name} like ${`%${filters.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`} escape '\\'`);
  const where = and(...conds);
  // One pipeline: side by side, the page and its count were two round trips.
  const [rows, [{ total }]] = await db.batch([
    selectVideoRows(db)
      .where(where)
      .orderBy(...blacklistOrder(page.sort))
      .limit(page.count)
      .offset(page.start),
    db
      .select({ total: sql<number>`count(*)` })
      .from(videoBlacklist)
      .innerJoin(videos, eq(videos.id, videoBlacklist.videoId))
      .where(where),
  ]);
  return { total: Number(total), data: rows as Array<VideoRow & { blacklist: NonNullable<VideoRow['blacklist']> }> };
}
