import { eq } from 'drizzle-orm';
import { actors } from '../../db/schema';
import { deliverActivity, DeliveryError, HostUnreachableError } from '../../federation/outbox/deliver';
import { PermanentJobError, RetryLaterError } from '../errors';
import type { FederationJobHandler } from './types';

/**
 * `activitypub-deliver`: sends one activity to one inbox. Repeated, it is an activity the receiver
 * deduplicates by id. A 4xx (other than 408/429) or a refused URL fails the job at once.
 * A host marked unreachable puts the job back until the mark ends, without spending an attempt:
 * nothing was tried (the attempts that failed against the host have been counted already).
 */
export const activitypubDeliverHandler: FederationJobHandler<'activitypub-deliver'> = {
  async run(deps, job) {
    const [from] = await deps.db.select().from(actors).where(eq(actors.id, job.payload.fromActorId)).limit(1);
    if (!from) throw new PermanentJobError(`actor ${job.payload.fromActorId} no longer exists`);
    try {
      await deliverActivity(deps, { from, inbox: job.payload.inbox, activity: job.payload.activity });
    } catch (err) {
      if (err instanceof HostUnreachableError) throw new RetryLaterError(err.message, Math.max(1_000, err.until.getTime() - Date.now()));
      if (err instanceof DeliveryError && err.permanent) throw new PermanentJobError(err.message);
      throw err;
    }
    return 'completed';
  },
};
