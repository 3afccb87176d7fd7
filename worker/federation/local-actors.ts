/**
 * Reading our own actors (accounts, channels and the instance actor) for the
 * federation routes. Local actors are the rows of `actors` whose `host` is null.
 */
import { and, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { isolateMemo } from '../services/isolate-memo';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { accounts, actors, videoChannels, type Account, type Actor, type VideoChannel } from '../db/schema';
import { INSTANCE_ACTOR_NAME } from '../services/accounts';

export { INSTANCE_ACTOR_NAME };

export type LocalActorKind = 'account' | 'channel';

export type LocalActor = {
  actor: Actor;
  account?: Account;
  channel?: VideoChannel;
  /** For a channel: the URL of the owner account's actor. */
  ownerUrl?: string;
};

const KIND_TYPES: Record<LocalActorKind, Actor['type'][]> = {
  account: ['Person', 'Application'],
  channel: ['Group'],
};

const ownerAccount = alias(accounts, 'owner_account');
const ownerActor = alias(actors, 'owner_actor');

/** A local actor with its account, or its channel and the owner's URL, in one query. */
async function selectLocalActor(db: Db, where: SQL): Promise<LocalActor | null> {
  const [row] = await db
    .select({ actor: actors, account: accounts, channel: videoChannels, ownerUrl: ownerActor.url })
    .from(actors)
    .leftJoin(accounts, eq(accounts.actorId, actors.id))
    .leftJoin(videoChannels, eq(videoChannels.actorId, actors.id))
    .leftJoin(ownerAccount, eq(ownerAccount.id, videoChannels.accountId))
    .leftJoin(ownerActor, eq(ownerActor.id, ownerAccount.actorId))
    .where(and(where, isNull(actors.host)))
    .limit(1);
  if (!row) return null;
  // A removed account or channel keeps its actor row (services/actor-removal.ts): it is no actor of ours any more.
  if (row.actor.type === 'Person' && !row.account) return null;
  if (row.actor.type === 'Group' && !row.channel) return null;
  if (row.actor.type !== 'Group') return { actor: row.actor, account: row.account ?? undefined };
  return { actor: row.actor, channel: row.channel ?? undefined, ownerUrl: row.ownerUrl ?? undefined };
}

/** Finds a local account (Person, or the Application instance actor) or channel (Group) by its name. */
export async function findLocalActorByName(db: Db, kind: LocalActorKind, name: string): Promise<LocalActor | null> {
  return selectLocalActor(db, and(eq(actors.preferredUsername, name), inArray(actors.type, KIND_TYPES[kind]))!);
}

/** Actors' public data, for reads (WebFinger, actor documents): a few seconds in the isolate. */
const readMemo = isolateMemo<LocalActor | null>(5_000);

/**
 * {@link findLocalActorByName} for read routes, memoised (services/isolate-memo.ts). Writes use the
 * unmemoised one: they must see the row as it is. An unknown name is not kept.
 */
export function readLocalActorByName(db: Db, kind: LocalActorKind, name: string): Promise<LocalActor | null> {
  return readMemo.get(`${kind} ${name}`, () => findLocalActorByName(db, kind, name));
}

/** Finds a local actor by its row id (the outbox's events name actors by id). */
export async function findLocalActorById(db: Db, id: number): Promise<LocalActor | null> {
  return selectLocalActor(db, eq(actors.id, id));
}

/** Finds a local actor by its URL (its ActivityPub id). */
export async function findLocalActorByUrl(db: Db, url: string): Promise<LocalActor | null> {
  return selectLocalActor(db, eq(actors.url, url));
}

/** The instance actor, which signs our fetches and answers instance follows. */
export async function findInstanceActor(db: Db): Promise<Actor | null> {
  const found = await findLocalActorByName(db, 'account', INSTANCE_ACTOR_NAME);
  return found?.actor.type === 'Application' ? found.actor : null;
}

/**
 * Parses the URL of one of our actors (`/accounts/x`, `/a/x`, `/video-channels/x`, `/c/x`)
 * into its kind and name. Null for anything else, including other origins.
 */
export function parseLocalActorUrl(config: Config, value: string): { kind: LocalActorKind; name: string } | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.origin !== new URL(config.publicUrl).origin) return null;
  const m = /^\/(accounts|a|video-channels|c)\/([^/]+)\/?$/.exec(url.pathname);
  if (!m) return null;
  const kind: LocalActorKind = m[1] === 'accounts' || m[1] === 'a' ? 'account' : 'channel';
  return { kind, name: decodeURIComponent(m[2]) };
}
