import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { videoFiles } from '../db/schema';
import { ApiError } from '../errors';
import type { VideoFileMetadata } from '../jobs/companion-protocol';

/**
 * PeerTube's `GET /videos/{id}/metadata/{videoFileId}`: the ffprobe output the companion stored
 * for one rendition. A file of another video is as unknown as a missing one (PeerTube's
 * doesVideoFileOfVideoExist); so is a file without metadata: the uploaded original listed
 * as `files[0]` while it waits (id 0), a remote video's file, or one the companion could not probe.
 *
 * @example const metadata = await getVideoFileMetadata(db, row.video.id, 42)
 */
export async function getVideoFileMetadata(db: Db, videoId: number, videoFileId: number): Promise<VideoFileMetadata> {
  const [file] = await db
    .select({ metadata: videoFiles.metadata })
    .from(videoFiles)
    .where(and(eq(videoFiles.id, videoFileId), eq(videoFiles.videoId, videoId)))
    .limit(1);
  if (!file) throw ApiError.notFound('VideoFile matching Video not found');
  if (!file.metadata) throw ApiError.notFound('No metadata for this video file');
  return file.metadata;
}
