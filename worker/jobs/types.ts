import type { DeliverJobPayload, InboxJobPayload } from '../federation/jobs';

/**
 * Job types and their payloads: one entry per handler in `handlers/`.
 * Payloads live in the `jobs` row, never in the queue message, and never hold a secret.
 */
export type JobPayloads = {
  /** Transcode a local video's original into the HLS ladder (dispatched to the companion). */
  'video-transcode': {
    videoId: number;
    /** R2 key of the uploaded original; when absent, the upload session's object key is used. */
    originalKey?: string;
  };
  /** Process one verified incoming activity (federation/job-handlers.ts). */
  'activitypub-inbox': InboxJobPayload;
  /** Send one activity to one inbox (federation/job-handlers.ts). */
  'activitypub-deliver': DeliverJobPayload;
};

export type JobType = keyof JobPayloads;

export const JOB_TYPES = ['video-transcode', 'activitypub-inbox', 'activitypub-deliver'] as const satisfies readonly JobType[];
