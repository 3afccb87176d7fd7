/**
 * A local playlist as PeerTube's `Playlist` object (server/core/models/video/video-playlist.ts,
 * toActivityPubObject): an OrderedCollection of its element URLs, with the playlist's fields;
 * each element is a `PlaylistElement` (video-playlist-element.ts, toActivityPubObject).
 */
import type { Config } from '../../config';
import { PLAYLIST_PRIVACY, type VideoPlaylistElement } from '../../db/schema';
import type { PlaylistRow } from '../../services/playlists';
import { playlistThumbnailPath } from '../../serializers/playlist';
import { orderedCollection, type PageLoader } from '../collections';
import { AS_PUBLIC } from '../context';

/** PeerTube's THUMBNAILS_SIZE. */
const THUMBNAIL = { width: 280, height: 157 };

export async function serializePlaylistObject(config: Config, row: PlaylistRow, page: number | undefined, elements: PageLoader<string>) {
  const p = row.playlist;
  const collection = await orderedCollection(p.url, page, elements);
  if (page !== undefined) return collection;
  return {
    ...collection,
    type: 'Playlist',
    name: p.name,
    content: p.description,
    mediaType: 'text/markdown',
    uuid: p.uuid,
    published: p.createdAt.toISOString(),
    updated: p.updatedAt.toISOString(),
    attributedTo: row.channelActor ? [row.channelActor.url] : [],
    ...(p.thumbnailKey ? { icon: { type: 'Image', url: `${config.publicUrl}${playlistThumbnailPath(p.uuid)}`, mediaType: 'image/jpeg', ...THUMBNAIL } } : {}),
  };
}

export function serializePlaylistElementObject(element: VideoPlaylistElement, videoUrl: string | null) {
  return {
    id: element.url,
    type: 'PlaylistElement',
    url: videoUrl,
    position: element.position,
    ...(element.startTimestamp ? { startTimestamp: element.startTimestamp } : {}),
    ...(element.stopTimestamp ? { stopTimestamp: element.stopTimestamp } : {}),
  };
}

/** Who sees it: public to everyone, unlisted to the followers with the public collection in cc, as PeerTube's getAudience. */
export function playlistAudience(row: PlaylistRow) {
  const followers = row.accountActor.followersUrl || `${row.accountActor.url}/followers`;
  return row.playlist.privacy === PLAYLIST_PRIVACY.PUBLIC ? { to: [AS_PUBLIC], cc: [followers] } : { to: [followers], cc: [AS_PUBLIC] };
}
