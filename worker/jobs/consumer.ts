import { getConfig } from '../config';
import { createDb } from '../db/client';
import type { Env } from '../env';
import { isJobMessage } from './contract';
import type { JobContext } from './handlers';
import { processJob, runSweep } from './runner';

import { expireUploads } from '../services/uploads/resumable';
import { pruneRateLimits } from '../services/rate-limit';
import { enqueueFollowRecoveries } from '../federation/follow-recovery';

/** A fresh context per batch or per cron tick: it holds a database client, which must not outlive them. */
export function createJobContext(env: Env): JobContext {
  const config = getConfig(env);
  return { db: createDb(config.db), config, media: env.MEDIA, queue: env.JOBS };
}

/**
 * The queue consumer: each message names a job; lease it, run an attempt, ack.
 * The row, not the message, carries the state, so a message is acked even when
 * the attempt failed (the row is `delayed` and will be woken up again). Only when
 * the database itself is unreachable is the message retried.
 */
export async function handleQueueBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const ctx = createJobContext(env);
  for (const msg of batch.messages) {
    if (!isJobMessage(msg.body)) {
      console.warn('queue: dropping a message that is not a job', msg.id);
      msg.ack();
      continue;
    }
    try {
      await processJob(ctx, msg.body.jobId);
      msg.ack();
    } catch (err) {
      console.error(`queue: job ${msg.body.jobId} could not be processed`, err);
      msg.retry({ delaySeconds: 10 });
    }
  }
}

/** The cron trigger (every minute, wrangler.toml): the sweep of design.md's decision 4. */
export async function handleScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const ctx = createJobContext(env);
  const now = new Date(controller.scheduledTime || Date.now());
  const result = await runSweep(ctx, now);
  if (result.requeued.length || result.exhausted.length) {
    console.log(`sweep: re-enqueued ${result.requeued.length} job(s), ${result.exhausted.length} exhausted`);
  }
  // Resumable uploads idle for an hour are discarded with their R2 multipart parts.
  const expired = await expireUploads(ctx.db, ctx.media, now);
  if (expired) console.log(`sweep: discarded ${expired} expired upload(s)`);
  // Our follows whose Accept was lost are checked and sent again (federation/follow-recovery.ts).
  const recovering = await enqueueFollowRecoveries(ctx.db, ctx.queue, now);
  if (recovering) console.log(`sweep: ${recovering} pending follow(s) to recover`);
  // Rate-limit windows are at most an hour long; older ones are dead rows.
  await pruneRateLimits(ctx.db, now.getTime() - 2 * 3600_000);
}
