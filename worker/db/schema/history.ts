import { sqliteTable, integer, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './columns';
import { users } from './users';
import { videos } from './videos';

/**
 * PeerTube's userVideoHistory: where a user stopped in a video (seconds), one row per user and
 * video, updated by each view the user sends with `currentTime` while their history is on.
 */
export const userVideoHistory = sqliteTable(
  'user_video_history',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    videoId: integer('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    currentTime: integer('position_seconds').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('user_video_history_user_video_unique').on(t.userId, t.videoId),
    // The history page lists a user's rows newest first.
    index('user_video_history_user_updated_idx').on(t.userId, t.updatedAt),
    index('user_video_history_video_idx').on(t.videoId),
  ],
);
