import type { Db } from '../db/client';
import { enqueueJob, type JobQueue } from '../jobs/store';
import type { SocialEventPayload } from '../jobs/types';

/**
 * Records a comment, rate or view event as an `activitypub-social` job; the consumer hands it
 * to federation's outbox (conventions.md, 6). As with video events, a failed enqueue never
 * fails the local write: the event is logged and lost, not the comment or the rate.
 */
export async function recordSocialEvent(db: Db, queue: JobQueue, payload: SocialEventPayload): Promise<void> {
  try {
    await enqueueJob(db, queue, { type: 'activitypub-social', payload });
  } catch (err) {
    console.error('could not record a social event', payload, err);
  }
}
