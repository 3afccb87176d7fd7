import type { SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { jobInsert, type JobInsert } from '../jobs/store';
import type { SocialEventPayload } from '../jobs/types';

/**
 * A comment, rate or view event as an `activitypub-social` job insert, for the batch of the
 * write it describes (jobs/store.ts, batchWithJobs); the consumer hands it to federation's outbox
 * (conventions.md, 6). `payload` is SQL when it names a row the same batch inserts.
 */
export function socialEvent(db: Db, payload: SocialEventPayload | SQL, dedupeKey?: string): JobInsert {
  return jobInsert(db, { type: 'activitypub-social', payload, dedupeKey });
}
