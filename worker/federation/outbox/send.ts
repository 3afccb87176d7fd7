/**
 * The outbox's way out: every activity we send to a remote actor goes through here.
 * One `activitypub-deliver` job per inbox is enqueued (retries with backoff,
 * conventions.md §6); without a queue (Node unit tests) it is delivered at once.
 */
import type { Actor } from '../../db/schema';
import { enqueueFederationJob } from '../enqueue-job';
import type { FederationDeps } from '../deps';
import { deliverActivity } from './deliver';
import { isUrlHostBlocked } from '../../services/blocklist';

/** Sends `activity` from a local actor to the personal inbox of each recipient. Failures are logged, never thrown. */
export function sendToActors(deps: FederationDeps, input: { from: Actor; to: Actor[]; activity: Record<string, unknown> }): Promise<void> {
  return sendToInboxes(deps, { from: input.from, inboxes: input.to.map((a) => a.inboxUrl), activity: input.activity });
}

/** Sends `activity` from a local actor to each inbox once. Failures are logged, never thrown. */
export async function sendToInboxes(deps: FederationDeps, input: { from: Actor; inboxes: string[]; activity: Record<string, unknown> }): Promise<void> {
  for (const inbox of new Set(input.inboxes)) {
    try {
      // Blocklist: no delivery job for a blocked server.
      if (await isUrlHostBlocked(deps.db, inbox)) continue;
      // No dedupe key: an Accept is re-sent on purpose when a Follow is repeated.
      const queued = await enqueueFederationJob(deps, 'activitypub-deliver', { fromActorId: input.from.id, inbox, activity: input.activity });
      if (!queued) await deliverActivity(deps, { from: input.from, inbox, activity: input.activity });
    } catch (err) {
      console.warn(`delivery to ${inbox} failed: ${(err as Error).message}`);
    }
  }
}
