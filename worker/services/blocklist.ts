/**
 * Server and account blocks (PeerTube's blocklist). `owner` null is the instance's own list
 * (/server/blocklist, admins and moderators); an account id is that user's list
 * (/users/me/blocklist). A host on the instance's list is refused everywhere: the inbox,
 * remote fetches, deliveries and video lists all ask `isHostBlocked`.
 */
import { and, asc, desc, eq, isNull, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { accountBlocks, accounts, actors, serverBlocks, videoChannels } from '../db/schema';
import { ApiError } from '../errors';
import type { Pagination, ResultList } from '../http/pagination';
import type { AccountWithActor } from '../serializers/account';
import { getAccountByHandle, INSTANCE_ACTOR_NAME } from './accounts';
import { isConstraintViolation } from './actors';

/** Whose list: null for the instance's, otherwise an account id. */
export type BlocklistOwner = number | null;

export const BLOCKLIST_SORTS = ['createdAt'] as const;

/** A host as PeerTube validates it: a domain or IP, optionally with a port. */
const HOST_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$/;

export function normalizeHost(host: string): string | null {
  const h = host.trim().toLowerCase();
  return HOST_RE.test(h) ? h : null;
}

// A per-database-client memo: the client is created per request (conventions.md §5), so this
// lives exactly as long as one request or job, and an inbox POST asks only once per host.
const memo = new WeakMap<object, Map<string, Promise<boolean>>>();

/**
 * Whether the instance blocks `host` (a bare host, with its port if any). The one check
 * every chokepoint uses.
 *
 * @example if (await isHostBlocked(db, new URL(inbox).host)) return;
 */
export function isHostBlocked(db: Db, host: string): Promise<boolean> {
  const key = host.toLowerCase();
  let hosts = memo.get(db);
  if (!hosts) memo.set(db, (hosts = new Map()));
  let hit = hosts.get(key);
  if (!hit) {
    hit = db
      .select({ id: serverBlocks.id })
      .from(serverBlocks)
      .where(and(isNull(serverBlocks.accountId), eq(serverBlocks.host, key)))
      .limit(1)
      .then((rows) => rows.length > 0);
    hosts.set(key, hit);
  }
  return hit;
}

/** `isHostBlocked` for the host of a URL; a URL that does not parse counts as blocked. */
export async function isUrlHostBlocked(db: Db, url: string): Promise<boolean> {
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    return true;
  }
  return isHostBlocked(db, host);
}

function forgetMemo(db: Db) {
  memo.delete(db);
}

const ownerIs = (column: typeof serverBlocks.accountId | typeof accountBlocks.accountId, owner: BlocklistOwner) =>
  owner === null ? isNull(column) : eq(column, owner);

/**
 * The condition of a video list that hides videos of blocked owners: the channel's or the
 * account's actor on a blocked host, or the account itself blocked; by the instance, and by
 * `viewerAccountId` when a user is logged in. Refers to `video_channels` and `accounts` of the
 * outer query.
 */
export function notBlockedVideoOwner(viewerAccountId: number | undefined): SQL {
  const byOwner = (column: SQL) => (viewerAccountId === undefined ? sql`${column} is null` : sql`(${column} is null or ${column} = ${viewerAccountId})`);
  return sql`not exists (select 1 from ${serverBlocks} inner join ${actors} on ${actors.host} = ${serverBlocks.host}
      where ${actors.id} in (${videoChannels.actorId}, ${accounts.actorId}) and ${byOwner(sql`${serverBlocks.accountId}`)})
    and not exists (select 1 from ${accountBlocks}
      where ${accountBlocks.targetAccountId} = ${accounts.id} and ${byOwner(sql`${accountBlocks.accountId}`)})`;
}

type ListQuery = Pagination & { search?: string };

const order = (sort: string, column: typeof serverBlocks.createdAt | typeof accountBlocks.createdAt) => (sort.startsWith('-') ? desc(column) : asc(column));

/** Who a list belongs to (its blocks' `byAccount`): the instance's account, or the user's; for a pipeline. */
function listOwnerQuery(db: Db, owner: BlocklistOwner) {
  return db
    .select({ account: accounts, actor: actors })
    .from(accounts)
    .innerJoin(actors, eq(actors.id, accounts.actorId))
    .where(owner === null ? and(eq(actors.type, 'Application'), isNull(actors.host), eq(accounts.name, INSTANCE_ACTOR_NAME)) : eq(accounts.id, owner))
    .limit(1);
}

/** A page of blocked servers, its total and the list's owner, for one pipeline; {@link toBlockList} reads the answers. */
export function serverBlocksQueries(db: Db, owner: BlocklistOwner, query: ListQuery) {
  const where = and(ownerIs(serverBlocks.accountId, owner), query.search ? contains(serverBlocks.host, query.search) : undefined);
  return [
    listOwnerQuery(db, owner),
    db
      .select({ host: serverBlocks.host, createdAt: serverBlocks.createdAt })
      .from(serverBlocks)
      .where(where)
      .orderBy(order(query.sort, serverBlocks.createdAt), desc(serverBlocks.id))
      .limit(query.count)
      .offset(query.start),
    db
      .select({ total: sql<number>`count(*)` })
      .from(serverBlocks)
      .where(where),
  ] as const;
}

export const toBlockList = <T>([by, data, [{ total }]]: readonly [AccountWithActor[], T[], { total: number }[]]) => ({ by: by[0], total: Number(total), data });

/** GET …/blocklist/servers: one round trip. */
export async function listServerBlocks(db: Db, owner: BlocklistOwner, query: ListQuery) {
  return toBlockList(await db.batch(serverBlocksQueries(db, owner, query)));
}

export async function blockServer(db: Db, config: Config, owner: BlocklistOwner, rawHost: string): Promise<void> {
  const host = normalizeHost(rawHost);
  if (!host) throw ApiError.badRequest('Invalid host.');
  if (host === config.host.toLowerCase()) throw ApiError.conflict('You cannot block your own server.');
  try {
    await db.insert(serverBlocks).values({ accountId: owner, host });
  } catch (err) {
    if (isConstraintViolation(err)) throw ApiError.conflict(`Server ${host} is already blocked.`);
    throw err;
  }
  forgetMemo(db);
}

export async function unblockServer(db: Db, owner: BlocklistOwner, rawHost: string): Promise<void> {
  const host = rawHost.trim().toLowerCase();
  const deleted = await db
    .delete(serverBlocks)
    .where(and(ownerIs(serverBlocks.accountId, owner), eq(serverBlocks.host, host)))
    .returning({ id: serverBlocks.id });
  if (deleted.length === 0) throw ApiError.notFound(`Server block of ${host} not found.`);
  forgetMemo(db);
}

export type AccountBlockRow = { blocked: AccountWithActor; createdAt: Date };

/** A page of blocked accounts, its total and the list's owner, for one pipeline; {@link toAccountBlocks} reads the answers. */
export function accountBlocksQueries(db: Db, owner: BlocklistOwner, query: ListQuery) {
  const where = and(
    ownerIs(accountBlocks.accountId, owner),
    query.search ? or(contains(accounts.name, query.search), contains(actors.host, query.search)) : undefined,
  );
  return [
    listOwnerQuery(db, owner),
    db
      .select({ account: accounts, actor: actors, createdAt: accountBlocks.createdAt })
      .from(accountBlocks)
      .innerJoin(accounts, eq(accounts.id, accountBlocks.targetAccountId))
      .innerJoin(actors, eq(actors.id, accounts.actorId))
      .where(where)
      .orderBy(order(query.sort, accountBlocks.createdAt), desc(accountBlocks.id))
      .limit(query.count)
      .offset(query.start),
    db
      .select({ total: sql<number>`count(*)` })
      .from(accountBlocks)
      .innerJoin(accounts, eq(accounts.id, accountBlocks.targetAccountId))
      .innerJoin(actors, eq(actors.id, accounts.actorId))
      .where(where),
  ] as const;
}

export function toAccountBlocks(answers: readonly [AccountWithActor[], Array<AccountWithActor & { createdAt: Date }>, { total: number }[]]) {
  const list = toBlockList(answers);
  return { ...list, data: list.data.map((r) => ({ blocked: { account: r.account, actor: r.actor }, createdAt: r.createdAt })) };
}

/** GET …/blocklist/accounts: one round trip. */
export async function listAccountBlocks(db: Db, owner: BlocklistOwner, query: ListQuery) {
  return toAccountBlocks(await db.batch(accountBlocksQueries(db, owner, query)));
}

/** Blocks `accountName` (`name` or `name@host`); it must be known here, as PeerTube requires. */
export async function blockAccount(db: Db, config: Config, owner: BlocklistOwner, accountName: string): Promise<void> {
  const target = await getAccountByHandle(db, config, accountName);
  if (owner !== null && target.account.id === owner) throw ApiError.conflict('You cannot block yourself.');
  if (target.actor.host === null && target.account.name === INSTANCE_ACTOR_NAME && target.account.userId === null) {
    throw ApiError.conflict('You cannot block the instance account.');
  }
  try {
    await db.insert(accountBlocks).values({ accountId: owner, targetAccountId: target.account.id });
  } catch (err) {
    if (isConstraintViolation(err)) throw ApiError.conflict(`Account ${accountName} is already blocked.`);
    throw err;
  }
}

export async function unblockAccount(db: Db, config: Config, owner: BlocklistOwner, accountName: string): Promise<void> {
  const target = await getAccountByHandle(db, config, accountName);
  const deleted = await db
    .delete(accountBlocks)
    .where(and(ownerIs(accountBlocks.accountId, owner), eq(accountBlocks.targetAccountId, target.account.id)))
    .returning({ id: accountBlocks.id });
  if (deleted.length === 0) throw ApiError.notFound(`Account block of ${accountName} not found.`);
}

/** The account PeerTube shows as `byAccount` of the instance's blocks: its instance actor's. */
function contains(column: AnyColumn, search: string): SQL {
  const q = `%${search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return sql`${column} like ${q} escape '\\'`;
}
