import { sqliteTable, text, integer, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './columns';
import { actors } from './actors';
import { accounts } from './users';
import { videos } from './videos';

export const follows = sqliteTable(
  'follows',
  {
    id: id(),
    followerActorId: integer('follower_actor_id')
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    followingActorId: integer('following_actor_id')
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    state: text('state', { enum: ['pending', 'accepted', 'rejected'] })
      .notNull()
      .default('pending'),
    /** The Follow activity's id, quoted back in Accept/Reject/Undo. */
    activityUrl: text('activity_url'),
    ...timestamps,
  },
  (t) => [uniqueIndex('follows_pair_unique').on(t.followerActorId, t.followingActorId), index('follows_following_idx').on(t.followingActorId, t.state)],
);

export const comments = sqliteTable(
  'comments',
  {
    id: id(),
    videoId: integer('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    accountId: integer('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    inReplyToCommentId: integer('in_reply_to_comment_id'),
    /** The thread's root comment; null for a root. */
    originCommentId: integer('origin_comment_id'),
    text: text('text').notNull(),
    url: text('url').notNull(),
    deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
    /**
     * PeerTube's reply approval (server/core/lib/video-comment.ts, shouldCommentBeHeldForReview): our
     * comment on a remote video whose commentsPolicy is 3 waits for the origin's ApproveReply.
     */
    heldForReview: integer('held_for_review', { mode: 'boolean' }).notNull().default(false),
    /** The id of the ApproveReply that approved it (PeerTube's `replyApproval`, sent back in the Note). */
    replyApproval: text('reply_approval'),
    ...timestamps,
  },
  (t) => [uniqueIndex('comments_url_unique').on(t.url), index('comments_video_idx').on(t.videoId, t.originCommentId)],
);

export const rates = sqliteTable(
  'rates',
  {
    id: id(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    videoId: integer('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    type: text('type', { enum: ['like', 'dislike'] }).notNull(),
    url: text('url'),
    ...timestamps,
  },
  (t) => [uniqueIndex('rates_account_video_unique').on(t.accountId, t.videoId)],
);

/** Views aggregated per video and hour. */
export const videoViews = sqliteTable(
  'video_views',
  {
    id: id(),
    videoId: integer('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    startDate: integer('start_date', { mode: 'timestamp_ms' }).notNull(),
    views: integer('views').notNull().default(0),
  },
  (t) => [uniqueIndex('video_views_video_hour_unique').on(t.videoId, t.startDate)],
);

/** Inbox idempotency: an activity id is processed once. */
export const inboxActivities = sqliteTable(
  'inbox_activities',
  {
    activityId: text('activity_id').primaryKey(),
    type: text('type').notNull(),
    actorUrl: text('actor_url').notNull(),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' })
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [index('inbox_activities_received_idx').on(t.receivedAt)],
);

export type Follow = typeof follows.$inferSelect;
export type Comment = typeof comments.$inferSelect;
export type Rate = typeof rates.$inferSelect;
