/**
 * PeerTube's VideoPlaylist and VideoPlaylistElement in the REST API
 * (server/core/models/video/video-playlist.ts and video-playlist-element.ts, toFormattedJSON).
 */
import type { Config } from '../config';
import { VIDEO_PRIVACY } from '../db/schema';
import type { PlaylistRow } from '../services/playlists';
import type { ElementRow } from '../services/playlist-elements';
import { uuidToShort } from '../services/short-uuid';
import type { Viewer } from '../services/viewer';
import { accountSummary, channelSummary, serializeVideo } from './video';

export const PLAYLIST_PRIVACY_LABELS: Record<number, string> = { 1: 'Public', 2: 'Unlisted', 3: 'Private' };
export const PLAYLIST_TYPE_LABELS: Record<number, string> = { 1: 'Regular', 2: 'Watch later' };
/** PeerTube's VideoPlaylistElementType. */
const ELEMENT_TYPE = { REGULAR: 0, DELETED: 1, PRIVATE: 2, UNAVAILABLE: 3 } as const;

/** Where a playlist's thumbnail is served: PeerTube's `/lazy-static/thumbnails/playlist-<uuid>.jpg`. */
export const playlistThumbnailPath = (uuid: string) => `/lazy-static/thumbnails/playlist-${uuid}.jpg`;

export function serializePlaylist(row: PlaylistRow, config: Config) {
  const p = row.playlist;
  const hasThumbnail = p.isLocal ? !!p.thumbnailKey : !!p.thumbnailUrl;
  return {
    id: p.id,
    uuid: p.uuid,
    shortUUID: uuidToShort(p.uuid),
    isLocal: p.isLocal,
    url: p.url,
    displayName: p.name,
    description: p.description ?? null,
    privacy: { id: p.privacy, label: PLAYLIST_PRIVACY_LABELS[p.privacy] ?? 'Private' },
    thumbnailPath: hasThumbnail ? playlistThumbnailPath(p.uuid) : null,
    embedPath: `/video-playlists/embed/${p.uuid}`,
    type: { id: p.type, label: PLAYLIST_TYPE_LABELS[p.type] ?? 'Regular' },
    videosLength: row.videosLength,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    ownerAccount: accountSummary(row.account, row.accountActor, config),
    videoChannel: row.channel && row.channelActor ? channelSummary(row.channel, row.channelActor, config) : null,
  };
}

/** PeerTube's VideoPlaylistElement.getType: what the viewer may see of the element's video. */
function elementType({ video }: ElementRow, viewer: Viewer | undefined): number {
  if (!video) return ELEMENT_TYPE.DELETED;
  if (viewer && video.account.id === viewer.accountId) return ELEMENT_TYPE.REGULAR;
  if (video.video.privacy === VIDEO_PRIVACY.INTERNAL && viewer) return ELEMENT_TYPE.REGULAR;
  if (video.video.privacy === VIDEO_PRIVACY.PRIVATE || video.video.privacy === VIDEO_PRIVACY.INTERNAL) return ELEMENT_TYPE.PRIVATE;
  // Moderators included, as in PeerTube: a blocked video is its owner's only, in a playlist.
  if (video.blacklist) return ELEMENT_TYPE.UNAVAILABLE;
  return ELEMENT_TYPE.REGULAR;
}

export function serializePlaylistElement(row: ElementRow, config: Config, viewer: Viewer | undefined) {
  const type = elementType(row, viewer);
  return {
    id: row.element.id,
    position: row.element.position,
    startTimestamp: row.element.startTimestamp,
    stopTimestamp: row.element.stopTimestamp,
    type,
    video: type === ELEMENT_TYPE.REGULAR && row.video ? serializeVideo(row.video, config) : null,
  };
}
