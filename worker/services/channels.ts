import { and, asc, count, desc, eq, inArray, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { accounts, actors, videoChannels, videos, type Account, type Actor, type VideoChannel } from '../db/schema';
import { ApiError } from '../errors';
import { parseSort, type Pagination } from '../http/pagination';
import type { ChannelWithOwner } from '../serializers/channel';
import { actorIdByUrl, buildLocalActor, handleWhere, insertLocalActorQuery, isConstraintViolation, isLocalActorNameTaken } from './actors';
import { isModerator, type Viewer } from './viewer';
import { idIs } from './video-queries';
import { removeLocalActors, type RemovalDeps } from './actor-removal';

/** PeerTube's CONFIG.VIDEO_CHANNELS.MAX_PER_USER default. */
export const MAX_CHANNELS_PER_USER = 20;

/** PeerTube's SORTABLE_COLUMNS.VIDEO_CHANNELS. */
export const CHANNEL_SORTS = ['id', 'name', 'createdAt', 'updatedAt'] as const;

const ownerActors = alias(actors, 'owner_actors');

export function selectChannels(db: Db) {
  return db
    .select({ channel: videoChannels, actor: actors, account: accounts, ownerActor: ownerActors })
    .from(videoChannels)
    .innerJoin(actors, eq(actors.id, videoChannels.actorId))
    .innerJoin(accounts, eq(accounts.id, videoChannels.accountId))
    .innerJoin(ownerActors, eq(ownerActors.id, accounts.actorId));
}

export type ChannelRow = { channel: VideoChannel; actor: Actor; account: Account; ownerActor: Actor };

export const toChannel = (r: ChannelRow): ChannelWithOwner => ({ channel: r.channel, actor: r.actor, owner: { account: r.account, actor: r.ownerActor } });

function orderBy(sort: string): SQL {
  const { field, desc: descending } = parseSort(sort);
  const column =
    field === 'name'
      ? videoChannels.name
      : field === 'createdAt'
        ? videoChannels.createdAt
        : field === 'updatedAt'
          ? videoChannels.updatedAt
          : videoChannels.id;
  return descending ? desc(column) : asc(column);
}

/** GET /video-channels and GET /accounts/{name}/video-channels: a page of channels and their total, in one pipeline. */
export async function listChannels(db: Db, options: Parameters<typeof channelListQueries>[1]) {
  const [rows, totals] = await db.batch(channelListQueries(db, options));
  return toChannelList(rows, totals);
}

export const toChannelList = (rows: ChannelRow[], [{ total }]: { total: number }[]) => ({ total, data: rows.map(toChannel) });

/** The two queries of {@link listChannels}, for a caller that batches them with its own. */
export function channelListQueries(db: Db, options: Pagination & { search?: string; accountId?: number | SQL; where?: SQL[] }) {
  const filters: SQL[] = [...(options.where ?? [])];
  if (options.accountId !== undefined) filters.push(idIs(videoChannels.accountId, options.accountId));
  if (options.search) {
    const needle = options.search.toLowerCase();
    // instr() rather than LIKE, so `%` and `_` in a search are plain characters.
    filters.push(or(sql`instr(lower(${videoChannels.name}), ${needle}) > 0`, sql`instr(lower(${videoChannels.displayName}), ${needle}) > 0`)!);
  }
  const where = filters.length ? and(...filters) : undefined;
  return [
    selectChannels(db).where(where).orderBy(orderBy(options.sort), asc(videoChannels.id)).limit(options.count).offset(options.start),
    db.select({ total: count() }).from(videoChannels).where(where),
  ] as const;
}

/**
 * The channels of the accounts a subquery yields, oldest first (a user's default channel comes first:
 * peertube-cli uses `videoChannels[0]`), as one statement of a pipeline (see users.ts `listUsers`).
 */
export function channelsOfAccountsQuery(db: Db, accountIds: SQLWrapper) {
  return channelsWhere(db, inArray(videoChannels.accountId, accountIds));
}

/** The channels of one user's account, as one statement of a pipeline (see users.ts `getUserView`). */
export function channelsOfUserQuery(db: Db, userId: number) {
  return channelsWhere(db, inArray(videoChannels.accountId, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.userId, userId))));
}

function channelsWhere(db: Db, where: SQL) {
  return db
    .select({ channel: videoChannels, actor: actors })
    .from(videoChannels)
    .innerJoin(actors, eq(actors.id, videoChannels.actorId))
    .where(where)
    .orderBy(asc(videoChannels.id));
}

/** GET /video-channels/{handle}: `name`, or `name@host` for a remote channel. */
export async function getChannelByHandle(db: Db, config: Config, handle: string): Promise<ChannelWithOwner> {
  return foundChannel(await channelByHandleQuery(db, config, handle));
}

/** The channel a handle names, for a pipeline; `foundChannel` reads the answer. */
export function channelByHandleQuery(db: Db, config: Config, handle: string) {
  return selectChannels(db).where(handleWhere(config, handle)).limit(1);
}

/** The id of the channel a handle names, as a subquery (see video-queries.ts `idIs`): queries about it join its pipeline. */
export function channelIdByHandle(config: Config, handle: string): SQL {
  return sql`select ${videoChannels.id} from ${videoChannels} inner join ${actors} on ${actors.id} = ${videoChannels.actorId} where ${handleWhere(config, handle)}`;
}

export function foundChannel([row]: ChannelRow[]): ChannelWithOwner {
  if (!row) throw ApiError.notFound('Video channel not found');
  return toChannel(row);
}

export async function getChannelById(db: Db, id: number): Promise<ChannelWithOwner | undefined> {
  const [row] = await channelByIdQuery(db, id);
  return row && toChannel(row);
}

/** The channel of an id, for a pipeline. */
export function channelByIdQuery(db: Db, id: number) {
  return selectChannels(db).where(eq(videoChannels.id, id)).limit(1);
}

/**
 * Only the owner, or a user with MANAGE_ANY_VIDEO_CHANNEL (moderators and admins), manages a
 * channel; and only a local one (PeerTube's ensureCanManageChannelOrAccount,
 * server/core/middlewares/validators/users/users.ts).
 */
export function assertCanManage(found: ChannelWithOwner, viewer: Viewer) {
  if (found.actor.host !== null) throw ApiError.forbidden('Cannot manage a remote video channel.');
  if (found.channel.accountId !== viewer.accountId && !isModerator(viewer)) {
    throw ApiError.forbidden('Cannot manage a video channel of another user.');
  }
}

export type ChannelInput = { name: string; displayName: string; description?: string | null; support?: string | null };

/** POST /video-channels: a new Group actor with its keys, owned by the viewer's account. */
export async function createChannel(db: Db, config: Config, viewer: Viewer, input: ChannelInput): Promise<{ id: number }> {
  if (await isLocalActorNameTaken(db, input.name)) throw nameTaken();
  const [{ owned }] = await db.select({ owned: count() }).from(videoChannels).where(eq(videoChannels.accountId, viewer.accountId));
  if (owned >= MAX_CHANNELS_PER_USER) throw ApiError.badRequest(`You cannot create more than ${MAX_CHANNELS_PER_USER} channels`);

  const now = new Date();
  const actor = await buildLocalActor(config, { type: 'Group', preferredUsername: input.name }, now);
  try {
    const [, inserted] = await db.batch([
      insertLocalActorQuery(db, actor),
      db
        .insert(videoChannels)
        .values({
          actorId: actorIdByUrl(actor.url),
          accountId: viewer.accountId,
          name: input.name,
          displayName: input.displayName,
          description: input.description ?? null,
          support: input.support ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: videoChannels.id }),
    ]);
    return inserted[0];
  } catch (err) {
    // Another request took the name between the check and the write.
    if (isConstraintViolation(err)) throw nameTaken();
    throw err;
  }
}

function nameTaken() {
  return ApiError.conflict('Another actor (account/channel) with this name on this instance already exists or has already existed.');
}

export type ChannelUpdate = { displayName?: string; description?: string | null; support?: string | null; bulkVideosSupportUpdate?: boolean };

/** PUT /video-channels/{handle}. */
export async function updateChannel(db: Db, config: Config, viewer: Viewer, handle: string, patch: ChannelUpdate): Promise<void> {
  const found = await getChannelByHandle(db, config, handle);
  assertCanManage(found, viewer);
  const now = new Date();
  const set: Partial<typeof videoChannels.$inferInsert> = { updatedAt: now };
  if (patch.displayName !== undefined) set.displayName = patch.displayName;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.support !== undefined) set.support = patch.support;
  const id = found.channel.id;
  const channelUpdate = db.update(videoChannels).set(set).where(eq(videoChannels.id, id));
  const actorUpdate = db.update(actors).set({ updatedAt: now }).where(eq(actors.id, found.actor.id));
  if (patch.bulkVideosSupportUpdate && patch.support !== undefined) {
    // PeerTube's bulkVideosSupportUpdate: the new support text goes to every video of the channel too.
    await db.batch([channelUpdate, actorUpdate, db.update(videos).set({ support: patch.support, updatedAt: now }).where(eq(videos.channelId, id))]);
  } else {
    await db.batch([channelUpdate, actorUpdate]);
  }
}

/**
 * DELETE /video-channels/{handle}. A user keeps at least one channel (409, as PeerTube).
 * Removing the channel removes its videos through the foreign keys; its actor's follows end, its
 * followers are told, and its videos' media and its images leave R2 (services/actor-removal.ts).
 */
export async function deleteChannel(deps: RemovalDeps, config: Config, viewer: Viewer, handle: string): Promise<void> {
  const { db } = deps;
  const found = await getChannelByHandle(db, config, handle);
  assertCanManage(found, viewer);
  const [{ owned }] = await db.select({ owned: count() }).from(videoChannels).where(eq(videoChannels.accountId, found.channel.accountId));
  if (owned <= 1) throw ApiError.conflict('Cannot remove the last channel of this user');
  await removeLocalActors(deps, [{ actorId: found.actor.id }], [db.delete(videoChannels).where(eq(videoChannels.id, found.channel.id))]);
}
