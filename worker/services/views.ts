/**
 * Views of videos (POST /videos/:id/views). One view per client address and video per
 * hour: the dedupe key lives in `rate_limits` (a fixed one-hour window), which the cron
 * sweep prunes, so the table stays bounded. A view adds to `videos.views` and to the
 * video's hourly `video_views` row; a view of a remote video is also sent to its origin.
 * A signed-in viewer's view also records where they stopped (their watch history), counted or not.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { videos, videoViews } from '../db/schema';
import { historyUpsert, type HistoryPosition } from './history';
import { batchWithJobs, type JobQueue } from '../jobs/store';
import { socialEvent } from './social-events';
import { consumeRateLimit } from './rate-limit';
import type { VideoRow } from './video-queries';

export type ViewDeps = { db: Db; queue: JobQueue };

export const VIEW_WINDOW_MS = 3600_000;

/** Returns whether the view was counted (false: the same client already viewed it this hour). */
export async function recordView(deps: ViewDeps, row: VideoRow, client: string, now = Date.now(), history?: HistoryPosition): Promise<boolean> {
  const { db } = deps;
  const videoId = row.video.id;
  const window = await consumeRateLimit(db, { key: `view:${videoId}:${await clientDigest(client)}`, limit: 1, windowMs: VIEW_WINDOW_MS }, now);
  // The position is kept for every view the user sends (PeerTube's updateUserHistoryIfNeeded), in the round trip that follows.
  const historyWrites = history ? [historyUpsert(db, videoId, history, now)] : [];
  if (window.limited) {
    if (historyWrites.length) await db.batch([historyWrites[0]]);
    return false;
  }
  const hour = new Date(Math.floor(now / VIEW_WINDOW_MS) * VIEW_WINDOW_MS);
  // A view of a remote video is sent to its origin. PeerTube identifies a viewer by a random id
  // in the View's URL (getLocalVideoViewActivityPubUrl).
  const events = row.video.isLocal ? [] : [socialEvent(db, { event: 'view', videoId, viewerIdentifier: crypto.randomUUID() })];
  await batchWithJobs(
    db,
    deps.queue,
    [
      db
        .update(videos)
        .set({ views: sql`${videos.views} + 1` })
        .where(eq(videos.id, videoId)),
      db
        .insert(videoViews)
        .values({ videoId, startDate: hour, views: 1 })
        .onConflictDoUpdate({ target: [videoViews.videoId, videoViews.startDate], set: { views: sql`${videoViews.views} + 1` } }),
      ...historyWrites,
    ],
    events,
  );
  return true;
}

/** The address is only needed to recognise a client again within the hour: store a digest of it, not the address. */
async function clientDigest(client: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`edgetube-view:${client}`)));
  return Array.from(bytes.subarray(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
}
