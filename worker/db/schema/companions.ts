import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';
import { id } from './columns';

/**
 * Companions the Worker has heard from (issue 13): each POSTs its health to
 * `/internal/companions/heartbeat` at start and every 30 s. Admins list them at
 * `/api/v1/runners`. A companion that stops heartbeating keeps its row, with an old
 * `lastSeenAt`; its jobs go back to the queue through their leases (ADR 0005).
 */
export const companions = sqliteTable('companions', {
  id: id(),
  /** Where the companion says it listens; one row per URL. */
  url: text('url').notNull().unique(),
  version: text('version').notNull(),
  ffmpeg: text('ffmpeg'),
  pid: integer('pid'),
  activeJobs: integer('active_jobs').notNull().default(0),
  concurrency: integer('concurrency').notNull().default(1),
  diskFreeBytes: integer('disk_free_bytes'),
  firstSeenAt: integer('first_seen_at', { mode: 'timestamp_ms' })
    .notNull()
    .$defaultFn(() => new Date()),
  lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' })
    .notNull()
    .$defaultFn(() => new Date()),
});

export type Companion = typeof companions.$inferSelect;
