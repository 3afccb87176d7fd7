import { and, eq, gt, isNull, ne, notExists, or, sql, sum } from 'drizzle-orm';
import type { Db } from '../db/client';
import { uploads, users, videoFiles } from '../db/schema';
import { ApiError } from '../errors';
import { getVideoQuotaUsed } from './users';

const DAY_MS = 24 * 3600_000;

/**
 * Bytes of originals not yet replaced by renditions: open upload sessions (their declared size)
 * and finished uploads whose video has no files yet. They count against the quota, so a user
 * cannot exceed it by starting many uploads at once.
 */
async function pendingOriginals(db: Db, userId: number, since?: Date, excludeUploadId?: string) {
  const [row] = await db
    .select({ bytes: sum(uploads.size) })
    .from(uploads)
    .where(
      and(
        eq(uploads.userId, userId),
        since ? gt(uploads.createdAt, since) : undefined,
        excludeUploadId ? ne(uploads.id, excludeUploadId) : undefined,
        or(
          isNull(uploads.videoId),
          notExists(
            db
              .select({ one: sql`1` })
              .from(videoFiles)
              .where(eq(videoFiles.videoId, uploads.videoId)),
          ),
        ),
      ),
    );
  return Number(row?.bytes ?? 0);
}

/**
 * Refuses `bytes` more when they would take the user over their total or daily quota
 * (PeerTube: 413 `quota_reached`). -1 means unlimited.
 */
export async function assertQuota(db: Db, userId: number, bytes: number, options: { excludeUploadId?: string; now?: Date } = {}) {
  const now = options.now ?? new Date();
  const [user] = await db.select({ quota: users.videoQuota, daily: users.videoQuotaDaily }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user || (user.quota < 0 && user.daily < 0)) return;
  const since = new Date(now.getTime() - DAY_MS);
  const [files, pending, pendingDaily] = await Promise.all([
    getVideoQuotaUsed(db, userId, now),
    pendingOriginals(db, userId, undefined, options.excludeUploadId),
    pendingOriginals(db, userId, since, options.excludeUploadId),
  ]);
  const over =
    (user.quota >= 0 && files.videoQuotaUsed + pending + bytes > user.quota) ||
    (user.daily >= 0 && files.videoQuotaUsedDaily + pendingDaily + bytes > user.daily);
  if (over) throw new ApiError(413, 'quota_reached', 'The user video quota is exceeded with this video.');
}
