/**
 * The database side of serving media (media/routes.ts): which video a media URL names, whether
 * its asker may read it, and the rendition, torrent or playlist image it points to. No Hono:
 * the routes pass in what they read from the request.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { accounts, PLAYLIST_PRIVACY, videoChannels, videoFiles, videoPlaylists, videoStreamingPlaylists, videos } from '../db/schema';
import { authenticateAccessToken, findActiveViewer } from './oauth';
import { canView } from './video-queries';
import { verifyVideoFileToken } from './video-file-tokens';
import type { Viewer } from './viewer';

/** What serving a video's media needs to know about it. */
export async function findMediaVideo(db: Db, uuid: string) {
  const [row] = await db
    .select({
      id: videos.id,
      uuid: videos.uuid,
      privacy: videos.privacy,
      ownerUserId: accounts.userId,
      thumbnailKey: videos.thumbnailKey,
      previewKey: videos.previewKey,
      isLocal: videos.isLocal,
      thumbnailUrl: videos.thumbnailUrl,
      previewUrl: videos.previewUrl,
      duration: videos.duration,
      playlistKey: videoStreamingPlaylists.playlistUrl,
      sha256Key: videoStreamingPlaylists.segmentsSha256Url,
      complete: videoStreamingPlaylists.complete,
    })
    .from(videos)
    .innerJoin(videoChannels, eq(videoChannels.id, videos.channelId))
    .innerJoin(accounts, eq(accounts.id, videoChannels.accountId))
    .leftJoin(videoStreamingPlaylists, eq(videoStreamingPlaylists.videoId, videos.id))
    .where(eq(videos.uuid, uuid.toLowerCase()))
    .limit(1);
  return row;
}
export type MediaVideo = NonNullable<Awaited<ReturnType<typeof findMediaVideo>>>;

/** What a media request carries to prove who asks: `Authorization: Bearer`, or `?videoFileToken=`. */
export type MediaCredentials = { bearer: string | null | undefined; videoFileToken: string | undefined };

/**
 * Who asks for a non-public video's media: the user of the bearer token, or the one a video file
 * token was issued to for this video (POST /api/v1/videos/{id}/token, ADR 0014).
 */
async function mediaViewer(db: Db, keyEncryptionSecret: string | undefined, video: MediaVideo, credentials: MediaCredentials): Promise<Viewer | null> {
  const viewer = credentials.bearer ? await authenticateAccessToken(db, credentials.bearer) : null;
  if (viewer) return viewer;
  const fileToken = credentials.videoFileToken;
  const claim = fileToken && keyEncryptionSecret ? await verifyVideoFileToken(keyEncryptionSecret, fileToken, video.uuid) : null;
  return claim ? findActiveViewer(db, claim.userId) : null;
}

/**
 * Public and unlisted media is served to anyone and cached at the edge. Internal media needs a
 * logged-in user, private media its owner or a moderator, through a bearer or a video file token;
 * those answers are never cached (ADR 0006). The credentials are only checked for non-public media.
 */
export async function mediaAccess(
  db: Db,
  keyEncryptionSecret: string | undefined,
  video: MediaVideo,
  credentials: MediaCredentials,
): Promise<'public' | 'private' | 'denied'> {
  if (canView(video, undefined)) return 'public';
  return canView(video, (await mediaViewer(db, keyEncryptionSecret, video, credentials)) ?? undefined) ? 'private' : 'denied';
}

/** The stored rendition of a video at a resolution (its segments make its MP4). */
export async function findRendition(db: Db, videoId: number, resolution: number) {
  const [rendition] = await db
    .select()
    .from(videoFiles)
    .where(and(eq(videoFiles.videoId, videoId), eq(videoFiles.resolution, resolution)))
    .limit(1);
  return rendition;
}

/** The R2 key of a rendition's torrent, when the rendition records one. */
export async function findTorrentKey(db: Db, videoId: number, resolution: number): Promise<string | null> {
  const [rendition] = await db
    .select({ key: videoFiles.torrentKey })
    .from(videoFiles)
    .where(and(eq(videoFiles.videoId, videoId), eq(videoFiles.resolution, resolution)))
    .limit(1);
  return rendition?.key ?? null;
}

/** A playlist's thumbnail (PeerTube's `playlist-<uuid>.jpg`); a private playlist's is not found. */
export async function findPlaylistImage(db: Db, uuid: string) {
  const [playlist] = await db
    .select({ key: videoPlaylists.thumbnailKey, url: videoPlaylists.thumbnailUrl, isLocal: videoPlaylists.isLocal, privacy: videoPlaylists.privacy })
    .from(videoPlaylists)
    .where(eq(videoPlaylists.uuid, uuid.toLowerCase()))
    .limit(1);
  return !playlist || playlist.privacy === PLAYLIST_PRIVACY.PRIVATE ? null : playlist;
}
