import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';

/**
 * Delivery health per remote host (issue 4, "unreachable hosts marked and retried later").
 * A row exists only while a host is failing: a successful delivery deletes it.
 * `unreachableUntil` set and in the future: deliveries to the host wait until then.
 */
export const remoteHosts = sqliteTable('remote_hosts', {
  /** `host[:port]`, lower-case, as in `new URL(inbox).host`. */
  host: text('host').primaryKey(),
  /** Consecutive failed deliveries (network error, 5xx, 408, 429). */
  failures: integer('failures').notNull().default(0),
  unreachableUntil: integer('unreachable_until', { mode: 'timestamp_ms' }),
  lastError: text('last_error'),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
    .notNull()
    .$defaultFn(() => new Date()),
});

export type RemoteHost = typeof remoteHosts.$inferSelect;
