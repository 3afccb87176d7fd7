import { eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { videoFiles, videoStreamingPlaylists, videos } from '../db/schema';
import type { Config } from '../config';
import { mediaUrls } from '../media/urls';
import type { CatalogueSnapshot } from './catalogue';

/**
 * p2p-media-loader 1.x (PeerTube 6.3's fork) names the swarm of a variant
 * sha1(`${PEER_PROTOCOL_VERSION}${masterPlaylistUrl}+V${index}`), with version 2; PeerTube's
 * server lists the same hashes (VideoStreamingPlaylistModel.buildP2PMediaLoaderInfoHashes).
 */
export async function hlsSwarmInfohashes(masterPlaylistUrl: string, variants: number): Promise<string[]> {
  const hashes: string[] = [];
  for (let i = 0; i < variants; i++) hashes.push(await sha1Hex(`2${masterPlaylistUrl}+V${i}`));
  return hashes;
}

async function sha1Hex(text: string) {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The catalogue's version, as far as the tracker cares: it changes whenever a rendition or a
 * playlist is added, replaced or removed (ids are AUTOINCREMENT, never reused; a playlist upsert
 * moves its updated_at). One small query, answered from the tables' primary keys and counts.
 */
const versionQuery = (db: Db) =>
  db.get<{ version: string }>(sql`select
    coalesce((select max(id) from video_files), 0) || '.' || (select count(*) from video_files) || '.' ||
    coalesce((select max(id) from video_streaming_playlists), 0) || '.' || (select count(*) from video_streaming_playlists) || '.' ||
    coalesce((select max(updated_at) from video_streaming_playlists), 0) as version`);

export async function catalogueVersion(db: Db): Promise<string> {
  return (await versionQuery(db)).version;
}

/**
 * Every info hash this instance's tracker serves, with the catalogue's version, in one round trip:
 * the torrent of each MP4 rendition (local, or remote and listed here), and the HLS swarm of each
 * variant of each playlist. Infohashes are one-way, so they cannot be looked up one by one.
 */
export async function readCatalogue(db: Db, config: Config): Promise<CatalogueSnapshot> {
  const [{ version }, files, playlists] = await db.batch([
    versionQuery(db),
    db.select({ videoId: videoFiles.videoId, infoHash: videoFiles.infoHash }).from(videoFiles),
    db
      .select({ videoId: videos.id, uuid: videos.uuid, isLocal: videos.isLocal, playlistUrl: videoStreamingPlaylists.playlistUrl })
      .from(videoStreamingPlaylists)
      .innerJoin(videos, eq(videos.id, videoStreamingPlaylists.videoId))
      .where(isNotNull(videoStreamingPlaylists.playlistUrl)),
  ]);
  const infohashes = new Set<string>();
  const variants = new Map<number, number>();
  for (const f of files) {
    if (f.infoHash) infohashes.add(f.infoHash.toLowerCase());
    variants.set(f.videoId, (variants.get(f.videoId) ?? 0) + 1);
  }
  for (const p of playlists) {
    const url = p.isLocal ? mediaUrls(config, p.uuid).masterPlaylist : p.playlistUrl;
    if (!url) continue;
    for (const hash of await hlsSwarmInfohashes(url, variants.get(p.videoId) ?? 0)) infohashes.add(hash);
  }
  return { version, infohashes };
}
