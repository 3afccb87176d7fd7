import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './columns';
import { accounts } from './users';
import { videoChannels } from './channels';
import { videos } from './videos';

/** PeerTube's VideoPlaylistPrivacy: 1 public, 2 unlisted, 3 private. */
export const PLAYLIST_PRIVACY = { PUBLIC: 1, UNLISTED: 2, PRIVATE: 3 } as const;
/** PeerTube's VideoPlaylistType: 1 regular, 2 watch later. */
export const PLAYLIST_TYPE = { REGULAR: 1, WATCH_LATER: 2 } as const;

/** PeerTube's VideoPlaylist: local (ours) or remote (a `Playlist` object we received). */
export const videoPlaylists = sqliteTable(
  'video_playlists',
  {
    id: id(),
    uuid: text('uuid').notNull(),
    /** PeerTube's `displayName` in the API, `name` in ActivityPub. */
    name: text('name').notNull(),
    description: text('description'),
    privacy: integer('privacy').notNull().default(3),
    type: integer('type').notNull().default(1),
    ownerAccountId: integer('owner_account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    channelId: integer('channel_id').references(() => videoChannels.id, { onDelete: 'set null' }),
    isLocal: integer('is_local', { mode: 'boolean' }).notNull().default(true),
    /** ActivityPub id. */
    url: text('url').notNull(),
    /** R2 key of a local playlist's thumbnail; a remote one's is at `thumbnailUrl`. */
    thumbnailKey: text('thumbnail_key'),
    thumbnailUrl: text('thumbnail_url'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('video_playlists_uuid_unique').on(t.uuid),
    uniqueIndex('video_playlists_url_unique').on(t.url),
    index('video_playlists_owner_idx').on(t.ownerAccountId),
    // One "Watch later" per account.
    uniqueIndex('video_playlists_watch_later_unique')
      .on(t.ownerAccountId)
      .where(sql`type = 2`),
  ],
);

/** An element: a video at a position (1-based), with optional start and stop timestamps in seconds. */
export const videoPlaylistElements = sqliteTable(
  'video_playlist_elements',
  {
    id: id(),
    playlistId: integer('playlist_id')
      .notNull()
      .references(() => videoPlaylists.id, { onDelete: 'cascade' }),
    /** Null once the video is gone: PeerTube then lists the element as deleted. */
    videoId: integer('video_id').references(() => videos.id, { onDelete: 'set null' }),
    position: integer('position').notNull(),
    startTimestamp: integer('start_timestamp'),
    stopTimestamp: integer('stop_timestamp'),
    url: text('url'),
    ...timestamps,
  },
  (t) => [index('video_playlist_elements_playlist_idx').on(t.playlistId, t.position), index('video_playlist_elements_video_idx').on(t.videoId)],
);

export type VideoPlaylist = typeof videoPlaylists.$inferSelect;
export type VideoPlaylistElement = typeof videoPlaylistElements.$inferSelect;
