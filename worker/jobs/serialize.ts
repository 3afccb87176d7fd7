import type { Job } from '../db/schema';

/** PeerTube's Job, as GET /api/v1/jobs/{state} returns it. */
export type ApiJob = {
  id: number;
  state: Job['state'];
  type: string;
  data: unknown;
  error: string | null;
  progress: number | null;
  priority: number;
  attempts: number;
  maxAttempts: number;
  createdAt: string;
  finishedOn: string | null;
  processedOn: string | null;
};

export function serializeJob(job: Job): ApiJob {
  const started = job.attempts > 0;
  return {
    id: job.id,
    state: job.state,
    type: job.type,
    data: job.payload,
    error: job.lastError,
    progress: job.progress,
    priority: 0,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    createdAt: job.createdAt.toISOString(),
    finishedOn: job.finishedAt?.toISOString() ?? null,
    // No dedicated column: an active job's updatedAt is the moment it was leased (progress leaves it alone).
    processedOn: started ? (job.state === 'active' ? job.updatedAt : (job.finishedAt ?? job.updatedAt)).toISOString() : null,
  };
}
