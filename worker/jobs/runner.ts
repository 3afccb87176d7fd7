import { eq } from 'drizzle-orm';
import { jobs, type Job } from '../db/schema';
import { describeJobError, PermanentJobError, RetryLaterError } from './errors';
import { handlerFor, type JobContext } from './handlers';
import { completeJob, failJob, leaseJob, notifyQueue, releaseJob, sweepJobs } from './store';
import { invalidateEdgeCache, jobChangesContent } from '../http/edge-cache-generation';

export type ProcessResult = 'not-leased' | 'completed' | 'detached' | 'retry-later' | 'delayed' | 'failed';

const leaseMs = (ctx: JobContext) => ctx.config.jobs.leaseSeconds * 1000;

/**
 * Ends an attempt with an error: backoff and a new wake-up, or, after the last
 * attempt, `failed` and the handler's `onFailed` (e.g. the video's state 7).
 * Returns null when `attempt` no longer holds the job (a stale report).
 */
export async function recordJobFailure(ctx: JobContext, jobId: number, error: string, options: { attempt?: number; permanent?: boolean } = {}) {
  const outcome = await failJob(ctx.db, jobId, error, options);
  if (outcome?.state === 'delayed') await notifyQueue(ctx.queue, jobId, outcome.job.runAt);
  if (outcome?.state === 'failed') await notifyFailed(ctx, outcome.job);
  return outcome;
}

async function notifyFailed(ctx: JobContext, job: Job) {
  const entry = handlerFor(job);
  try {
    await entry?.handler.onFailed?.(ctx, entry.job);
  } catch (err) {
    console.error(`job ${job.id}: onFailed hook failed`, err);
  }
}

/** Leases one job and runs one attempt of it. Safe to call for any id, any number of times. */
export async function processJob(ctx: JobContext, jobId: number): Promise<ProcessResult> {
  const job = await leaseJob(ctx.db, jobId, leaseMs(ctx));
  if (!job) return 'not-leased';
  const entry = handlerFor(job);
  if (!entry) {
    await recordJobFailure(ctx, job.id, `unknown job type ${job.type}`, { attempt: job.attempts, permanent: true });
    return 'failed';
  }
  try {
    const outcome = await entry.handler.run(ctx, entry.job);
    if (outcome === 'completed') await completeJob(ctx.db, job.id, { attempt: job.attempts });
    // Readers must see what the job changed, as they see what a request wrote (ADR 0017).
    if (jobChangesContent(job.type, entry.job.payload))
      await invalidateEdgeCache(ctx.config).catch((err) => console.error('edge cache: invalidation failed', err));
    return outcome;
  } catch (err) {
    if (err instanceof RetryLaterError) {
      const runAt = new Date(Date.now() + err.delayMs);
      await releaseJob(ctx.db, job.id, { attempt: job.attempts, runAt });
      await notifyQueue(ctx.queue, job.id, runAt);
      return 'retry-later';
    }
    if (!(err instanceof PermanentJobError)) console.warn(`job ${job.id} (${job.type}) attempt ${job.attempts} failed`, err);
    const outcome = await recordJobFailure(ctx, job.id, describeJobError(err), { attempt: job.attempts, permanent: err instanceof PermanentJobError });
    return outcome?.state ?? 'failed';
  }
}

/** The cron: wake up due and orphaned jobs, and finish those whose last holder vanished. */
export async function runSweep(ctx: JobContext, now = new Date()) {
  const result = await sweepJobs(ctx.db, ctx.queue, now);
  for (const job of result.exhausted) await notifyFailed(ctx, job);
  return result;
}

/** For callbacks: the job, if `attempt` still holds its lease. */
export async function getHeldJob(ctx: JobContext, jobId: number, attempt: number): Promise<Job | undefined> {
  const [job] = await ctx.db.select().from(jobs).where(eq(jobs.id, jobId)).limit(1);
  return job && job.state === 'active' && job.attempts === attempt ? job : undefined;
}
