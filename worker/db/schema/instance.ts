import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';

/** Instance settings edited through PUT /config/custom, stored as one JSON document per key. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
    .notNull()
    .$defaultFn(() => new Date()),
});

/** Fixed-window counters for rate limits (token, register). */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: integer('window_start').notNull(),
  count: integer('count').notNull().default(0),
});

export type Setting = typeof settings.$inferSelect;
