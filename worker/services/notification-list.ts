/**
 * GET /users/me/notifications: a page of the viewer's notifications with what each points at, in
 * one pipeline: the page, its total, and one query per kind of object, each selecting the objects
 * the page's rows name through a subquery of the same page (never one query per notification).
 */
import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { alias, type SQLiteSelect } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client';
import { abuses, accounts, actors, comments, follows, userNotifications, userRegistrations, videoChannels, videos } from '../db/schema';
import type { Pagination } from '../http/pagination';
import type { NotificationView, NotifiedActor, NotifiedVideo } from '../serializers/notification';

/** PeerTube's SORTABLE_COLUMNS.USER_NOTIFICATIONS. */
export const NOTIFICATION_SORTS = ['createdAt', 'read'] as const;

const channelActors = alias(actors, 'channel_actor');
const followerActors = alias(actors, 'follower_actor');
const followingActors = alias(actors, 'following_actor');
const followingChannels = alias(videoChannels, 'following_channel');
const followingAccounts = alias(accounts, 'following_account');
const followerAccounts = alias(accounts, 'follower_account');

type RefKey = 'videoId' | 'commentId' | 'abuseId' | 'followId' | 'userRegistrationId';

const videoInfo = { id: videos.id, uuid: videos.uuid, name: videos.name };

export async function listNotifications(db: Db, userId: number, page: Pagination & { unread?: boolean }): Promise<{ total: number; data: NotificationView[] }> {
  const conds: SQL[] = [eq(userNotifications.userId, userId)];
  if (page.unread === true) conds.push(eq(userNotifications.read, false));
  if (page.unread === false) conds.push(eq(userNotifications.read, true));
  const where = and(...conds);
  const column = page.sort.replace(/^-/, '') === 'read' ? userNotifications.read : userNotifications.createdAt;
  const dir = page.sort.startsWith('-') ? desc : asc;
  // One builder spells the page (where, order, limit, offset): the page's rows, and the subqueries
  // that name the page's objects, are the same page.
  const ofPage = <Q extends SQLiteSelect>(query: Q) => query.where(where).orderBy(dir(column), dir(userNotifications.id)).limit(page.count).offset(page.start);
  const pageOf = (key: RefKey) => ofPage(db.select({ id: userNotifications[key] }).from(userNotifications).$dynamic());
  const [rows, [{ total }], videoRows, commentRows, abuseRows, followRows, registrationRows] = await db.batch([
    ofPage(db.select().from(userNotifications).$dynamic()),
    db.select({ total: count() }).from(userNotifications).where(where),
    videosQuery(db, inArray(videos.id, pageOf('videoId'))),
    commentsQuery(db, inArray(comments.id, pageOf('commentId'))),
    abusesQuery(db, inArray(abuses.id, pageOf('abuseId'))),
    followsQuery(db, inArray(follows.id, pageOf('followId'))),
    db
      .select({ id: userRegistrations.id, username: userRegistrations.username })
      .from(userRegistrations)
      .where(inArray(userRegistrations.id, pageOf('userRegistrationId'))),
  ]);
  const registrationMap = new Map(registrationRows.map((r) => [r.id, r]));
  const [videoMap, commentMap, abuseMap, followMap] = [videoMapOf(videoRows), commentMapOf(commentRows), abuseMapOf(abuseRows), followMapOf(followRows)];
  const data = rows.map((n) => ({
    notification: n,
    video: n.videoId !== null ? videoMap.get(n.videoId) : undefined,
    comment: n.commentId !== null ? commentMap.get(n.commentId) : undefined,
    abuse: n.abuseId !== null ? abuseMap.get(n.abuseId) : undefined,
    actorFollow: n.followId !== null ? followMap.get(n.followId) : undefined,
    registration: n.userRegistrationId !== null ? registrationMap.get(n.userRegistrationId) : undefined,
  }));
  return { total, data };
}

/** The nav's badge: how many of the user's notifications are unread (the user/read index answers it). */
export async function countUnreadNotifications(db: Db, userId: number): Promise<number> {
  const [{ n }] = await db
    .select({ n: count() })
    .from(userNotifications)
    .where(and(eq(userNotifications.userId, userId), eq(userNotifications.read, false)));
  return n;
}

const actorOf = (id: number, displayName: string, actor: typeof actors.$inferSelect): NotifiedActor => ({ id, displayName, actor });

const videosQuery = (db: Db, where: SQL) =>
  db
    .select({ video: videoInfo, channel: videoChannels, actor: channelActors })
    .from(videos)
    .innerJoin(videoChannels, eq(videoChannels.id, videos.channelId))
    .innerJoin(channelActors, eq(channelActors.id, videoChannels.actorId))
    .where(where);

function videoMapOf(rows: Awaited<ReturnType<typeof videosQuery>>) {
  const map = new Map<number, NotifiedVideo & { channel: NotifiedActor }>();
  for (const r of rows) map.set(r.video.id, { ...r.video, channel: actorOf(r.channel.id, r.channel.displayName, r.actor) });
  return map;
}

const commentsQuery = (db: Db, where: SQL) =>
  db
    .select({ comment: comments, account: accounts, actor: actors, video: videoInfo })
    .from(comments)
    .innerJoin(accounts, eq(accounts.id, comments.accountId))
    .innerJoin(actors, eq(actors.id, accounts.actorId))
    .innerJoin(videos, eq(videos.id, comments.videoId))
    .where(where);

function commentMapOf(rows: Awaited<ReturnType<typeof commentsQuery>>) {
  const map = new Map<number, NonNullable<NotificationView['comment']>>();
  for (const r of rows) {
    map.set(r.comment.id, {
      id: r.comment.id,
      threadId: r.comment.originCommentId ?? r.comment.id,
      account: actorOf(r.account.id, r.account.displayName, r.actor),
      video: r.video,
      heldForReview: r.comment.heldForReview,
    });
  }
  return map;
}

const abusesQuery = (db: Db, where: SQL) =>
  db
    .select({ abuse: abuses, video: videoInfo, account: accounts, actor: actors })
    .from(abuses)
    .leftJoin(videos, eq(videos.id, abuses.videoId))
    .leftJoin(accounts, eq(accounts.id, abuses.flaggedAccountId))
    .leftJoin(actors, eq(actors.id, accounts.actorId))
    .where(where);

function abuseMapOf(rows: Awaited<ReturnType<typeof abusesQuery>>) {
  const map = new Map<number, NonNullable<NotificationView['abuse']>>();
  for (const r of rows) {
    // PeerTube's formatAbuse: the flagged account only for an abuse of an account.
    const video = r.abuse.videoId !== null && r.video?.id ? r.video : undefined;
    const account = !video && r.account && r.actor ? actorOf(r.account.id, r.account.displayName, r.actor) : undefined;
    map.set(r.abuse.id, { id: r.abuse.id, state: r.abuse.state, video, account });
  }
  return map;
}

const followsQuery = (db: Db, where: SQL) =>
  db
    .select({
      follow: follows,
      follower: followerActors,
      followerAccount: followerAccounts,
      following: followingActors,
      channelName: followingChannels.displayName,
      accountName: followingAccounts.displayName,
    })
    .from(follows)
    .innerJoin(followerActors, eq(followerActors.id, follows.followerActorId))
    .innerJoin(followerAccounts, eq(followerAccounts.actorId, followerActors.id))
    .innerJoin(followingActors, eq(followingActors.id, follows.followingActorId))
    .leftJoin(followingChannels, eq(followingChannels.actorId, followingActors.id))
    .leftJoin(followingAccounts, eq(followingAccounts.actorId, followingActors.id))
    .where(where);

function followMapOf(rows: Awaited<ReturnType<typeof followsQuery>>) {
  const map = new Map<number, NonNullable<NotificationView['actorFollow']>>();
  for (const r of rows) {
    map.set(r.follow.id, {
      id: r.follow.id,
      state: r.follow.state,
      follower: actorOf(r.followerAccount.id, r.followerAccount.displayName, r.follower),
      following: { actor: r.following, displayName: r.channelName ?? r.accountName ?? r.following.preferredUsername },
    });
  }
  return map;
}
