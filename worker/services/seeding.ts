import { and, eq, inArray, isNotNull, max } from 'drizzle-orm';
import type { Db } from '../db/client';
import { VIDEO_PRIVACY, VIDEO_STATE, videoFiles, videoViews, videos } from '../db/schema';

/** One MP4 rendition the seeder should seed (ADR 0021). Paths are relative to the Worker. */
export type SeedableFile = {
  infoHash: string;
  uuid: string;
  resolution: number;
  size: number;
  torrentKey: string;
  /** The rendition's MP4, the bytes the torrent describes (the web seed). */
  mp4Path: string;
  /** Start of the last hour with a view, epoch ms; 0 when never watched. The disk budget keeps the most recent. */
  lastViewedAt: number;
};

/**
 * Every rendition the seeder seeds: local, published, public or unlisted videos with a torrent.
 * A video that is deleted, or made private or internal, drops out of the list, and the seeder
 * stops seeding it at its next sync.
 */
export async function listSeedableFiles(db: Db): Promise<SeedableFile[]> {
  const rows = await db
    .select({
      videoId: videos.id,
      uuid: videos.uuid,
      resolution: videoFiles.resolution,
      size: videoFiles.size,
      infoHash: videoFiles.infoHash,
      torrentKey: videoFiles.torrentKey,
    })
    .from(videoFiles)
    .innerJoin(videos, eq(videos.id, videoFiles.videoId))
    .where(
      and(
        eq(videos.isLocal, true),
        eq(videos.state, VIDEO_STATE.PUBLISHED),
        inArray(videos.privacy, [VIDEO_PRIVACY.PUBLIC, VIDEO_PRIVACY.UNLISTED]),
        isNotNull(videoFiles.infoHash),
        isNotNull(videoFiles.torrentKey),
      ),
    );
  if (rows.length === 0) return [];
  const views = await db
    .select({ videoId: videoViews.videoId, last: max(videoViews.startDate) })
    .from(videoViews)
    .where(inArray(videoViews.videoId, [...new Set(rows.map((r) => r.videoId))]))
    .groupBy(videoViews.videoId);
  const lastViewed = new Map(views.map((v) => [v.videoId, v.last instanceof Date ? v.last.getTime() : Number(v.last ?? 0)]));
  return rows.map((r) => ({
    infoHash: r.infoHash as string,
    uuid: r.uuid,
    resolution: r.resolution,
    size: r.size,
    torrentKey: r.torrentKey as string,
    mp4Path: `/download/videos/${r.uuid}-${r.resolution}.mp4`,
    lastViewedAt: lastViewed.get(r.videoId) ?? 0,
  }));
}
