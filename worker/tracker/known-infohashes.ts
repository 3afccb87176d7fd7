import { eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { videoFiles, videoStreamingPlaylists, videos } from '../db/schema';
import type { Config } from '../config';
import { mediaUrls } from '../media/urls';

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
 * Every info hash this instance's tracker serves: the torrent of each MP4 rendition (local, or
 * remote and listed here), and the HLS swarm of each variant of each playlist. One pass over the
 * catalogue, cached by the caller: infohashes are one-way, so they cannot be looked up one by one.
 */
export async function loadKnownInfohashes(db: Db, config: Config): Promise<Set<string>> {
  const known = new Set<string>();
  const files = await db.select({ videoId: videoFiles.videoId, infoHash: videoFiles.infoHash }).from(videoFiles);
  const variants = new Map<number, number>();
  for (const f of files) {
    if (f.infoHash) known.add(f.infoHash.toLowerCase());
    variants.set(f.videoId, (variants.get(f.videoId) ?? 0) + 1);
  }
  const playlists = await db
    .select({ videoId: videos.id, uuid: videos.uuid, isLocal: videos.isLocal, playlistUrl: videoStreamingPlaylists.playlistUrl })
    .from(videoStreamingPlaylists)
    .innerJoin(videos, eq(videos.id, videoStreamingPlaylists.videoId))
    .where(isNotNull(videoStreamingPlaylists.playlistUrl));
  for (const p of playlists) {
    const url = p.isLocal ? mediaUrls(config, p.uuid).masterPlaylist : p.playlistUrl;
    if (!url) continue;
    for (const hash of await hlsSwarmInfohashes(url, variants.get(p.videoId) ?? 0)) known.add(hash);
  }
  return known;
}
