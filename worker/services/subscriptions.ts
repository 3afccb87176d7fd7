/**
 * Subscriptions, as PeerTube's /users/me/subscriptions: a row of `follows` from the user's
 * account actor to a channel's Group actor (PeerTube's ActorFollow). A local channel is
 * followed at once; a remote one through an `activitypub-follow` job that sends the Follow
 * from the account and leaves the row `pending` until the channel's Accept
 * (server/core/controllers/api/users/my-subscriptions.ts).
 */
import { and, asc, count, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { accounts, actors, follows, videoChannels, type Follow } from '../db/schema';
import { ApiError } from '../errors';
import type { Pagination } from '../http/pagination';
import { enqueueJob, type JobQueue } from '../jobs/store';
import { getChannelById, selectChannels, toChannel } from './channels';
import type { ChannelWithOwner } from '../serializers/channel';
import { recountFollows } from './follows';
import { notifyNewFollow } from './notifications';
import type { Viewer } from './viewer';

/** PeerTube's SORTABLE_COLUMNS.USER_SUBSCRIPTIONS. */
export const SUBSCRIPTION_SORTS = ['id', 'createdAt'] as const;

/** PeerTube's isValidActorHandle: exactly one `@`, and a valid host after it. */
const HANDLE_RE = /^[^@\s/]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$/i;
export const isValidActorHandle = (handle: string) => HANDLE_RE.test(handle);

type SubscriptionDeps = { db: Db; config: Config; queue: JobQueue };

/** `name@host` with our own host as a local name (PeerTube's handleToNameAndHost). */
function nameAndHost(config: Config, handle: string): { name: string; host: string | null } {
  const at = handle.lastIndexOf('@');
  const host = handle.slice(at + 1).toLowerCase();
  return { name: handle.slice(0, at), host: host === config.host.toLowerCase() ? null : host };
}

/** The actor id of the viewer's account: the follower of every subscription. */
export async function viewerActorId(db: Db, viewer: Viewer): Promise<number> {
  if (viewer.actorId !== undefined) return viewer.actorId;
  const [row] = await db.select({ actorId: accounts.actorId }).from(accounts).where(eq(accounts.id, viewer.accountId)).limit(1);
  if (!row) throw ApiError.notFound('Account not found');
  return row.actorId;
}

const targetIs = (t: { name: string; host: string | null }) =>
  and(sql`lower(${actors.preferredUsername}) = ${t.name.toLowerCase()}`, t.host === null ? isNull(actors.host) : eq(actors.host, t.host));

/** A subscription of the viewer to a channel, by handle; 404 as PeerTube's doesSubscriptionExist. */
async function findSubscription(deps: SubscriptionDeps, viewer: Viewer, uri: string, state?: Follow['state']) {
  const followerId = await viewerActorId(deps.db, viewer);
  const [row] = await deps.db
    .select({ follow: follows, channelId: videoChannels.id })
    .from(follows)
    .innerJoin(actors, eq(actors.id, follows.followingActorId))
    .innerJoin(videoChannels, eq(videoChannels.actorId, actors.id))
    .where(and(eq(follows.followerActorId, followerId), targetIs(nameAndHost(deps.config, uri)), state ? eq(follows.state, state) : undefined))
    .limit(1);
  if (!row) throw ApiError.notFound(`Subscription ${uri} not found.`);
  return row;
}

/**
 * GET /users/me/subscriptions: the channels the viewer follows (accepted), with PeerTube's search
 * on their name; the page and its total in one pipeline.
 */
export async function listSubscriptions(db: Db, viewer: Viewer, page: Pagination & { search?: string }): Promise<{ total: number; data: ChannelWithOwner[] }> {
  const followerId = sql`(select ${accounts.actorId} from ${accounts} where ${accounts.id} = ${viewer.accountId})`;
  const conds: (SQL | undefined)[] = [sql`${follows.followerActorId} = ${followerId}`, eq(follows.state, 'accepted')];
  if (page.search) {
    const needle = page.search.toLowerCase();
    conds.push(or(sql`instr(lower(${actors.preferredUsername}), ${needle}) > 0`, sql`instr(lower(${videoChannels.name}), ${needle}) > 0`));
  }
  const where = and(...conds);
  const column = page.sort.replace(/^-/, '') === 'id' ? follows.id : follows.createdAt;
  const order = page.sort.startsWith('-') ? desc(column) : asc(column);
  const [rows, [{ total }]] = await db.batch([
    selectChannels(db)
      .innerJoin(follows, eq(follows.followingActorId, videoChannels.actorId))
      .where(where)
      .orderBy(order, asc(follows.id))
      .limit(page.count)
      .offset(page.start),
    db
      .select({ total: count() })
      .from(follows)
      .innerJoin(actors, eq(actors.id, follows.followingActorId))
      .innerJoin(videoChannels, eq(videoChannels.actorId, actors.id))
      .where(where),
  ]);
  return { total, data: rows.map(toChannel) };
}

/** GET /users/me/subscriptions/{uri}: the channel of an accepted subscription. */
export async function getSubscription(deps: SubscriptionDeps, viewer: Viewer, uri: string): Promise<ChannelWithOwner> {
  const row = await findSubscription(deps, viewer, uri, 'accepted');
  const channel = await getChannelById(deps.db, row.channelId);
  if (!channel) throw ApiError.notFound(`Subscription ${uri} not found.`);
  return channel;
}

/** GET /users/me/subscriptions/exist?uris=…: `{ [uri]: boolean }`, accepted or not (PeerTube's listSubscriptionsOf). */
export async function subscriptionsExist(db: Db, config: Config, viewer: Viewer, uris: string[]): Promise<Record<string, boolean>> {
  const followerId = await viewerActorId(db, viewer);
  const targets = uris.map((u) => nameAndHost(config, u));
  const rows =
    targets.length === 0
      ? []
      : await db
          .select({ name: actors.preferredUsername, host: actors.host })
          .from(follows)
          .innerJoin(actors, eq(actors.id, follows.followingActorId))
          .where(and(eq(follows.followerActorId, followerId), or(...targets.map(targetIs))));
  const result: Record<string, boolean> = {};
  uris.forEach((uri, i) => {
    const t = targets[i];
    result[uri] = rows.some((r) => r.name.toLowerCase() === t.name.toLowerCase() && r.host === t.host);
  });
  return result;
}

/**
 * POST /users/me/subscriptions {uri}. A local channel is followed now (accepted, as PeerTube's
 * follow job does for local targets); a remote one by a job, as PeerTube answers 204 before
 * the Follow is even sent. A handle that is not a channel is ignored by the job, as at PeerTube.
 */
export async function addSubscription(deps: SubscriptionDeps, viewer: Viewer, uri: string): Promise<void> {
  const followerId = await viewerActorId(deps.db, viewer);
  const target = nameAndHost(deps.config, uri);
  if (target.host !== null) {
    await enqueueJob(deps.db, deps.queue, {
      type: 'activitypub-follow',
      payload: { action: 'follow', handle: `${target.name}@${target.host}`, followerActorId: followerId, assertIsChannel: true },
      maxAttempts: 5,
    });
    return;
  }
  // Joined with its channel: a removed channel's actor row stays (services/actor-removal.ts).
  const [channel] = await deps.db
    .select({ actorId: actors.id })
    .from(actors)
    .innerJoin(videoChannels, eq(videoChannels.actorId, actors.id))
    .where(and(targetIs(target), eq(actors.type, 'Group')))
    .limit(1);
  // PeerTube's job fails on an unknown or non-channel target; the request was already answered 204.
  if (!channel) return;
  const now = new Date();
  const created = await deps.db
    .insert(follows)
    .values({ followerActorId: followerId, followingActorId: channel.actorId, state: 'accepted', createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning({ id: follows.id });
  await recountFollows(deps.db, [followerId, channel.actorId]);
  if (created.length) await notifyNewFollow(deps.db, created[0].id);
}

/** DELETE /users/me/subscriptions/{uri}: the row goes now; a remote channel gets an Undo(Follow) through a job. */
export async function removeSubscription(deps: SubscriptionDeps, viewer: Viewer, uri: string): Promise<void> {
  const { follow } = await findSubscription(deps, viewer, uri);
  await deps.db.delete(follows).where(eq(follows.id, follow.id));
  await recountFollows(deps.db, [follow.followerActorId, follow.followingActorId]);
  const [target] = await deps.db.select({ host: actors.host }).from(actors).where(eq(actors.id, follow.followingActorId)).limit(1);
  if (target?.host && follow.activityUrl) {
    await enqueueJob(deps.db, deps.queue, {
      type: 'activitypub-follow',
      payload: { action: 'unfollow', followerActorId: follow.followerActorId, followingActorId: follow.followingActorId, followActivityId: follow.activityUrl },
      maxAttempts: 5,
    });
  }
}

/** Local accounts that follow (accepted) any of these channel or account actors: the subscribers to notify. */
export async function localSubscriberAccountIds(db: Db, actorIds: number[]): Promise<number[]> {
  if (actorIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ accountId: accounts.id })
    .from(follows)
    .innerJoin(accounts, eq(accounts.actorId, follows.followerActorId))
    .innerJoin(actors, eq(actors.id, follows.followerActorId))
    .where(and(inArray(follows.followingActorId, actorIds), eq(follows.state, 'accepted'), isNull(actors.host), sql`${accounts.userId} IS NOT NULL`));
  return rows.map((r) => r.accountId);
}
