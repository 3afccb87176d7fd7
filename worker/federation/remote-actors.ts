/**
 * Remote actors: fetched with a signed GET by the instance actor, validated,
 * and cached in `actors` (with `fetchedAt`) so signature checks do not refetch
 * on every request. Also gives the key resolvers of the inbox's signature check.
 */
import { eq } from 'drizzle-orm';
import { accounts, actors, videoChannels, type Actor, type NewActor } from '../db/schema';
import { readHttpUrl, readString } from './as-values';
import { fetchRemoteObject, RemoteFetchError, type RemoteObject } from './fetch/remote-fetch';
import { isHostBlocked } from '../services/blocklist';
import { isOutdated } from '../services/remote-refresh';
import { findInstanceActor } from './local-actors';
import { localActorSigner } from './local-signer';
import type { KeyResolvers, ResolvedKey } from './signatures';
import type { FederationDeps } from './deps';

/** Longer names, summaries and keys are dropped. */
const ACTOR_FIELD_MAX = 2048;
const ACTOR_TYPES = ['Person', 'Group', 'Application', 'Service', 'Organization'] as const;

export class InvalidRemoteActorError extends Error {
  override name = 'InvalidRemoteActorError';
}

/** Fetches any remote ActivityPub object, signed by the instance actor when it has a key. */
export async function fetchSigned(deps: FederationDeps, url: string): Promise<RemoteObject> {
  const instance = await findInstanceActor(deps.db);
  const signer = instance?.privateKeyEnc ? await localActorSigner(deps.config, instance).catch(() => undefined) : undefined;
  return fetchRemoteObject(url, {
    allowLoopback: deps.config.allowLoopbackFederation,
    signer,
    userAgent: `edgetube (+${deps.config.publicUrl})`,
    fetchImpl: deps.fetchImpl,
    isHostBlocked: (host) => isHostBlocked(deps.db, host),
  });
}

/**
 * Returns the actor at `url`: a local one from the database, a remote one from
 * the cache while fresh, otherwise fetched and stored. `refresh` skips the cache.
 * Throws RemoteFetchError or InvalidRemoteActorError.
 */
export async function resolveActor(deps: FederationDeps, url: string, options: { refresh?: boolean } = {}): Promise<Actor> {
  const [cached] = await deps.db.select().from(actors).where(eq(actors.url, url)).limit(1);
  if (cached && cached.host === null) return cached;
  // Past PeerTube's ACTOR_REFRESH_INTERVAL the cached copy is refetched (PeerTube's refreshActorIfNeeded).
  if (cached && !options.refresh && !isOutdated('actor', { url, fetchedAt: cached.fetchedAt, isLocal: false })) return cached;
  const doc = await fetchSigned(deps, url);
  return storeRemoteActor(deps, parseRemoteActor(doc, url));
}

/** Validates a fetched actor document. Its id must be the URL we asked for (an actor cannot claim another). */
export function parseRemoteActor(doc: RemoteObject, requestedUrl: string): NewActor & { name: string; summary: string | null } {
  const type = doc.type as (typeof ACTOR_TYPES)[number];
  if (!ACTOR_TYPES.includes(type)) throw new InvalidRemoteActorError(`${requestedUrl} is a ${String(doc.type)}, not an actor`);
  if (doc.id !== requestedUrl) throw new InvalidRemoteActorError(`${requestedUrl} is served with id ${doc.id}`);
  const str = (v: unknown) => readString(v, ACTOR_FIELD_MAX);
  const preferredUsername = str(doc.preferredUsername);
  const inbox = readHttpUrl(doc.inbox);
  if (!preferredUsername || !inbox) throw new InvalidRemoteActorError(`${requestedUrl} has no preferredUsername or inbox`);
  const key = doc.publicKey as { id?: unknown; owner?: unknown; publicKeyPem?: unknown } | undefined;
  // A key listed by an actor is only its own if it says so.
  const publicKeyPem = key && (key.owner === undefined || key.owner === doc.id) ? (str(key.publicKeyPem) ?? null) : null;
  const endpoints = doc.endpoints as { sharedInbox?: unknown } | undefined;
  return {
    type,
    preferredUsername,
    host: new URL(doc.id).host.toLowerCase(),
    url: doc.id,
    inboxUrl: inbox,
    sharedInboxUrl: readHttpUrl(endpoints?.sharedInbox) ?? null,
    outboxUrl: readHttpUrl(doc.outbox) ?? null,
    followersUrl: readHttpUrl(doc.followers) ?? null,
    followingUrl: readHttpUrl(doc.following) ?? null,
    publicKeyPem,
    avatarUrl: pickIconUrl(doc.icon),
    name: str(doc.name) ?? preferredUsername,
    summary: str(doc.summary) ?? null,
  };
}

/** Pages show avatars at 48 to 120 px: of several sizes, the smallest one at least that wide. */
const ICON_WIDTH = 120;

/**
 * The URL of the actor's icon to keep. PeerTube sends each size it made (1500, 600, 120 and 48 px,
 * ACTOR_IMAGES_SIZE), Mastodon one `Image`: the smallest at least {@link ICON_WIDTH} wide, else the
 * widest, else the first.
 */
export function pickIconUrl(icon: unknown): string | null {
  const images = (Array.isArray(icon) ? icon : [icon])
    .map((i) => ({ url: readHttpUrl((i as { url?: unknown } | undefined)?.url), width: Number((i as { width?: unknown } | undefined)?.width) }))
    .filter((i): i is { url: string; width: number } => !!i.url);
  const sized = images.filter((i) => Number.isFinite(i.width) && i.width > 0).sort((a, b) => a.width - b.width);
  return (sized.find((i) => i.width >= ICON_WIDTH) ?? sized.at(-1) ?? images[0])?.url ?? null;
}

async function storeRemoteActor(deps: FederationDeps, parsed: ReturnType<typeof parseRemoteActor>): Promise<Actor> {
  const { name, summary, ...values } = parsed;
  const now = new Date();
  const set = {
    type: values.type,
    preferredUsername: values.preferredUsername,
    inboxUrl: values.inboxUrl,
    sharedInboxUrl: values.sharedInboxUrl,
    outboxUrl: values.outboxUrl,
    followersUrl: values.followersUrl,
    followingUrl: values.followingUrl,
    publicKeyPem: values.publicKeyPem,
    avatarUrl: values.avatarUrl,
    fetchedAt: now,
    updatedAt: now,
  };
  let row: Actor | undefined;
  try {
    [row] = await deps.db
      .insert(actors)
      .values({ ...values, fetchedAt: now, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: actors.url, set })
      .returning();
  } catch (err) {
    // Another actor of that host already has this name: an actor that moved, or a host reusing names.
    throw new InvalidRemoteActorError(`cannot store ${values.url}: ${(err as Error).message}`);
  }
  if (row.type === 'Person' || row.type === 'Application' || row.type === 'Service') {
    // Remote people get an account, so their comments and rates have an owner.
    await deps.db
      .insert(accounts)
      .values({ actorId: row.id, name: row.preferredUsername, displayName: name, description: summary })
      .onConflictDoUpdate({ target: accounts.actorId, set: { displayName: name, description: summary, updatedAt: now } });
  } else if (row.type === 'Group') {
    // A channel row is made with its video (remote-videos/store.ts); a refetched Group renames it.
    await deps.db
      .update(videoChannels)
      .set({ displayName: name.slice(0, 120), description: summary?.slice(0, 1000) ?? null, updatedAt: now })
      .where(eq(videoChannels.actorId, row.id));
  }
  return row;
}

/** The actor URL of a keyId: PeerTube sends the bare actor URL, Mastodon `<actor>#main-key`. */
export function keyIdToActorUrl(keyId: string): string {
  const hash = keyId.indexOf('#');
  return hash === -1 ? keyId : keyId.slice(0, hash);
}

/**
 * Key resolvers for `verifyRequest`: the cached actor first; on a failed check,
 * one refetch (the key may have rotated). A fetch failure is "no key" (401), never a 5xx.
 */
export function actorKeyResolvers(deps: FederationDeps): KeyResolvers {
  const resolve =
    (refresh: boolean) =>
    async (keyId: string): Promise<ResolvedKey | null> => {
      const url = keyIdToActorUrl(keyId);
      try {
        const actor = await resolveActor(deps, url, { refresh });
        return actor.publicKeyPem ? { publicKeyPem: actor.publicKeyPem, owner: actor.url } : null;
      } catch (err) {
        if (!(err instanceof RemoteFetchError) && !(err instanceof InvalidRemoteActorError)) throw err;
        console.warn(`cannot resolve key ${keyId}: ${err.message}`);
        return null;
      }
    };
  return { resolveKey: resolve(false), refetchKey: resolve(true) };
}
