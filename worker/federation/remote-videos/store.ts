/**
 * Storing remote videos: a ParsedRemoteVideo (`parse.ts`) upserted into `videos`,
 * `video_files`, `video_streaming_playlists` and `video_tags` with `isLocal = false`,
 * with its channel and account. Media stays on the origin, so clients play from there.
 * Objects are only trusted from their own origin: given inline by a signer of the
 * same origin, or fetched back by id (fetchRemoteObject checks the id's origin).
 */
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { accounts, actors, follows, videoChannels, videoFiles, videoStreamingPlaylists, videoTags, videos, type Actor } from '../../db/schema';
import { isObject, originOf, readArray, readNumber, readString, sameOrigin } from '../as-values';
import { RemoteFetchError } from '../fetch/remote-fetch';
import { fetchSigned, InvalidRemoteActorError, resolveActor } from '../remote-actors';
import type { FederationDeps } from '../deps';
import { InvalidRemoteVideoError, parseVideoObject, type ParsedRemoteVideo } from './parse';
import { remoteCaptionWrites } from './captions';
import { storeRemoteChapters } from './chapters';

/** The account row of a remote Person (resolveActor makes it when it stores the actor). */
async function accountIdOf(deps: FederationDeps, actor: Actor): Promise<number> {
  const [row] = await deps.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.actorId, actor.id)).limit(1);
  if (row) return row.id;
  const [made] = await deps.db
    .insert(accounts)
    .values({ actorId: actor.id, name: actor.preferredUsername, displayName: actor.preferredUsername })
    .onConflictDoUpdate({ target: accounts.actorId, set: { updatedAt: new Date() } })
    .returning({ id: accounts.id });
  return made.id;
}

/** The channel row of a remote Group, owned by the video's account. */
async function channelIdOf(deps: FederationDeps, channel: Actor, accountId: number): Promise<number> {
  const [row] = await deps.db
    .select({ id: videoChannels.id, accountId: videoChannels.accountId })
    .from(videoChannels)
    .where(eq(videoChannels.actorId, channel.id))
    .limit(1);
  if (row) {
    if (row.accountId !== accountId) await deps.db.update(videoChannels).set({ accountId, updatedAt: new Date() }).where(eq(videoChannels.id, row.id));
    return row.id;
  }
  // The display name is not kept on `actors`: read it from the Group once, when the channel is first seen.
  let displayName = channel.preferredUsername;
  let description: string | null = null;
  try {
    const doc = await fetchSigned(deps, channel.url);
    displayName = readString(doc.name, 120) ?? displayName;
    description = readString(doc.summary, 1000);
  } catch {
    /* the name is enough */
  }
  const [made] = await deps.db
    .insert(videoChannels)
    .values({ actorId: channel.id, accountId, name: channel.preferredUsername, displayName, description })
    .onConflictDoUpdate({ target: videoChannels.actorId, set: { accountId, updatedAt: new Date() } })
    .returning({ id: videoChannels.id });
  return made.id;
}

/** PeerTube gives likes and dislikes as collections; their `totalItems` are the counts. Best effort. */
async function countOf(deps: FederationDeps, url: string | null, origin: string | null): Promise<number | undefined> {
  if (!url || originOf(url) !== origin) return undefined;
  try {
    const doc = await fetchSigned(deps, url);
    const n = readNumber(doc.totalItems);
    return n === null ? undefined : Math.max(0, Math.round(n));
  } catch {
    return undefined;
  }
}

/**
 * Stores (or refreshes) a remote video and its channel and account. Returns the video id.
 * Throws InvalidRemoteVideoError, and RemoteFetchError / InvalidRemoteActorError for its actors.
 */
export async function upsertRemoteVideo(deps: FederationDeps, parsed: ParsedRemoteVideo): Promise<number> {
  const origin = originOf(parsed.url);
  if (sameOrigin(parsed.url, deps.config.publicUrl)) throw new InvalidRemoteVideoError(`${parsed.url} is one of ours`);
  const channelActor = await resolveActor(deps, parsed.channelUrl);
  if (channelActor.type !== 'Group' || channelActor.host === null) throw new InvalidRemoteVideoError(`${parsed.channelUrl} is not a remote channel`);
  const accountActor = parsed.accountUrl ? await resolveActor(deps, parsed.accountUrl) : null;
  if (accountActor && accountActor.host === null) throw new InvalidRemoteVideoError(`${parsed.accountUrl} is a local actor`);
  const accountId = accountActor ? await accountIdOf(deps, accountActor) : await existingOwnerOrFail(deps, channelActor);
  const channelId = await channelIdOf(deps, channelActor, accountId);
  const [likes, dislikes] = await Promise.all([countOf(deps, parsed.likesUrl, origin), countOf(deps, parsed.dislikesUrl, origin)]);

  const now = new Date();
  const values = {
    uuid: parsed.uuid,
    name: parsed.name,
    channelId,
    privacy: parsed.privacy,
    category: parsed.category,
    licence: parsed.licence,
    language: parsed.language,
    description: parsed.description,
    support: parsed.support,
    nsfw: parsed.nsfw,
    commentsPolicy: parsed.commentsPolicy,
    downloadEnabled: parsed.downloadEnabled,
    waitTranscoding: parsed.waitTranscoding,
    state: parsed.state,
    duration: parsed.duration,
    aspectRatio: parsed.aspectRatio,
    views: parsed.views,
    ...(likes !== undefined ? { likes } : {}),
    ...(dislikes !== undefined ? { dislikes } : {}),
    isLocal: false,
    url: parsed.url,
    thumbnailUrl: parsed.thumbnailUrl,
    previewUrl: parsed.previewUrl,
    publishedAt: parsed.publishedAt,
    originallyPublishedAt: parsed.originallyPublishedAt,
    updatedAt: parsed.updatedAt,
    // Whoever brought this copy (an activity, a crawl, a refresh), it is the origin's current one.
    fetchedAt: now,
  };
  const [existing] = await deps.db
    .select({ id: videos.id, isLocal: videos.isLocal, uuid: videos.uuid })
    .from(videos)
    .where(or(eq(videos.url, parsed.url), eq(videos.uuid, parsed.uuid)))
    .limit(2);
  let videoId: number;
  if (existing) {
    // A uuid taken by another video (local, or elsewhere) is never overwritten.
    const [byUrl] = await deps.db.select({ id: videos.id, isLocal: videos.isLocal }).from(videos).where(eq(videos.url, parsed.url)).limit(1);
    if (!byUrl || byUrl.isLocal) throw new InvalidRemoteVideoError(`uuid ${parsed.uuid} is already taken`);
    const { uuid: _uuid, ...set } = values;
    await deps.db.update(videos).set(set).where(eq(videos.id, byUrl.id));
    videoId = byUrl.id;
  } else {
    const [row] = await deps.db
      .insert(videos)
      .values({ ...values, createdAt: now })
      .returning({ id: videos.id });
    videoId = row.id;
  }

  await deps.db.batch([
    deps.db.delete(videoFiles).where(eq(videoFiles.videoId, videoId)),
    deps.db.delete(videoTags).where(eq(videoTags.videoId, videoId)),
    deps.db.delete(videoStreamingPlaylists).where(eq(videoStreamingPlaylists.videoId, videoId)),
    ...(parsed.files.length ? [deps.db.insert(videoFiles).values(parsed.files.map((f) => ({ ...f, videoId, createdAt: now, updatedAt: now })))] : []),
    ...(parsed.tags.length ? [deps.db.insert(videoTags).values(parsed.tags.map((name) => ({ videoId, name })))] : []),
    ...(parsed.playlist
      ? [deps.db.insert(videoStreamingPlaylists).values({ videoId, ...parsed.playlist, complete: true, createdAt: now, updatedAt: now })]
      : []),
    ...(await remoteCaptionWrites(deps.db, videoId, parsed.captions, now)),
  ]);
  await storeRemoteChapters(deps, videoId, parsed.chaptersUrl);
  return videoId;
}

async function existingOwnerOrFail(deps: FederationDeps, channel: Actor): Promise<number> {
  const [row] = await deps.db.select({ accountId: videoChannels.accountId }).from(videoChannels).where(eq(videoChannels.actorId, channel.id)).limit(1);
  if (!row) throw new InvalidRemoteVideoError(`${channel.url}: a video without an account (Person) on a channel we do not know`);
  return row.accountId;
}

/** Parses and stores what `load` gives. Null (and a warning) when the video or its actors cannot be taken. */
async function takeRemoteVideo(deps: FederationDeps, label: string, load: () => Promise<unknown> | unknown): Promise<{ videoId: number; url: string } | null> {
  try {
    const parsed = parseVideoObject(await load());
    return { videoId: await upsertRemoteVideo(deps, parsed), url: parsed.url };
  } catch (err) {
    if (err instanceof RemoteFetchError || err instanceof InvalidRemoteVideoError || err instanceof InvalidRemoteActorError) {
      console.warn(`remote video ${label}: ${err.message}`);
      return null;
    }
    throw err;
  }
}

/** Fetches a Video by its id from its origin and stores it. Null when it is not a video we can take. */
export async function fetchAndUpsertRemoteVideo(deps: FederationDeps, url: string): Promise<{ videoId: number; url: string } | null> {
  return takeRemoteVideo(deps, url, () => fetchSigned(deps, url));
}

/**
 * Stores a Video that came with an activity: taken as sent when its id is on the
 * signer's origin, otherwise fetched back from its own origin.
 */
export async function indexVideoFromActivity(
  deps: FederationDeps,
  signer: Pick<Actor, 'url'>,
  object: unknown,
): Promise<{ videoId: number; url: string } | null> {
  if (isObject(object) && typeof object.id === 'string' && sameOrigin(object.id, signer.url)) {
    return takeRemoteVideo(deps, object.id, () => object);
  }
  const id = typeof object === 'string' ? object : isObject(object) && typeof object.id === 'string' ? object.id : null;
  return id && /^https?:\/\//.test(id) ? fetchAndUpsertRemoteVideo(deps, id) : null;
}

/** Whether the video at `url` is already indexed (a remote one). */
export async function findRemoteVideoId(deps: Pick<FederationDeps, 'db'>, url: string): Promise<number | null> {
  const [row] = await deps.db
    .select({ id: videos.id })
    .from(videos)
    .where(and(eq(videos.url, url), eq(videos.isLocal, false)))
    .limit(1);
  return row?.id ?? null;
}

/**
 * Whether one of our actors follows (accepted) any of `actorUrls`, or the instance
 * actor of `host` (an instance follow covers every video of that instance).
 */
export async function isFollowedLocally(deps: Pick<FederationDeps, 'db'>, actorUrls: string[], host: string | null): Promise<boolean> {
  const targets = or(
    actorUrls.length ? inArray(actors.url, actorUrls) : undefined,
    host ? and(eq(actors.host, host), eq(actors.type, 'Application')) : undefined,
  );
  if (!targets) return false;
  const followers = deps.db.select({ id: actors.id }).from(actors).where(isNull(actors.host));
  const [row] = await deps.db
    .select({ id: follows.id })
    .from(follows)
    .innerJoin(actors, eq(actors.id, follows.followingActorId))
    .where(and(eq(follows.state, 'accepted'), inArray(follows.followerActorId, followers), targets))
    .limit(1);
  return !!row;
}

/** An indexed remote video with the actors that own it (its channel's and its account's). */
export async function findRemoteVideoOwners(
  deps: Pick<FederationDeps, 'db'>,
  url: string,
): Promise<{ id: number; channelActorId: number; accountActorId: number } | undefined> {
  const [row] = await deps.db
    .select({ id: videos.id, channelActorId: videoChannels.actorId, accountActorId: accounts.actorId })
    .from(videos)
    .innerJoin(videoChannels, eq(videoChannels.id, videos.channelId))
    .innerJoin(accounts, eq(accounts.id, videoChannels.accountId))
    .where(and(eq(videos.url, url), eq(videos.isLocal, false)))
    .limit(1);
  return row;
}

/**
 * Delete of a remote video, by an actor of its origin that owns it (its account or
 * channel). Returns whether a video was removed; files and the rest cascade.
 */
export async function deleteRemoteVideo(deps: Pick<FederationDeps, 'db'>, signer: Pick<Actor, 'id' | 'url'>, url: string): Promise<boolean> {
  if (!sameOrigin(url, signer.url)) return false;
  const row = await findRemoteVideoOwners(deps, url);
  if (!row || (row.channelActorId !== signer.id && row.accountActorId !== signer.id)) return false;
  await removeRemoteVideo(deps, row.id);
  return true;
}

/** Removes our copy of a remote video, once its origin said it is gone (a Delete, or a 404/410/Tombstone on refresh). */
export async function removeRemoteVideo(deps: Pick<FederationDeps, 'db'>, videoId: number): Promise<void> {
  await deps.db.delete(videos).where(and(eq(videos.id, videoId), eq(videos.isLocal, false)));
}

/**
 * A remote channel (Group) with its row in `video_channels`, owned by the Person
 * its `attributedTo` names (PeerTube's Group carries it). Returns the Group actor.
 */
export async function ensureRemoteChannel(deps: FederationDeps, groupUrl: string): Promise<Actor> {
  const group = await resolveActor(deps, groupUrl);
  if (group.type !== 'Group' || group.host === null) throw new InvalidRemoteVideoError(`${groupUrl} is not a remote channel`);
  const [known] = await deps.db.select({ id: videoChannels.id }).from(videoChannels).where(eq(videoChannels.actorId, group.id)).limit(1);
  if (known) return group;
  const doc = await fetchSigned(deps, group.url);
  const owner = readArray(doc.attributedTo)
    .map((a) => (typeof a === 'string' ? a : isObject(a) && a.type === 'Person' ? a.id : null))
    .find((u): u is string => typeof u === 'string');
  if (!owner || !sameOrigin(owner, group.url)) throw new InvalidRemoteVideoError(`${groupUrl} names no owner on its origin`);
  const person = await resolveActor(deps, owner);
  await channelIdOf(deps, group, await accountIdOf(deps, person));
  return group;
}
