import { and, asc, count, desc, eq, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../db/client';
import { jobs, type Job, type JobState } from '../db/schema';
import type { JobMessage } from './contract';
import type { JobPayloads, JobType } from './types';

/**
 * The durable job record (design.md, decision 4). A row is the truth; a queue
 * message only wakes a consumer up. Every state change is a single conditional
 * UPDATE, so two consumers (or two companions) never both act on one job.
 */

/** What this module needs of a Queue binding; tests pass a capture. */
export type JobQueue = {
  send(message: JobMessage, options?: { delaySeconds?: number }): Promise<unknown>;
  sendBatch(messages: Iterable<{ body: JobMessage; delaySeconds?: number }>): Promise<unknown>;
};

export type EnqueueOptions<T extends JobType> = {
  type: T;
  payload: JobPayloads[T];
  /** One job per key: enqueueing again returns the existing job's id. */
  dedupeKey?: string;
  maxAttempts?: number;
  runAt?: Date;
};

const message = (jobId: number): JobMessage => ({ v: 1, type: 'job', jobId });

/** Queues allow at most 12 hours of delay; the sweep covers anything longer. */
const MAX_DELAY_SECONDS = 12 * 3600;

function delaySeconds(runAt: Date, now: Date) {
  const s = Math.ceil((runAt.getTime() - now.getTime()) / 1000);
  return s > 0 ? Math.min(s, MAX_DELAY_SECONDS) : undefined;
}

/** Sends the wake-up message. A lost message is fine: the sweep finds the row. */
export async function notifyQueue(queue: JobQueue, jobId: number, runAt?: Date, now = new Date()) {
  try {
    const delay = runAt ? delaySeconds(runAt, now) : undefined;
    await queue.send(message(jobId), delay ? { delaySeconds: delay } : undefined);
  } catch (err) {
    console.warn(`job ${jobId}: queue send failed, the sweep will pick it up`, err);
  }
}

/**
 * A job's insert, not yet run: for a service's own `db.batch`, so that a domain event is stored
 * in the same transaction as the write it describes, both or neither (conventions.md, 6).
 * Run it with `batchWithJobs`, which wakes a consumer afterwards. `payload` may be SQL when it
 * holds an id the same batch creates.
 */
export function jobInsert<T extends JobType>(db: Db, options: Omit<EnqueueOptions<T>, 'payload'> & { payload: JobPayloads[T] | SQL }, now = new Date()) {
  return db
    .insert(jobs)
    .values({
      type: options.type,
      payload: options.payload,
      state: options.runAt && options.runAt > now ? 'delayed' : 'waiting',
      maxAttempts: options.maxAttempts ?? 5,
      runAt: options.runAt ?? now,
      dedupeKey: options.dedupeKey,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: jobs.id, runAt: jobs.runAt });
}

export type JobInsert = ReturnType<typeof jobInsert>;

/**
 * Runs `writes` and `events` (job inserts) in one `db.batch`, then wakes a consumer for each job
 * the batch inserted (a job whose dedupe key already existed inserts nothing). Returns the
 * results of `writes`, in order.
 *
 * @example await batchWithJobs(db, queue, [db.delete(rates).where(…), recountRates(db, videoId)], [socialEvent(db, payload)])
 */
export async function batchWithJobs(db: Db, queue: JobQueue, writes: BatchItem<'sqlite'>[], events: JobInsert[]): Promise<unknown[]> {
  const statements = [...writes, ...events];
  if (!statements.length) return [];
  const results = await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  const inserted = (results.slice(writes.length) as Array<Array<{ id: number; runAt: Date }>>).flat();
  const now = new Date();
  for (const job of inserted) await notifyQueue(queue, job.id, job.runAt, now);
  return results.slice(0, writes.length);
}

/**
 * Records a job, then wakes a consumer.
 *
 * @example const id = await enqueueJob(db, env.JOBS, { type: 'video-transcode', payload: { videoId }, dedupeKey: `video-transcode:${videoId}` })
 */
export async function enqueueJob<T extends JobType>(db: Db, queue: JobQueue, options: EnqueueOptions<T>): Promise<number> {
  const now = new Date();
  const inserted = await jobInsert(db, options, now);
  if (inserted[0]) {
    await notifyQueue(queue, inserted[0].id, options.runAt, now);
    return inserted[0].id;
  }
  if (!options.dedupeKey) throw new Error('job insert returned no row');
  const [existing] = await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.dedupeKey, options.dedupeKey)).limit(1);
  if (!existing) throw new Error(`job with dedupe key ${options.dedupeKey} vanished`);
  return existing.id;
}

export async function getJob(db: Db, id: number): Promise<Job | undefined> {
  const [job] = await db.select().from(jobs).where(eq(jobs.id, id)).limit(1);
  return job;
}

/**
 * Takes a job for `leaseMs`: a waiting or delayed job that is due, or an active
 * job whose lease expired (its holder died) with attempts left. One UPDATE … RETURNING,
 * so exactly one of several concurrent callers gets the row. `attempts` becomes
 * this attempt's number, which callbacks must quote back.
 */
export async function leaseJob(db: Db, id: number, leaseMs: number, now = new Date()): Promise<Job | null> {
  const rows = await db
    .update(jobs)
    .set({
      state: 'active',
      attempts: sql`${jobs.attempts} + 1`,
      leaseUntil: new Date(now.getTime() + leaseMs),
      updatedAt: now,
    })
    .where(
      and(
        eq(jobs.id, id),
        or(
          and(inArray(jobs.state, ['waiting', 'delayed']), lte(jobs.runAt, now)),
          and(eq(jobs.state, 'active'), lt(jobs.leaseUntil, now), lt(jobs.attempts, jobs.maxAttempts)),
        ),
      ),
    )
    .returning();
  return rows[0] ?? null;
}

/** Matches the holder of the current lease: an older attempt's calls change nothing. */
function heldBy(id: number, attempt?: number) {
  return and(eq(jobs.id, id), eq(jobs.state, 'active'), attempt === undefined ? undefined : eq(jobs.attempts, attempt));
}

/** Marks a held job done. Returns false when the caller no longer holds it. */
export async function completeJob(db: Db, id: number, options: { attempt?: number; now?: Date } = {}): Promise<boolean> {
  const now = options.now ?? new Date();
  const rows = await db
    .update(jobs)
    .set({ state: 'completed', progress: 100, leaseUntil: null, finishedAt: now, updatedAt: now })
    .where(heldBy(id, options.attempt))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * Records progress (0–100) and extends the lease: a holder that keeps reporting
 * keeps the job; one that dies stops, and the sweep hands the job out again.
 * Returns false when the caller no longer holds the job (it should stop working).
 */
export async function updateProgress(db: Db, id: number, options: { attempt?: number; progress?: number; leaseMs: number; now?: Date }): Promise<boolean> {
  const now = options.now ?? new Date();
  const progress = options.progress === undefined ? undefined : Math.max(0, Math.min(100, options.progress));
  const rows = await db
    .update(jobs)
    // updatedAt is left alone: for an active job it stays the moment it was leased (PeerTube's processedOn).
    .set({ leaseUntil: new Date(now.getTime() + options.leaseMs), ...(progress === undefined ? {} : { progress }) })
    .where(heldBy(id, options.attempt))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** 5 s, 10 s, 20 s … capped at an hour. */
export function backoffMs(attempts: number, baseMs = 5_000, maxMs = 3_600_000) {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

export type FailOutcome = { state: 'delayed' | 'failed'; job: Job } | null;

/**
 * Ends the current attempt with an error: back to `delayed` with exponential
 * backoff, or `failed` once attempts are spent (or at once when `permanent`).
 * Returns null when the caller no longer holds the job.
 */
export async function failJob(
  db: Db,
  id: number,
  error: string,
  options: { attempt?: number; permanent?: boolean; now?: Date; backoffBaseMs?: number } = {},
): Promise<FailOutcome> {
  const now = options.now ?? new Date();
  const job = await getJob(db, id);
  if (!job || job.state !== 'active' || (options.attempt !== undefined && job.attempts !== options.attempt)) return null;
  const final = options.permanent || job.attempts >= job.maxAttempts;
  const values = final
    ? { state: 'failed' as const, lastError: error, leaseUntil: null, finishedAt: now, updatedAt: now }
    : {
        state: 'delayed' as const,
        lastError: error,
        leaseUntil: null,
        runAt: new Date(now.getTime() + backoffMs(job.attempts, options.backoffBaseMs)),
        updatedAt: now,
      };
  // Conditional on the attempt read above, so a concurrent re-lease wins over this late report.
  const rows = await db.update(jobs).set(values).where(heldBy(id, job.attempts)).returning();
  return rows[0] ? { state: values.state, job: rows[0] } : null;
}

/** Gives the job back without spending the attempt (the worker was busy, not the job broken). */
export async function releaseJob(db: Db, id: number, options: { attempt: number; runAt: Date; now?: Date }): Promise<boolean> {
  const now = options.now ?? new Date();
  const rows = await db
    .update(jobs)
    .set({ state: 'delayed', attempts: sql`${jobs.attempts} - 1`, leaseUntil: null, runAt: options.runAt, updatedAt: now })
    .where(heldBy(id, options.attempt))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

export type SweepResult = {
  /** Jobs whose wake-up message was sent again. */
  requeued: number[];
  /** Jobs whose holder died on their last attempt: now `failed`. */
  exhausted: Job[];
};

/**
 * The cron's half of decision 4: re-sends due waiting/delayed jobs and jobs whose
 * lease expired, and fails jobs whose last attempt's holder vanished. `graceMs`
 * spares jobs that were enqueued a moment ago (their message is still in flight).
 */
export async function sweepJobs(db: Db, queue: JobQueue, now = new Date(), options: { limit?: number; graceMs?: number } = {}): Promise<SweepResult> {
  const limit = options.limit ?? 100;
  const graceMs = options.graceMs ?? 30_000;
  const exhausted = await db
    .update(jobs)
    .set({
      state: 'failed',
      leaseUntil: null,
      finishedAt: now,
      updatedAt: now,
      lastError: sql`coalesce(${jobs.lastError}, 'the worker stopped reporting during the last attempt')`,
    })
    .where(and(eq(jobs.state, 'active'), lt(jobs.leaseUntil, now), sql`${jobs.attempts} >= ${jobs.maxAttempts}`))
    .returning();

  const due = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      or(
        and(eq(jobs.state, 'delayed'), lte(jobs.runAt, now)),
        and(eq(jobs.state, 'waiting'), lte(jobs.runAt, new Date(now.getTime() - graceMs))),
        and(eq(jobs.state, 'active'), lt(jobs.leaseUntil, now)),
      ),
    )
    .orderBy(asc(jobs.runAt))
    .limit(limit);
  const requeued = due.map((r) => r.id);
  for (let i = 0; i < requeued.length; i += 100) {
    try {
      await queue.sendBatch(requeued.slice(i, i + 100).map((id) => ({ body: message(id) })));
    } catch (err) {
      console.warn('sweep: queue send failed, next sweep retries', err);
    }
  }
  return { requeued, exhausted };
}

/**
 * Runs a failed job again (the admin's retry button): back to `waiting` with its attempts
 * reset, then a wake-up message. Conditional on `failed`, so two clicks make one retry; false
 * when the job is not (or no longer) failed.
 */
export async function retryFailedJob(db: Db, queue: JobQueue, id: number, now = new Date()): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ state: 'waiting', attempts: 0, leaseUntil: null, finishedAt: null, runAt: now, updatedAt: now })
    .where(and(eq(jobs.id, id), eq(jobs.state, 'failed')))
    .returning({ id: jobs.id });
  if (!rows.length) return false;
  await notifyQueue(queue, id, undefined, now);
  return true;
}

export type JobListOptions = { state?: JobState; type?: string; start: number; count: number; desc: boolean };

export async function listJobs(db: Db, options: JobListOptions): Promise<{ total: number; rows: Job[] }> {
  const where = and(options.state ? eq(jobs.state, options.state) : undefined, options.type ? eq(jobs.type, options.type) : undefined);
  // One pipeline: side by side, the page and its count were two round trips.
  const [rows, [{ total }]] = await db.batch([
    db
      .select()
      .from(jobs)
      .where(where)
      .orderBy(options.desc ? desc(jobs.createdAt) : asc(jobs.createdAt), options.desc ? desc(jobs.id) : asc(jobs.id))
      .limit(options.count)
      .offset(options.start),
    db.select({ total: count() }).from(jobs).where(where),
  ]);
  return { total, rows };
}
