import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { actors, type Actor, type NewActor } from '../db/schema';
import { encryptPrivateKey, generateActorKeyPair } from '../federation/signatures/keys';

export type LocalActorType = 'Person' | 'Group' | 'Application';

/**
 * PeerTube's rule for account and channel names (isUserUsernameValid): lower-case
 * letters, digits and `_`, with `.` and `-` allowed inside, 1 to 50 characters.
 */
export const ACTOR_NAME_RE = /^[a-z0-9_]+([a-z0-9_.-]+[a-z0-9_]+)?$/;
export const ACTOR_NAME_MAX = 50;

export function isValidActorName(name: string) {
  return name.length >= 1 && name.length <= ACTOR_NAME_MAX && ACTOR_NAME_RE.test(name);
}

/** The URLs of a local actor: accounts (and the instance actor) live under /accounts, channels under /video-channels. */
export function localActorUrls(config: Config, type: LocalActorType, preferredUsername: string) {
  const url = `${config.publicUrl}/${type === 'Group' ? 'video-channels' : 'accounts'}/${preferredUsername}`;
  return {
    url,
    inboxUrl: `${url}/inbox`,
    sharedInboxUrl: `${config.publicUrl}/inbox`,
    outboxUrl: `${url}/outbox`,
    followersUrl: `${url}/followers`,
    followingUrl: `${url}/following`,
  };
}

/**
 * Everything a new local actor row needs, keys included. Key generation is
 * slow (RSA-2048), so callers build actors before they open a write.
 * Fails loudly without KEY_ENCRYPTION_SECRET: an actor whose private key
 * cannot be sealed could never sign, and would federate half-broken.
 */
export async function buildLocalActor(config: Config, input: { type: LocalActorType; preferredUsername: string }, now = new Date()): Promise<NewActor> {
  if (!config.keyEncryptionSecret) {
    throw new Error('KEY_ENCRYPTION_SECRET is not configured: local actors cannot be created without it');
  }
  const { publicKeyPem, privateKeyPem } = await generateActorKeyPair();
  return {
    type: input.type,
    preferredUsername: input.preferredUsername,
    host: null,
    ...localActorUrls(config, input.type, input.preferredUsername),
    publicKeyPem,
    privateKeyEnc: await encryptPrivateKey(privateKeyPem, config.keyEncryptionSecret),
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * An insert of a local actor that inserts nothing when any local actor
 * (account, channel or the instance actor) already has that name: PeerTube
 * forbids a channel named like an account. The unique index on
 * (preferred_username, host) cannot say this, as SQLite treats NULL hosts as distinct.
 * Statements that follow in the same batch and look the actor up by URL then
 * fail on their NOT NULL constraint, which rolls the whole batch back.
 */
export function insertLocalActorQuery(db: Db, a: NewActor) {
  const at = (a.createdAt ?? new Date()).getTime();
  const updated = (a.updatedAt ?? a.createdAt ?? new Date()).getTime();
  return db.run(sql`
    INSERT INTO ${actors} (type, preferred_username, host, url, inbox_url, shared_inbox_url, outbox_url, followers_url,
      following_url, public_key_pem, private_key_enc, followers_count, following_count, created_at, updated_at)
    SELECT ${a.type}, ${a.preferredUsername}, NULL, ${a.url}, ${a.inboxUrl}, ${a.sharedInboxUrl ?? null}, ${a.outboxUrl ?? null},
      ${a.followersUrl ?? null}, ${a.followingUrl ?? null}, ${a.publicKeyPem ?? null}, ${a.privateKeyEnc ?? null}, 0, 0, ${at}, ${updated}
    WHERE NOT EXISTS (SELECT 1 FROM ${actors} WHERE host IS NULL AND preferred_username = ${a.preferredUsername})`);
}

/** A subquery giving the id of the actor at `url`, for rows inserted in the same batch as the actor. */
export function actorIdByUrl(url: string) {
  return sql<number>`(SELECT id FROM ${actors} WHERE url = ${url})`;
}

/** Whether a local account, channel or the instance actor already uses `name`. */
export async function isLocalActorNameTaken(db: Db, name: string): Promise<boolean> {
  const rows = await db
    .select({ id: actors.id })
    .from(actors)
    .where(and(isNull(actors.host), eq(actors.preferredUsername, name)))
    .limit(1);
  return rows.length > 0;
}

export async function findLocalActor(db: Db, type: LocalActorType, preferredUsername: string): Promise<Actor | undefined> {
  const [row] = await db
    .select()
    .from(actors)
    .where(and(isNull(actors.host), eq(actors.type, type), eq(actors.preferredUsername, preferredUsername)))
    .limit(1);
  return row;
}

/**
 * Creates one local actor (with its key pair) on its own, for example the
 * instance's `Application` actor. Returns undefined when the name is taken.
 */
export async function createLocalActor(db: Db, config: Config, input: { type: LocalActorType; preferredUsername: string }): Promise<Actor | undefined> {
  const values = await buildLocalActor(config, input);
  await insertLocalActorQuery(db, values);
  const [row] = await db.select().from(actors).where(eq(actors.url, values.url)).limit(1);
  return row && row.publicKeyPem === values.publicKeyPem ? row : undefined;
}

/**
 * Splits an account or channel handle, `name` or `name@host`, as PeerTube
 * accepts them in URLs. A host equal to ours means a local actor (host null).
 */
export function parseHandle(handle: string, config: Config): { name: string; host: string | null } {
  const at = handle.lastIndexOf('@');
  const name = (at === -1 ? handle : handle.slice(0, at)).replace(/^@/, '');
  const host = at <= 0 ? null : handle.slice(at + 1).toLowerCase();
  return { name, host: host && host !== config.host.toLowerCase() ? host : null };
}

/** The actor a handle names (see `parseHandle`), as a condition on `actors`. */
export function handleWhere(config: Config, handle: string) {
  const { name, host } = parseHandle(handle, config);
  return and(eq(actors.preferredUsername, name), host === null ? isNull(actors.host) : eq(actors.host, host));
}

/** Whether a database error is a uniqueness or NOT NULL violation (a lost race, answered as a conflict). */
export function isConstraintViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const text = `${(e as { code?: string }).code ?? ''} ${(e as Error).message ?? ''}`;
    if (/SQLITE_CONSTRAINT|UNIQUE constraint failed|NOT NULL constraint failed/.test(text)) return true;
  }
  return false;
}
