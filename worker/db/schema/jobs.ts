import { sqliteTable, text, integer, real, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './columns';

export const JOB_STATES = ['waiting', 'active', 'completed', 'failed', 'delayed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** The durable record of a job; a queue message only carries its id (design.md, decision 4). */
export const jobs = sqliteTable(
  'jobs',
  {
    id: id(),
    type: text('type').notNull(),
    payload: text('payload', { mode: 'json' }).notNull(),
    state: text('state', { enum: JOB_STATES }).notNull().default('waiting'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
    runAt: integer('run_at', { mode: 'timestamp_ms' })
      .notNull()
      .$defaultFn(() => new Date()),
    lastError: text('last_error'),
    progress: real('progress'),
    /** Makes enqueueing idempotent: one job per key. */
    dedupeKey: text('dedupe_key'),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
    ...timestamps,
  },
  (t) => [uniqueIndex('jobs_dedupe_unique').on(t.dedupeKey), index('jobs_state_run_idx').on(t.state, t.runAt)],
);

export type Job = typeof jobs.$inferSelect;
export type NewJob = typeof jobs.$inferInsert;
