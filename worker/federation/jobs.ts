/**
 * Federation's job types, and the bridge to the jobs module.
 *
 * `activitypub-inbox` processes a verified activity; `activitypub-deliver` sends one
 * activity to one inbox (retried with the jobs module's backoff); `activitypub-video`,
 * `activitypub-social` and the follow/crawl/flag jobs turn domain events into activities
 * (registered in worker/jobs/types.ts and worker/jobs/handlers/index.ts; handlers in
 * federation/job-handlers.ts). Callers without a queue (Node unit tests of the outbox)
 * get the work done inline instead: `enqueueFederationJob` answers false.
 */
import type { Db } from '../db/client';
import type { Config } from '../config';
// Not '../jobs' (its index): the jobs registry will import federation/job-handlers.ts, and a cycle through it would break.
import { enqueueJob, type JobQueue } from '../jobs/store';
import type { Activity } from './inbox/activity';

export type { VideoEventPayload } from './outbox/federate-video';

/** The activity as received (verified) and who signed it; no secret. */
export type InboxJobPayload = { activity: Activity; signerUrl: string };
/** No key in the payload: the job loads the sender's sealed key when it runs. */
export type DeliverJobPayload = { fromActorId: number; inbox: string; activity: Record<string, unknown> };

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
