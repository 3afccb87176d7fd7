import type { Config } from '../../config';
import type { Db } from '../../db/client';
import type { Job } from '../../db/schema';
import type { FederationDeps } from '../../federation/deps';
import type { JobQueue } from '../store';
import type { JobPayloads, JobType } from '../types';

/** What a handler may use. Built per queue batch or per request: it holds I/O, so it is never memoised. */
export type JobContext = {
  db: Db;
  config: Config;
  /** R2: originals and outputs. */
  media: R2Bucket;
  queue: JobQueue;
};

/** A leased job whose payload is typed by its `type`. */
export type LeasedJob<T extends JobType> = Omit<Job, 'type' | 'payload'> & { type: T; payload: JobPayloads[T] };

/**
 * `completed`: the work is done. `detached`: it goes on elsewhere (the companion),
 * which keeps the lease alive with progress reports and completes the job by callback.
 */
export type JobOutcome = 'completed' | 'detached';

/**
 * One job type's behaviour. `run` must be idempotent: queues deliver at least
 * once and the sweep re-sends expired leases. Throw `PermanentJobError` when
 * retrying cannot help, `RetryLaterError` when the job is not at fault.
 */
export type JobHandler<T extends JobType> = {
  run(ctx: JobContext, job: LeasedJob<T>): Promise<JobOutcome>;
  /** After the last attempt failed (the job row holds the error). */
  onFailed?(ctx: JobContext, job: LeasedJob<T>): Promise<void>;
};

export type JobHandlers = { [T in JobType]: JobHandler<T> };

/**
 * A federation job's handler: it needs neither R2 nor the job's bookkeeping, only federation's
 * deps and the payload, so its tests call it with exactly that (and their own `fetchImpl`).
 * Any such handler is a JobHandler: a JobContext is a FederationDeps.
 */
export type FederationJobHandler<T extends JobType> = {
  run(deps: FederationDeps, job: { payload: JobPayloads[T] }): Promise<JobOutcome>;
};
