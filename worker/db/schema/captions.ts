import { sqliteTable, text, integer, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './columns';
import { videos } from './videos';

/**
 * PeerTube's VideoCaption (server/core/models/video/video-caption.ts): one WebVTT file per video and
 * language. A local caption's bytes are in R2 (media/urls.ts, captionKey); a remote one's stay on
 * its origin at `fileUrl` and are fetched when asked for. `filename` (`<uuid>-<language>.vtt`) names
 * it in `/lazy-static/video-captions/`, and changes whenever the file does.
 */
export const videoCaptions = sqliteTable(
  'video_captions',
  {
    id: id(),
    videoId: integer('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    /** An id of PeerTube's language list (services/video-labels.ts, VIDEO_LANGUAGES). */
    language: text('language').notNull(),
    filename: text('filename').notNull(),
    /** Remote captions: where the origin serves the file. */
    fileUrl: text('file_url'),
    automaticallyGenerated: integer('automatically_generated', { mode: 'boolean' }).notNull().default(false),
    ...timestamps,
  },
  (t) => [uniqueIndex('video_captions_video_language_unique').on(t.videoId, t.language), uniqueIndex('video_captions_filename_unique').on(t.filename)],
);

export type VideoCaption = typeof videoCaptions.$inferSelect;
export type NewVideoCaption = typeof videoCaptions.$inferInsert;
