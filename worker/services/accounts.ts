import { asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { accounts, actors } from '../db/schema';
import { ApiError } from '../errors';
import type { AccountWithActor } from '../serializers/account';
import type { Pagination, ResultList } from '../http/pagination';
import { actorIdByUrl, buildLocalActor, findLocalActor, handleWhere, insertLocalActorQuery } from './actors';

/** The instance actor's name, as in PeerTube (served at /accounts/peertube). */
export const INSTANCE_ACTOR_NAME = 'peertube';

/**
 * Creates the instance's `Application` actor and its account, when missing.
 * PeerTube gives it an account too, so /api/v1/accounts/peertube answers and
 * the name can never be taken by a user.
 */
export async function ensureInstanceActor(db: Db, config: Config): Promise<{ created: boolean }> {
  if (await findLocalActor(db, 'Application', INSTANCE_ACTOR_NAME)) return { created: false };
  const now = new Date();
  const actor = await buildLocalActor(config, { type: 'Application', preferredUsername: INSTANCE_ACTOR_NAME }, now);
  try {
    await db.batch([
      insertLocalActorQuery(db, actor),
      db
        .insert(accounts)
        .values({ actorId: actorIdByUrl(actor.url), name: INSTANCE_ACTOR_NAME, displayName: INSTANCE_ACTOR_NAME, createdAt: now, updatedAt: now }),
    ]);
  } catch (err) {
    // A concurrent bootstrap made it first.
    if (await findLocalActor(db, 'Application', INSTANCE_ACTOR_NAME)) return { created: false };
    throw err;
  }
  return { created: true };
}

/** An account and its Person (or the instance's Application) actor, by account id. */
export async function loadAccount(db: Db, accountId: number): Promise<AccountWithActor | undefined> {
  const [row] = await accountByIdQuery(db, accountId);
  return row;
}

/** The account of an id, for a pipeline. */
export function accountByIdQuery(db: Db, accountId: number) {
  return db
    .select({ account: accounts, actor: actors })
    .from(accounts)
    .innerJoin(actors, eq(actors.id, accounts.actorId))
    .where(eq(accounts.id, accountId))
    .limit(1);
}

/** The account of a local user. */
export async function loadUserAccount(db: Db, userId: number): Promise<AccountWithActor | undefined> {
  const [row] = await db
    .select({ account: accounts, actor: actors })
    .from(accounts)
    .innerJoin(actors, eq(actors.id, accounts.actorId))
    .where(eq(accounts.userId, userId))
    .limit(1);
  return row;
}

/**
 * GET /accounts/{name}: `name` for a local account, `name@host` for a remote
 * one (our own host counts as local). Unknown accounts are a 404.
 */
export async function getAccountByHandle(db: Db, config: Config, handle: string): Promise<AccountWithActor> {
  return foundAccount(await accountByHandleQuery(db, config, handle));
}

/** The account a handle names, for a pipeline; `foundAccount` reads the answer. */
export function accountByHandleQuery(db: Db, config: Config, handle: string) {
  return db
    .select({ account: accounts, actor: actors })
    .from(accounts)
    .innerJoin(actors, eq(actors.id, accounts.actorId))
    .where(handleWhere(config, handle))
    .limit(1);
}

/** The id of the account a handle names, as a subquery (see video-queries.ts `idIs`): queries about it join its pipeline. */
export function accountIdByHandle(config: Config, handle: string): SQL {
  return sql`select ${accounts.id} from ${accounts} inner join ${actors} on ${actors.id} = ${accounts.actorId} where ${handleWhere(config, handle)}`;
}

export function foundAccount([row]: AccountWithActor[]): AccountWithActor {
  if (!row) throw ApiError.notFound('Account not found');
  return row;
}

/** PeerTube's SORTABLE_COLUMNS.ACCOUNTS. */
export const ACCOUNT_SORTS = ['createdAt'] as const;

/**
 * GET /accounts: every account, local and remote, the instance's own included, as PeerTube's
 * AccountModel.listForApi. The page and the count go in one batch.
 */
export async function listAccounts(db: Db, page: Pagination): Promise<ResultList<AccountWithActor>> {
  const order = page.sort.startsWith('-') ? [desc(accounts.createdAt), desc(accounts.id)] : [asc(accounts.createdAt), asc(accounts.id)];
  const [data, [{ total }]] = await db.batch([
    db
      .select({ account: accounts, actor: actors })
      .from(accounts)
      .innerJoin(actors, eq(actors.id, accounts.actorId))
      .orderBy(...order)
      .limit(page.count)
      .offset(page.start),
    db.select({ total: sql<number>`count(*)` }).from(accounts),
  ]);
  return { total: Number(total), data };
}
