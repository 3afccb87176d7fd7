import type { DeliverJobPayload, InboxJobPayload, VideoEventPayload } from '../federation/jobs';
import type { CrawlJobPayload, FollowJobPayload } from '../federation/instance-follow';
import type { RefreshJobPayload } from '../services/remote-refresh';

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
  /** A local video was published, edited or deleted: tell its followers (federation/outbox). */
  'activitypub-video': VideoEventPayload;
  /** A comment, rate or view made here: federate it (federation/job-handlers.ts builds the activities). */
  'activitypub-social': SocialEventPayload;
  /** Our instance actor follows, unfollows, or answers a follower (federation/instance-follow.ts). */
  'activitypub-follow': FollowJobPayload;
  /** Read a followed actor's outbox, or index one remote video (federation/instance-follow.ts). */
  'activitypub-crawl': CrawlJobPayload;
  /** An abuse report of a remote video or account: send a Flag to its origin (federation/outbox/flag-activity.ts). */
  'activitypub-flag': { abuseId: number };
  /** An outdated remote video or actor was read: refetch it from its origin (federation/refresh-remote.ts). */
  'activitypub-refresh': RefreshJobPayload;
};

/**
 * Domain events of comments, rates and views, recorded by their services. Ids only:
 * the handler reads the rows when it runs (a deleted comment keeps its soft-deleted row).
 */
export type SocialEventPayload =
  | { event: 'comment-created' | 'comment-deleted'; commentId: number }
  | { event: 'rate'; accountId: number; videoId: number; previous: 'like' | 'dislike' | null; current: 'like' | 'dislike' | null }
  | { event: 'view'; videoId: number; viewerIdentifier: string };

export type JobType = keyof JobPayloads;

export const JOB_TYPES = ['video-transcode', 'activitypub-inbox', 'activitypub-deliver', 'activitypub-video', 'activitypub-social', 'activitypub-follow', 'activitypub-crawl', 'activitypub-flag', 'activitypub-refresh'] as const satisfies readonly JobType[];
