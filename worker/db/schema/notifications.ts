import { sqliteTable, integer, index } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './columns';
import { users } from './users';
import { videos } from './videos';
import { comments, follows } from './social';
import { abuses } from './moderation';
import { userRegistrations } from './registrations';

/**
 * PeerTube's UserNotification (packages/models/src/users/user-notification.model.ts): one row per
 * recipient, pointing at what it is about. The objects it points at cascade, as PeerTube's do.
 */
export const userNotifications = sqliteTable(
  'user_notifications',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** PeerTube's UserNotificationType. */
    type: integer('type').notNull(),
    read: integer('read', { mode: 'boolean' }).notNull().default(false),
    videoId: integer('video_id').references(() => videos.id, { onDelete: 'cascade' }),
    commentId: integer('comment_id').references(() => comments.id, { onDelete: 'cascade' }),
    abuseId: integer('abuse_id').references(() => abuses.id, { onDelete: 'cascade' }),
    followId: integer('follow_id').references(() => follows.id, { onDelete: 'cascade' }),
    userRegistrationId: integer('user_registration_id').references(() => userRegistrations.id, { onDelete: 'cascade' }),
    ...timestamps,
  },
  (t) => [index('user_notifications_user_idx').on(t.userId, t.read, t.createdAt)],
);

export type UserNotification = typeof userNotifications.$inferSelect;
export type NewUserNotification = typeof userNotifications.$inferInsert;
