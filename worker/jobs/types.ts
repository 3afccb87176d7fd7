import type { Activity } from '../federation/inbox/activity';

/**
 * Job types and their payloads: one entry per handler in `handlers/`, the payload types beside
 * them here so that the modules that enqueue a job and the handler that runs it share one
 * definition without importing each other.
 * Payloads live in the `jobs` row, never in the queue message, and never hold a secret.
 */
export type JobPayloads = {
  /** Transcode a local video's original into the HLS ladder (dispatched to the companion). */
  'video-transcode': {
    videoId: number;
    /** R2 key of the uploaded original; when absent, the upload session's object key is used. */
    originalKey?: string;
  };
  /** Resize a local actor's new avatar or banner into PeerTube's sizes (dispatched to the companion, ADR 0025). */
  'actor-image-resize': ActorImageResizePayload;
  /** Process one verified incoming activity. */
  'activitypub-inbox': InboxJobPayload;
  /** Send one activity to one inbox. */
  'activitypub-deliver': DeliverJobPayload;
  /** A local video was published, edited or deleted: tell its followers (federation/outbox). */
  'activitypub-video': VideoEventPayload;
  /** A comment, rate or view made here: federate it (federation/outbox builds the activities). */
  'activitypub-social': SocialEventPayload;
  /** Our instance actor follows, unfollows, or answers a follower (federation/instance-follow.ts). */
  'activitypub-follow': FollowJobPayload;
  /** Read a followed actor's outbox, or index one remote video (federation/instance-follow.ts). */
  'activitypub-crawl': CrawlJobPayload;
  /** An abuse report of a remote video or account: send a Flag to its origin (federation/outbox/flag-activity.ts). */
  'activitypub-flag': { abuseId: number };
  /** An outdated remote video or actor was read: refetch it from its origin (federation/refresh-remote.ts). */
  'activitypub-refresh': RefreshJobPayload;
  /** A local playlist was made visible, edited or deleted: tell its followers (federation/outbox/federate-playlist.ts). */
  'activitypub-playlist': PlaylistEventPayload;
  /** R2 objects nothing points at any more, after a channel or a user was removed (services/actor-removal.ts). */
  'media-removal': MediaRemovalPayload;
};

/** One removed video's media (everything under `videos/<uuid>/`, its open multipart uploads), or listed keys (a removed actor's images). */
export type MediaRemovalPayload = { videoUuid?: string; multipart?: { key: string; uploadId: string }[]; keys?: string[] };

/** The image as the actor row names it when the job was queued: a job for a replaced image does nothing. */
export type ActorImageResizePayload = { actorId: number; type: 'avatar' | 'banner'; file: string; width: number; height: number };

/** The activity as received (verified) and who signed it; no secret. */
export type InboxJobPayload = { activity: Activity; signerUrl: string };

/** No key in the payload: the job loads the sender's sealed key when it runs. */
export type DeliverJobPayload = { fromActorId: number; inbox: string; activity: Record<string, unknown> };

/** Domain events of local videos, recorded by the videos and transcoding services. */
/** Domain events of local playlists, recorded by the playlists service. A deleted one has no row left. */
export type PlaylistEventPayload =
  { action: 'create' | 'update'; playlistId: number } | { action: 'delete'; playlistUrl: string; accountActorId: number; channelActorId: number | null };

export type VideoEventPayload =
  | { action: 'create' | 'update'; videoId: number }
  /** A deleted video has no row left: the job carries what the Delete needs. */
  | { action: 'delete'; videoUrl: string; accountActorId: number; channelActorId: number };

/**
 * Domain events of comments, rates, views and actor images, recorded by their services. Ids only:
 * the handler reads the rows when it runs (a deleted comment keeps its soft-deleted row).
 */
export type SocialEventPayload =
  | { event: 'comment-created' | 'comment-deleted'; commentId: number }
  /** A comment held for review, approved on our video: its Create, or our ApproveReply of a remote one. */
  | { event: 'comment-approved'; commentId: number }
  | { event: 'rate'; accountId: number; videoId: number; previous: 'like' | 'dislike' | null; current: 'like' | 'dislike' | null }
  | { event: 'view'; videoId: number; viewerIdentifier: string }
  /** A local account or channel changed its avatar or banner: Update(actor) to its followers. */
  | { event: 'actor-updated'; actorId: number }
  /**
   * A local account or channel was removed: Delete(actor) to `inboxes`, its followers' and the
   * instance's, read before the removal dropped its follows (services/actor-removal.ts).
   */
  | { event: 'actor-deleted'; actorId: number; inboxes: string[] };

/** What the `activitypub-follow` job does; ids only, no secret. */
export type FollowJobPayload =
  | { action: 'follow'; host: string }
  /** `followerActorId`: a local account subscribing to a channel (`assertIsChannel`), as PeerTube's follow job payload. */
  | { action: 'follow'; handle: string; followerActorId?: number; assertIsChannel?: boolean }
  | { action: 'unfollow'; followerActorId: number; followingActorId: number; followActivityId: string }
  | { action: 'accept' | 'reject'; followerActorId: number; followingActorId: number; followActivityId: string; followId: number }
  /** One of our follows still pending: check the followers collection, or send the Follow again (federation/follow-recovery.ts). */
  | { action: 'recover'; followId: number };

/** What the `activitypub-crawl` job does: read an outbox, or index one video. */
export type CrawlJobPayload = { kind: 'outbox'; url: string } | { kind: 'video'; url: string };

export type RefreshKind = 'video' | 'actor';
/** The object to refetch, by its ActivityPub id; no secret. */
export type RefreshJobPayload = { kind: RefreshKind; url: string };

export type JobType = keyof JobPayloads;

export const JOB_TYPES = [
  'video-transcode',
  'actor-image-resize',
  'activitypub-inbox',
  'activitypub-deliver',
  'activitypub-video',
  'activitypub-social',
  'activitypub-follow',
  'activitypub-crawl',
  'activitypub-flag',
  'activitypub-refresh',
  'activitypub-playlist',
  'media-removal',
] as const satisfies readonly JobType[];
