import { sqliteTable, text, integer, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './columns';
import { videos } from './videos';
import type { VideoFileMetadata } from '../../jobs/companion-protocol';

/** One HLS rendition of a remote video, as its origin announces it. */
export type RemoteHlsFile = {
  resolution: number;
  width: number | null;
  height: number | null;
  fps: number;
  size: number;
  fileUrl: string;
  torrentUrl: string | null;
  magnetUri: string | null;
  infoHash: string | null;
};

/**
 * One rendition of a video. Its bytes are stored once, as HLS fMP4 segments;
 * the downloadable MP4 is the concatenation of `init` and `segments` (ADR 0002).
 */
export const videoFiles = sqliteTable(
  'video_files',
  {
    id: id(),
    videoId: integer('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    resolution: integer('resolution').notNull(),
    width: integer('width'),
    height: integer('height'),
    fps: integer('fps').notNull().default(-1),
    size: integer('size').notNull().default(0),
    bitrate: integer('bitrate'),
    /** JSON: [{ key, size, duration }] in playback order, init segment first. */
    segments: text('segments', { mode: 'json' }).$type<Array<{ key: string; size: number; duration: number }>>(),
    infoHash: text('info_hash'),
    torrentKey: text('torrent_key'),
    /** Remote videos: the origin's URLs. */
    fileUrl: text('file_url'),
    torrentUrl: text('torrent_url'),
    magnetUri: text('magnet_uri'),
    /** JSON: PeerTube's VideoFileMetadata (ffprobe of the rendition's MP4); null until probed, and for remote files. */
    metadata: text('metadata', { mode: 'json' }).$type<VideoFileMetadata>(),
    ...timestamps,
  },
  (t) => [uniqueIndex('video_files_video_resolution_unique').on(t.videoId, t.resolution), index('video_files_info_hash_idx').on(t.infoHash)],
);

/** The HLS master playlist of a video (PeerTube's streamingPlaylists[0]). */
export const videoStreamingPlaylists = sqliteTable(
  'video_streaming_playlists',
  {
    id: id(),
    videoId: integer('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    /** Local videos: R2 key prefix; remote: the origin's URLs. */
    playlistUrl: text('playlist_url'),
    segmentsSha256Url: text('segments_sha256_url'),
    /**
     * Remote videos: the playlist's own renditions (PeerTube's `-fragmented.mp4` files, from the
     * `tag` of its `application/x-mpegURL` link), which are not the web-video MP4s. Null for local videos.
     */
    files: text('files', { mode: 'json' }).$type<RemoteHlsFile[]>(),
    complete: integer('complete', { mode: 'boolean' }).notNull().default(false),
    ...timestamps,
  },
  (t) => [uniqueIndex('video_streaming_playlists_video_unique').on(t.videoId)],
);

export type VideoFile = typeof videoFiles.$inferSelect;
export type NewVideoFile = typeof videoFiles.$inferInsert;
export type VideoStreamingPlaylist = typeof videoStreamingPlaylists.$inferSelect;
