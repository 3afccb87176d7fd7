/**
 * Federation's bridge to the jobs module for its two transport jobs: `activitypub-inbox`
 * processes a verified activity, `activitypub-deliver` sends one activity to one inbox (retried
 * with the jobs module's backoff). Their payloads are declared in worker/jobs/types.ts and their
 * handlers are in worker/jobs/handlers/. Callers without a queue (Node unit tests of the outbox)
 * get the work done inline instead: `enqueueFederationJob` answers false.
 */
import type { Config } from '../config';
import type { Db } from '../db/client';
import { enqueueJob, type JobQueue } from '../jobs/store';
import type { DeliverJobPayload, InboxJobPayload } from '../jobs/types';

type FederationJobType = 'activitypub-inbox' | 'activitypub-deliver';
type JobDeps = { db: Db; config: Config; queue?: JobQueue };

/** Enqueues a federation job, or returns false when there is no queue (the caller then works inline). */
export async function enqueueFederationJob(deps: JobDeps, type: 'activitypub-inbox', payload: InboxJobPayload, dedupeKey?: string): Promise<boolean>;
export async function enqueueFederationJob(deps: JobDeps, type: 'activitypub-deliver', payload: DeliverJobPayload, dedupeKey?: string): Promise<boolean>;
export async function enqueueFederationJob(deps: JobDeps, type: FederationJobType, payload: InboxJobPayload | DeliverJobPayload, dedupeKey?: string) {
  if (!deps.queue) return false;
  await enqueueJob(deps.db, deps.queue, { type, payload, dedupeKey, maxAttempts: type === 'activitypub-deliver' ? 8 : 3 } as Parameters<typeof enqueueJob>[2]);
  return true;
}
