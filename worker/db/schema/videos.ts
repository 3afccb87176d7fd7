import { sqliteTable, text, integer, real, uniqueIndex, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './columns';
import { videoChannels } from './channels';

/** PeerTube's VideoPrivacy: 1 public, 2 unlisted, 3 private, 4 internal. */
export const VIDEO_PRIVACY = { PUBLIC: 1, UNLISTED: 2, PRIVATE: 3, INTERNAL: 4 } as const;
/** PeerTube's VideoState values used here. */
export const VIDEO_STATE = { PUBLISHED: 1, TO_TRANSCODE: 2, TO_IMPORT: 3, TRANSCODING_FAILED: 7 } as const;

export const videos = sqliteTable(
  'videos',
  {
    id: id(),
    uuid: text('uuid').notNull(),
    name: text('name').notNull(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => videoChannels.id, { onDelete: 'cascade' }),
    privacy: integer('privacy').notNull().default(1),
    category: integer('category'),
    licence: integer('licence'),
    language: text('language'),
    description: text('description'),
    support: text('support'),
    nsfw: integer('nsfw', { mode: 'boolean' }).notNull().default(false),
    commentsPolicy: integer('comments_policy').notNull().default(1),
    downloadEnabled: integer('download_enabled', { mode: 'boolean' }).notNull().default(true),
    waitTranscoding: integer('wait_transcoding', { mode: 'boolean' }).notNull().default(true),
    state: integer('state').notNull().default(2),
    /** Seconds. */
    duration: integer('duration').notNull().default(0),
    aspectRatio: real('aspect_ratio'),
    views: integer('views').notNull().default(0),
    likes: integer('likes').notNull().default(0),
    dislikes: integer('dislikes').notNull().default(0),
    isLocal: integer('is_local', { mode: 'boolean' }).notNull().default(true),
    /** ActivityPub id. */
    url: text('url').notNull(),
    thumbnailKey: text('thumbnail_key'),
    previewKey: text('preview_key'),
    /** Remote videos: where their images live on the origin. */
    thumbnailUrl: text('thumbnail_url'),
    previewUrl: text('preview_url'),
    /** Remote videos: when the origin last answered for this copy (null: never, so outdated). Local ones: null. */
    fetchedAt: integer('fetched_at', { mode: 'timestamp_ms' }),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' })
      .notNull()
      .$defaultFn(() => new Date()),
    originallyPublishedAt: integer('originally_published_at', { mode: 'timestamp_ms' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('videos_uuid_unique').on(t.uuid),
    uniqueIndex('videos_url_unique').on(t.url),
    index('videos_channel_idx').on(t.channelId),
    index('videos_list_idx').on(t.privacy, t.state, t.publishedAt),
  ],
);

export const videoTags = sqliteTable(
  'video_tags',
  {
    videoId: integer('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.videoId, t.name] }), index('video_tags_name_idx').on(t.name)],
);

export type Video = typeof videos.$inferSelect;
export type NewVideo = typeof videos.$inferInsert;
export type VideoTag = typeof videoTags.$inferSelect;
