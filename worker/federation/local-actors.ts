/**
 * Reading our own actors (accounts, channels and the instance actor) for the
 * federation routes. Local actors are the rows of `actors` whose `host` is null.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
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

/** Finds a local account (Person, or the Application instance actor) or channel (Group) by its name. */
export async function findLocalActorByName(db: Db, kind: LocalActorKind, name: string): Promise<LocalActor | null> {
  const [actor] = await db
    .select()
    .from(actors)
    .where(and(eq(actors.preferredUsername, name), isNull(actors.host), inArray(actors.type, KIND_TYPES[kind])))
    .limit(1);
  if (!actor) return null;
  return withOwner(db, actor, kind);
}

/** Finds a local actor by its URL (its ActivityPub id). */
export async function findLocalActorByUrl(db: Db, url: string): Promise<LocalActor | null> {
  const [actor] = await db.select().from(actors).where(and(eq(actors.url, url), isNull(actors.host))).limit(1);
  if (!actor) return null;
  return withOwner(db, actor, actor.type === 'Group' ? 'channel' : 'account');
}

async function withOwner(db: Db, actor: Actor, kind: LocalActorKind): Promise<LocalActor> {
  if (kind === 'account') {
    const [account] = await db.select().from(accounts).where(eq(accounts.actorId, actor.id)).limit(1);
    return { actor, account };
  }
  const [row] = await db
    .select({ channel: videoChannels, ownerUrl: actors.url })
    .from(videoChannels)
    .innerJoin(accounts, eq(accounts.id, videoChannels.accountId))
    .innerJoin(actors, eq(actors.id, accounts.actorId))
    .where(eq(videoChannels.actorId, actor.id))
    .limit(1);
  return { actor, channel: row?.channel, ownerUrl: row?.ownerUrl };
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
