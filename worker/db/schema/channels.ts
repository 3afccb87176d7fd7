import { sqliteTable, text, integer, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './columns';
import { actors } from './actors';
import { accounts } from './users';

/** A video channel: a Group actor owned by an account. */
export const videoChannels = sqliteTable(
  'video_channels',
  {
    id: id(),
    actorId: integer('actor_id')
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    displayName: text('display_name').notNull(),
    description: text('description'),
    support: text('support'),
    ...timestamps,
  },
  (t) => [uniqueIndex('video_channels_actor_unique').on(t.actorId), index('video_channels_account_idx').on(t.accountId)],
);

export type VideoChannel = typeof videoChannels.$inferSelect;
export type NewVideoChannel = typeof videoChannels.$inferInsert;
