/** A video's chapters (PeerTube's videoChapter): where each starts, in whole seconds, and its title. */
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './columns';
import { videos } from './videos';

export const videoChapters = sqliteTable(
  'video_chapters',
  {
    id: id(),
    videoId: integer('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    timecode: integer('timecode').notNull(),
    title: text('title').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('video_chapters_video_timecode_unique').on(t.videoId, t.timecode)],
);

export type VideoChapter = typeof videoChapters.$inferSelect;
