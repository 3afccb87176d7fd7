/**
 * Federation's job types, and the bridge to the jobs module.
 *
 * `activitypub-inbox` processes a verified activity; `activitypub-deliver` sends one
 * activity to one inbox (retried with the jobs module's backoff); `activitypub-video`
 * tells followers about a published, edited or deleted video (the videos service
 * enqueues it in the transaction of its write, conventions.md §6). Until the jobs
 * module lists these types in `JOB_TYPES` and registers the handlers, the inbox
 * processes in the request's `waitUntil` and deliveries go out at once: the switch is
 * made at runtime, so neither side has to land first.
 *
 * To register (worker/jobs/types.ts and worker/jobs/handlers/index.ts; handlers in federation/job-handlers.ts):
 *   'activitypub-inbox': InboxJobPayload;      'activitypub-inbox': activitypubInboxJob,
 *   'activitypub-deliver': DeliverJobPayload;  'activitypub-deliver': activitypubDeliverJob,
 *   'activitypub-video': VideoEventPayload;    'activitypub-video': activitypubVideoJob,
 */
import type { Db } from '../db/client';
import type { Config } from '../config';
// Not '../jobs' (its index): the jobs registry will import federation/job-handlers.ts, and a cycle through it would break.
import { enqueueJob, type JobQueue } from '../jobs/store';
import { JOB_TYPES, type JobType } from '../jobs/types';
import type { Activity } from './inbox/activity';

export type { VideoEventPayload } from './outbox/federate-video';

/** The activity as received (verified) and who signed it; no secret. */
export type InboxJobPayload = { activity: Activity; signerUrl: string };
/** No key in the payload: the job loads the sender's sealed key when it runs. */
export type DeliverJobPayload = { fromActorId: number; inbox: string; activity: Record<string, unknown> };

type FederationJobType = 'activitypub-inbox' | 'activitypub-deliver';
type JobDeps = { db: Db; config: Config; queue?: JobQueue };

/** Whether this build's jobs module knows the type (see the module comment). */
export function jobTypeRegistered(type: FederationJobType): boolean {
  return (JOB_TYPES as readonly string[]).includes(type);
}

/** Enqueues a federation job, or returns false when the jobs module does not route it yet. */
export async function enqueueFederationJob(deps: JobDeps, type: 'activitypub-inbox', payload: InboxJobPayload, dedupeKey?: string): Promise<boolean>;
export async function enqueueFederationJob(deps: JobDeps, type: 'activitypub-deliver', payload: DeliverJobPayload, dedupeKey?: string): Promise<boolean>;
export async function enqueueFederationJob(deps: JobDeps, type: FederationJobType, payload: InboxJobPayload | DeliverJobPayload, dedupeKey?: string) {
  if (!deps.queue || !jobTypeRegistered(type)) return false;
  // The cast stands until the payload types are added to JobPayloads.
  await enqueueJob(deps.db, deps.queue, { type: type as JobType, payload: payload as never, dedupeKey, maxAttempts: type === 'activitypub-deliver' ? 8 : 3 });
  return true;
}
