import { sqliteTable, text, integer, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './columns';
import { actors } from './actors';

/** PeerTube's UserRole: 0 administrator, 1 moderator, 2 user. */
export const USER_ROLES = { ADMINISTRATOR: 0, MODERATOR: 1, USER: 2 } as const;
export type UserRole = (typeof USER_ROLES)[keyof typeof USER_ROLES];

export const users = sqliteTable(
  'users',
  {
    id: id(),
    username: text('username').notNull(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: integer('role').notNull().default(2),
    /** Bytes; -1 means unlimited, as in PeerTube. */
    videoQuota: integer('video_quota').notNull().default(-1),
    videoQuotaDaily: integer('video_quota_daily').notNull().default(-1),
    nsfwPolicy: text('nsfw_policy', { enum: ['display', 'blur', 'do_not_list'] })
      .notNull()
      .default('do_not_list'),
    p2pEnabled: integer('p2p_enabled', { mode: 'boolean' }).notNull().default(true),
    autoPlayVideo: integer('auto_play_video', { mode: 'boolean' }).notNull().default(true),
    /** PeerTube's videosHistoryEnabled: whether views with `currentTime` record where the user stopped. */
    videosHistoryEnabled: integer('videos_history_enabled', { mode: 'boolean' }).notNull().default(true),
    emailVerified: integer('email_verified', { mode: 'boolean' }),
    blocked: integer('blocked', { mode: 'boolean' }).notNull().default(false),
    blockedReason: text('blocked_reason'),
    lastLoginDate: integer('last_login_date', { mode: 'timestamp_ms' }),
    /** PeerTube's scoped feed token (a UUID), given on first read of /users/scoped-tokens. */
    feedToken: text('feed_token'),
    /** PeerTube's UserNotificationSetting values set by the user, JSON; missing keys take PeerTube's defaults. */
    notificationSettings: text('notification_settings', { mode: 'json' }).$type<Record<string, number>>(),
    /** The interface language the user chose (PeerTube's `language`); null follows the browser. */
    language: text('language'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_username_unique').on(t.username),
    uniqueIndex('users_email_unique').on(t.email),
    uniqueIndex('users_feed_token_unique').on(t.feedToken),
  ],
);

/** An account is the Person actor of a user (local) or of a remote person. */
export const accounts = sqliteTable(
  'accounts',
  {
    id: id(),
    actorId: integer('actor_id')
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    displayName: text('display_name').notNull(),
    description: text('description'),
    ...timestamps,
  },
  (t) => [uniqueIndex('accounts_actor_unique').on(t.actorId), uniqueIndex('accounts_user_unique').on(t.userId)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Account = typeof accounts.$inferSelect;
export type NewAccount = typeof accounts.$inferInsert;
