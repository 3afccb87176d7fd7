import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './columns';
import { accounts } from './users';
import { videos } from './videos';

/**
 * Blocks. `accountId` null: the instance blocks (admin, /server/blocklist); otherwise that
 * account's own blocklist (/users/me/blocklist). A blocked host is refused everywhere.
 */
export const serverBlocks = sqliteTable(
  'server_blocks',
  {
    id: id(),
    accountId: integer('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    host: text('host').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('server_blocks_owner_host_unique').on(t.accountId, t.host),
    // NULLs are distinct in SQLite: the instance's own list needs a partial index to stay unique.
    uniqueIndex('server_blocks_instance_host_unique')
      .on(t.host)
      .where(sql`account_id IS NULL`),
  ],
);

export const accountBlocks = sqliteTable(
  'account_blocks',
  {
    id: id(),
    accountId: integer('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    targetAccountId: integer('target_account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('account_blocks_owner_target_unique').on(t.accountId, t.targetAccountId),
    uniqueIndex('account_blocks_instance_target_unique')
      .on(t.targetAccountId)
      .where(sql`account_id IS NULL`),
  ],
);

/** PeerTube's abuse reports: local (POST /abuses) or received as a Flag. */
export const abuses = sqliteTable(
  'abuses',
  {
    id: id(),
    reason: text('reason').notNull(),
    /** JSON array of PeerTube's predefined reasons (e.g. "violentOrRepulsive"). */
    predefinedReasons: text('predefined_reasons', { mode: 'json' }).$type<string[]>(),
    reporterAccountId: integer('reporter_account_id').references(() => accounts.id, { onDelete: 'set null' }),
    flaggedAccountId: integer('flagged_account_id').references(() => accounts.id, { onDelete: 'set null' }),
    videoId: integer('video_id').references(() => videos.id, { onDelete: 'set null' }),
    /** 1 pending, 2 rejected, 3 accepted (PeerTube's AbuseState). */
    state: integer('state').notNull().default(1),
    moderationComment: text('moderation_comment'),
    /** The Flag activity's id, for reports received over ActivityPub (idempotency). */
    activityUrl: text('activity_url'),
    /** First moderation of the report: a state change or a moderator's message (PeerTube 6.1's processedAt). */
    processedAt: integer('processed_at', { mode: 'timestamp_ms' }),
    ...timestamps,
  },
  (t) => [index('abuses_state_idx').on(t.state), uniqueIndex('abuses_activity_unique').on(t.activityUrl)],
);

/** PeerTube's AbuseMessage: the conversation between a local reporter and the moderators. */
export const abuseMessages = sqliteTable(
  'abuse_messages',
  {
    id: id(),
    abuseId: integer('abuse_id')
      .notNull()
      .references(() => abuses.id, { onDelete: 'cascade' }),
    accountId: integer('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    message: text('message').notNull(),
    byModerator: integer('by_moderator', { mode: 'boolean' }).notNull(),
    ...timestamps,
  },
  (t) => [index('abuse_messages_abuse_idx').on(t.abuseId)],
);

export type ServerBlock = typeof serverBlocks.$inferSelect;
export type AccountBlock = typeof accountBlocks.$inferSelect;
export type Abuse = typeof abuses.$inferSelect;
export type AbuseMessage = typeof abuseMessages.$inferSelect;

/** PeerTube's VideoBlacklistType: 1 manual (a moderator's), 2 automatic before publication. */
export const VIDEO_BLACKLIST_TYPE = { MANUAL: 1, AUTO_BEFORE_PUBLISHED: 2 } as const;

/**
 * PeerTube's video blacklist ("block" in its UI): a blacklisted video leaves every list and is
 * shown only to its owner and moderators. `unfederated`: its Delete was sent to our followers.
 */
export const videoBlacklist = sqliteTable(
  'video_blacklist',
  {
    id: id(),
    videoId: integer('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    reason: text('reason'),
    unfederated: integer('unfederated', { mode: 'boolean' }).notNull().default(false),
    type: integer('type').notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex('video_blacklist_video_unique').on(t.videoId)],
);

export type VideoBlacklistEntry = typeof videoBlacklist.$inferSelect;
