/**
 * Job handlers of federation (see federation/jobs.ts for the registration lines).
 * Both are idempotent enough for at-least-once delivery: inbox handlers upsert and
 * recount; a delivery repeated is an activity the receiver deduplicates by id.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { actors } from '../db/schema';
import { PermanentJobError, RetryLaterError } from '../jobs/errors';
import type { JobQueue } from '../jobs/store';
import type { DeliverJobPayload, InboxJobPayload } from './jobs';
import { processInboxActivity } from './inbox/process';
import { deliverActivity, DeliveryError, HostUnreachableError } from './outbox/deliver';
import { federateVideo, type VideoEventPayload } from './outbox/federate-video';
import type { SocialEventPayload } from '../jobs/types';
import { federateComment } from './outbox/comment-activities';
import { federateRate } from './outbox/rate-activities';
import { federateView } from './outbox/view-activities';

type Ctx = { db: Db; config: Config; queue: JobQueue };

/** Handler of `activitypub-inbox`. Replays are harmless: the handlers upsert and recount. */
export const activitypubInboxJob = {
  async run(ctx: Ctx, job: { payload: InboxJobPayload }): Promise<'completed'> {
    const result = await processInboxActivity({ db: ctx.db, config: ctx.config, queue: ctx.queue }, job.payload);
    if (result.outcome === 'ignored') console.log(`inbox: ${job.payload.activity.type} ${job.payload.activity.id} ignored: ${result.detail}`);
    return 'completed';
  },
};

/**
 * Handler of `activitypub-deliver`. A 4xx (other than 408/429) or a refused URL fails the job at once.
 * A host marked unreachable puts the job back until the mark ends, without spending an attempt:
 * nothing was tried (the attempts that failed against the host have been counted already).
 */
export const activitypubDeliverJob = {
  async run(ctx: Ctx, job: { payload: DeliverJobPayload }): Promise<'completed'> {
    const [from] = await ctx.db.select().from(actors).where(eq(actors.id, job.payload.fromActorId)).limit(1);
    if (!from) throw new PermanentJobError(`actor ${job.payload.fromActorId} no longer exists`);
    try {
      await deliverActivity({ db: ctx.db, config: ctx.config }, { from, inbox: job.payload.inbox, activity: job.payload.activity });
    } catch (err) {
      if (err instanceof HostUnreachableError) throw new RetryLaterError(err.message, Math.max(1_000, err.until.getTime() - Date.now()));
      if (err instanceof DeliveryError && err.permanent) throw new PermanentJobError(err.message);
      throw err;
    }
    return 'completed';
  },
};

/** Handler of `activitypub-video`: builds the activities and sends (or enqueues) one delivery per inbox. */
export const activitypubVideoJob = {
  async run(ctx: Ctx, job: { payload: VideoEventPayload }): Promise<'completed'> {
    await federateVideo({ db: ctx.db, config: ctx.config, queue: ctx.queue }, job.payload);
    return 'completed';
  },
};

/** Handler of `activitypub-social`: a comment, rate or view made here, federated by the outbox. */
export const activitypubSocialJob = {
  async run(ctx: Ctx, job: { payload: SocialEventPayload }): Promise<'completed'> {
    const deps = { db: ctx.db, config: ctx.config, queue: ctx.queue };
    const p = job.payload;
    if (p.event === 'rate') await federateRate(deps, p);
    else if (p.event === 'view') await federateView(deps, p);
    else await federateComment(deps, p);
    return 'completed';
  },
};
