/**
 * PeerTube's user notifications (server/core/lib/notifier/): who hears of what, filtered by each
 * user's notification settings. Only web notifications exist here (no email): a user is notified
 * when the setting has PeerTube's WEB bit. Every `notify…` is called where its event happens
 * (services, the transcoder's callback, the inbox) and never fails the write that caused it.
 */
import { and, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Config } from '../config';
import {
  abuses,
  accounts,
  actors,
  comments,
  follows,
  USER_ROLES,
  userNotifications,
  users,
  videoChannels,
  videos,
  VIDEO_PRIVACY,
  VIDEO_STATE,
  type NewUserNotification,
} from '../db/schema';

/**
 * PeerTube's UserNotificationType, the values used here, and one of edgetube's own (ADR 0024):
 * PeerTube 6.3 has no notification for a failed transcoding, so it takes a number far outside
 * PeerTube's range (1–22), which PeerTube's clients show as an unknown type or skip.
 */
export const NOTIFICATION_TYPE = {
  NEW_VIDEO_FROM_SUBSCRIPTION: 1,
  NEW_COMMENT_ON_MY_VIDEO: 2,
  NEW_ABUSE_FOR_MODERATORS: 3,
  MY_VIDEO_PUBLISHED: 6,
  NEW_FOLLOW: 10,
  COMMENT_MENTION: 11,
  NEW_INSTANCE_FOLLOWER: 13,
  ABUSE_STATE_CHANGE: 15,
  ABUSE_NEW_MESSAGE: 16,
  NEW_USER_REGISTRATION_REQUEST: 20,
  MY_VIDEO_TRANSCODING_FAILED: 101,
} as const;

/** PeerTube's UserNotificationSettingValue. */
export const SETTING_WEB = 1;
export const SETTING_EMAIL = 2;

/**
 * PeerTube's createDefaultUserNotificationSettings (server/core/lib/user.ts), in the key order of
 * UserNotificationSettingModel.toFormattedJSON.
 */
export const DEFAULT_NOTIFICATION_SETTINGS = {
  newCommentOnMyVideo: 1,
  newVideoFromSubscription: 1,
  abuseAsModerator: 3,
  videoAutoBlacklistAsModerator: 3,
  blacklistOnMyVideo: 3,
  myVideoPublished: 1,
  myVideoImportFinished: 1,
  newUserRegistration: 1,
  commentMention: 1,
  newFollow: 1,
  newInstanceFollower: 1,
  autoInstanceFollowing: 1,
  abuseNewMessage: 3,
  abuseStateChange: 3,
  newPeerTubeVersion: 3,
  myVideoStudioEditionFinished: 1,
  myVideoTranscriptionGenerated: 1,
  newPluginVersion: 1,
};

export type NotificationSettings = typeof DEFAULT_NOTIFICATION_SETTINGS;
export type NotificationSettingKey = keyof NotificationSettings;

export function notificationSettingsOf(stored: Record<string, number> | null | undefined): NotificationSettings {
  const settings = { ...DEFAULT_NOTIFICATION_SETTINGS };
  for (const key of Object.keys(settings) as NotificationSettingKey[]) {
    if (typeof stored?.[key] === 'number') settings[key] = stored[key];
  }
  return settings;
}

/** PUT /users/me/notification-settings: PeerTube saves the whole object; keys not sent keep their value here. */
export async function updateNotificationSettings(db: Db, userId: number, values: Partial<NotificationSettings>): Promise<void> {
  const [row] = await db.select({ s: users.notificationSettings }).from(users).where(eq(users.id, userId)).limit(1);
  const merged = { ...notificationSettingsOf(row?.s), ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) };
  await db.update(users).set({ notificationSettings: merged, updatedAt: new Date() }).where(eq(users.id, userId));
}

/** A notification never fails the write that caused it: errors are logged, and nobody is notified. */
function safely<A extends unknown[]>(name: string, fn: (...args: A) => Promise<number>) {
  return async (...args: A): Promise<number> => {
    try {
      return await fn(...args);
    } catch (err) {
      console.error(`${name} failed`, args.slice(1), err);
      return 0;
    }
  };
}

type Refs = Pick<NewUserNotification, 'videoId' | 'commentId' | 'abuseId' | 'followId' | 'userRegistrationId'>;

/** Inserts one notification per user whose `setting` has the web bit. */
async function notifyUsers(db: Db, type: number, setting: NotificationSettingKey, userIds: number[], refs: Refs): Promise<number> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return 0;
  const rows = await db.select({ id: users.id, s: users.notificationSettings }).from(users).where(inArray(users.id, unique));
  const now = new Date();
  const values = rows
    .filter((u) => (notificationSettingsOf(u.s)[setting] & SETTING_WEB) !== 0)
    .map((u) => ({ userId: u.id, type, read: false, ...refs, createdAt: now, updatedAt: now }));
  if (values.length) await db.insert(userNotifications).values(values);
  return values.length;
}

/** The local user owning the video (null for a remote video). */
async function videoOwner(db: Db, videoId: number) {
  const [row] = await db
    .select({
      userId: accounts.userId,
      accountId: accounts.id,
      actorId: accounts.actorId,
      channelActorId: videoChannels.actorId,
      privacy: videos.privacy,
      state: videos.state,
      waitTranscoding: videos.waitTranscoding,
    })
    .from(videos)
    .innerJoin(videoChannels, eq(videoChannels.id, videos.channelId))
    .innerJoin(accounts, eq(accounts.id, videoChannels.accountId))
    .where(eq(videos.id, videoId))
    .limit(1);
  return row;
}

/**
 * A video became public and published, local or received from a followed channel: its channel's and
 * account's local subscribers hear of it (PeerTube's NewVideoOrLiveForSubscribers).
 */
export const notifyNewVideo = safely('notifyNewVideo', async function notifyNewVideo(db: Db, videoId: number): Promise<number> {
  const video = await videoOwner(db, videoId);
  if (!video || video.privacy !== VIDEO_PRIVACY.PUBLIC || video.state !== VIDEO_STATE.PUBLISHED) return 0;
  const subscribers = await db
    .selectDistinct({ userId: accounts.userId })
    .from(follows)
    .innerJoin(accounts, eq(accounts.actorId, follows.followerActorId))
    .where(and(inArray(follows.followingActorId, [video.channelActorId, video.actorId]), eq(follows.state, 'accepted')));
  const userIds = subscribers.map((s) => s.userId).filter((id): id is number => id !== null && id !== video.userId);
  return notifyUsers(db, NOTIFICATION_TYPE.NEW_VIDEO_FROM_SUBSCRIPTION, 'newVideoFromSubscription', userIds, { videoId });
});

/** The owner's video is published after waiting for its transcoding (PeerTube's OwnedPublicationAfterTranscoding). */
export const notifyMyVideoPublished = safely('notifyMyVideoPublished', async function notifyMyVideoPublished(db: Db, videoId: number): Promise<number> {
  const video = await videoOwner(db, videoId);
  if (!video?.userId || !video.waitTranscoding) return 0;
  return notifyUsers(db, NOTIFICATION_TYPE.MY_VIDEO_PUBLISHED, 'myVideoPublished', [video.userId], { videoId });
});

/**
 * The owner's upload could not be transcoded after the last attempt. Sent whether or not the
 * owner waited for transcoding, under the same setting as "my video is published".
 */
export const notifyMyVideoTranscodingFailed = safely('notifyMyVideoTranscodingFailed', async function notifyMyVideoTranscodingFailed(db: Db, videoId: number) {
  const video = await videoOwner(db, videoId);
  if (!video?.userId) return 0;
  return notifyUsers(db, NOTIFICATION_TYPE.MY_VIDEO_TRANSCODING_FAILED, 'myVideoPublished', [video.userId], { videoId });
});

/** `@name` or `@name@ourhost` in a comment: the local usernames it mentions (PeerTube's extractMentions). */
export function extractLocalMentions(text: string, config: Config): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/(?:^|[^\w@])@([a-z0-9_][a-z0-9_.-]*)(?:@([a-z0-9.:-]+[a-z0-9]))?/gi)) {
    if (!m[2] || m[2].toLowerCase() === config.host.toLowerCase()) names.add(m[1].toLowerCase().replace(/\.+$/, ''));
  }
  return [...names];
}

/**
 * A new comment, local or received: the video's local owner gets NEW_COMMENT_ON_MY_VIDEO; the local
 * authors it replies to and the local users it mentions get COMMENT_MENTION. Nobody hears of their own.
 * A comment held for review mentions nobody until it is approved (`approved`: PeerTube's
 * notifyOnNewCommentApproval, which sends only the mentions).
 */
export const notifyNewComment = safely(
  'notifyNewComment',
  async function notifyNewComment(db: Db, config: Config, commentId: number, approved = false): Promise<number> {
    const [row] = await db
      .select({ comment: comments, authorUserId: accounts.userId })
      .from(comments)
      .leftJoin(accounts, eq(accounts.id, comments.accountId))
      .where(eq(comments.id, commentId))
      .limit(1);
    if (!row || row.comment.deletedAt) return 0;
    const author = row.authorUserId;
    const video = await videoOwner(db, row.comment.videoId);
    let sent = 0;
    const owner = video?.userId ?? null;
    if (owner !== null && owner !== author && !approved) {
      sent += await notifyUsers(db, NOTIFICATION_TYPE.NEW_COMMENT_ON_MY_VIDEO, 'newCommentOnMyVideo', [owner], { commentId });
    }
    if (row.comment.heldForReview) return sent;
    const mentioned: number[] = [];
    if (row.comment.inReplyToCommentId !== null) {
      const [parent] = await db
        .select({ userId: accounts.userId })
        .from(comments)
        .innerJoin(accounts, eq(accounts.id, comments.accountId))
        .where(eq(comments.id, row.comment.inReplyToCommentId))
        .limit(1);
      if (parent?.userId) mentioned.push(parent.userId);
    }
    const names = extractLocalMentions(row.comment.text, config);
    if (names.length) {
      const found = await db
        .select({ id: users.id })
        .from(users)
        .where(inArray(sql`lower(${users.username})`, names));
      mentioned.push(...found.map((u) => u.id));
    }
    const recipients = mentioned.filter((id) => id !== author && id !== owner);
    sent += await notifyUsers(db, NOTIFICATION_TYPE.COMMENT_MENTION, 'commentMention', recipients, { commentId });
    return sent;
  },
);

/**
 * An accepted or pending follow of a local actor: the owner of the followed account or channel gets
 * NEW_FOLLOW; a follow of the instance actor goes to the administrators as NEW_INSTANCE_FOLLOWER.
 */
export const notifyNewFollow = safely('notifyNewFollow', async function notifyNewFollow(db: Db, followId: number): Promise<number> {
  const [row] = await db
    .select({ follow: follows, target: actors })
    .from(follows)
    .innerJoin(actors, eq(actors.id, follows.followingActorId))
    .where(eq(follows.id, followId))
    .limit(1);
  if (!row || row.target.host !== null || row.follow.state === 'rejected') return 0;
  if (row.target.type === 'Application') {
    const admins = await db.select({ id: users.id }).from(users).where(eq(users.role, USER_ROLES.ADMINISTRATOR));
    return notifyUsers(
      db,
      NOTIFICATION_TYPE.NEW_INSTANCE_FOLLOWER,
      'newInstanceFollower',
      admins.map((a) => a.id),
      { followId },
    );
  }
  const [owner] =
    row.target.type === 'Group'
      ? await db
          .select({ userId: accounts.userId })
          .from(videoChannels)
          .innerJoin(accounts, eq(accounts.id, videoChannels.accountId))
          .where(eq(videoChannels.actorId, row.target.id))
          .limit(1)
      : await db.select({ userId: accounts.userId }).from(accounts).where(eq(accounts.actorId, row.target.id)).limit(1);
  const [self] = await db.select({ userId: accounts.userId }).from(accounts).where(eq(accounts.actorId, row.follow.followerActorId)).limit(1);
  if (!owner?.userId || owner.userId === self?.userId) return 0;
  return notifyUsers(db, NOTIFICATION_TYPE.NEW_FOLLOW, 'newFollow', [owner.userId], { followId });
});

/** A new abuse report, local or received as a Flag: every moderator and administrator (PeerTube's NewAbuseForModerators). */
export const notifyNewAbuse = safely('notifyNewAbuse', async function notifyNewAbuse(db: Db, abuseId: number): Promise<number> {
  const [abuse] = await db.select({ reporter: abuses.reporterAccountId }).from(abuses).where(eq(abuses.id, abuseId)).limit(1);
  if (!abuse) return 0;
  const moderators = await abuseModerators(db, abuse.reporter);
  return notifyUsers(
    db,
    NOTIFICATION_TYPE.NEW_ABUSE_FOR_MODERATORS,
    'abuseAsModerator',
    moderators.map((m) => m.id),
    { abuseId },
  );
});

/** The local moderators and administrators (PeerTube's MANAGE_ABUSES and MANAGE_REGISTRATIONS rights), but the account `except`. */
const abuseModerators = (db: Db, except: number | null) =>
  db
    .select({ id: users.id })
    .from(users)
    .leftJoin(accounts, eq(accounts.userId, users.id))
    .where(and(lte(users.role, USER_ROLES.MODERATOR), except === null ? undefined : ne(accounts.id, except)));

/** The local user who made a report (null when the reporter is remote or gone). */
const abuseReporter = (db: Db, abuseId: number) =>
  db
    .select({ userId: accounts.userId, accountId: accounts.id })
    .from(abuses)
    .innerJoin(accounts, eq(accounts.id, abuses.reporterAccountId))
    .where(eq(abuses.id, abuseId))
    .limit(1);

/** A report's state changed: its local reporter hears of it (PeerTube's AbuseStateChangeForReporter). */
export const notifyAbuseStateChange = safely('notifyAbuseStateChange', async function notifyAbuseStateChange(db: Db, abuseId: number): Promise<number> {
  const [reporter] = await abuseReporter(db, abuseId);
  if (!reporter?.userId) return 0;
  return notifyUsers(db, NOTIFICATION_TYPE.ABUSE_STATE_CHANGE, 'abuseStateChange', [reporter.userId], { abuseId });
});

/**
 * A new message on a report (PeerTube's NewAbuseMessageForReporter and NewAbuseMessageForModerators):
 * the local reporter and the moderators, never the message's author; one notification per user,
 * also for a reporter who is a moderator (PeerTube would send that one two).
 */
export const notifyAbuseNewMessage = safely(
  'notifyAbuseNewMessage',
  async function notifyAbuseNewMessage(db: Db, abuseId: number, authorAccountId: number): Promise<number> {
    const [[reporter], moderators] = await db.batch([abuseReporter(db, abuseId), abuseModerators(db, authorAccountId)]);
    const userIds = moderators.map((m) => m.id);
    if (reporter?.userId && reporter.accountId !== authorAccountId) userIds.push(reporter.userId);
    return notifyUsers(db, NOTIFICATION_TYPE.ABUSE_NEW_MESSAGE, 'abuseNewMessage', userIds, { abuseId });
  },
);

/** A new registration request: the moderators and administrators (PeerTube's RegistrationRequestForModerators). */
export const notifyNewRegistrationRequest = safely(
  'notifyNewRegistrationRequest',
  async function notifyNewRegistrationRequest(db: Db, userRegistrationId: number) {
    const moderators = await abuseModerators(db, null);
    return notifyUsers(
      db,
      NOTIFICATION_TYPE.NEW_USER_REGISTRATION_REQUEST,
      'newUserRegistration',
      moderators.map((m) => m.id),
      { userRegistrationId },
    );
  },
);

/** POST /users/me/notifications/read {ids}: only the viewer's own. */
export async function markNotificationsRead(db: Db, userId: number, ids: number[]): Promise<void> {
  await db
    .update(userNotifications)
    .set({ read: true, updatedAt: new Date() })
    .where(and(eq(userNotifications.userId, userId), inArray(userNotifications.id, ids)));
}

/** POST /users/me/notifications/read-all. */
export async function markAllNotificationsRead(db: Db, userId: number): Promise<void> {
  await db
    .update(userNotifications)
    .set({ read: true, updatedAt: new Date() })
    .where(and(eq(userNotifications.userId, userId), eq(userNotifications.read, false)));
}
