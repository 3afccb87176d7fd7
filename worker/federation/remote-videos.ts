/**
 * Remote videos: a PeerTube `Video` object (fixtures/peertube-6.3/signed/create-video-…)
 * parsed and upserted into `videos`, `video_files`, `video_streaming_playlists` and
 * `video_tags` with `isLocal = false`. Media stays on the origin: `fileUrl`,
 * `torrentUrl`, `playlistUrl` are the origin's URLs, so clients play from there.
 * Objects are only trusted from their own origin: given inline by a signer of the
 * same origin, or fetched back by id (fetchRemoteObject checks the id's origin).
 */
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import {
  accounts,
  actors,
  follows,
  videoChannels,
  videoFiles,
  videoStreamingPlaylists,
  videoTags,
  videos,
  VIDEO_PRIVACY,
  type Actor,
  type RemoteHlsFile,
} from '../db/schema';
import { VIDEO_CATEGORIES, VIDEO_LANGUAGES, VIDEO_LICENCES } from '../services/video-labels';
import { isObject, originOf, readArray, readHttpUrl, readNumber, readString, sameOrigin, type AsObject } from './as-values';
import { AS_PUBLIC } from './context';
import { RemoteFetchError } from './fetch/remote-fetch';
import { fetchSigned, InvalidRemoteActorError, resolveActor } from './remote-actors';
import type { FederationDeps } from './deps';
import { parseSubtitleLanguage, remoteCaptionWrites, type RemoteCaption } from './remote-captions';

export class InvalidRemoteVideoError extends Error {
  override name = 'InvalidRemoteVideoError';
}

export type RemoteVideoFile = RemoteHlsFile;

export type ParsedRemoteVideo = {
  url: string;
  uuid: string;
  name: string;
  duration: number;
  state: number;
  privacy: number;
  description: string | null;
  support: string | null;
  nsfw: boolean;
  commentsPolicy: number;
  downloadEnabled: boolean;
  waitTranscoding: boolean;
  category: number | null;
  licence: number | null;
  language: string | null;
  tags: string[];
  views: number;
  aspectRatio: number | null;
  publishedAt: Date;
  updatedAt: Date;
  originallyPublishedAt: Date | null;
  thumbnailUrl: string | null;
  previewUrl: string | null;
  files: RemoteVideoFile[];
  playlist: { playlistUrl: string; segmentsSha256Url: string | null; files: RemoteHlsFile[] } | null;
  accountUrl: string | null;
  channelUrl: string;
  likesUrl: string | null;
  dislikesUrl: string | null;
  captions: RemoteCaption[];
};

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** PeerTube's CONSTRAINTS_FIELDS.VIDEOS.DESCRIPTION max. */
const DESCRIPTION_MAX = 10_000;

/** `PT3S`, `PT1M5S`, `PT1H2M3S` → seconds. */
export function parseIsoDuration(value: unknown): number {
  const m = typeof value === 'string' ? /^P(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value) : null;
  if (!m) return 0;
  return Math.round(Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0));
}

function date(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t);
}

function identifier(value: unknown): string | null {
  return isObject(value) ? readString(String(value.identifier ?? ''), 20) : null;
}

function mediaType(link: AsObject) {
  return String(link.mediaType ?? link.mimeType ?? '').toLowerCase();
}

const infoHashOf = (magnet: string | null) => (magnet ? (/xt=urn:btih:([0-9a-fA-F]{40})/.exec(magnet)?.[1]?.toLowerCase() ?? null) : null);

/** The MP4s of a list of links, with the torrent and magnet links of the same height. */
function filesOf(links: AsObject[]): RemoteVideoFile[] {
  const byHeight = new Map<number, RemoteVideoFile>();
  for (const l of links) {
    if (mediaType(l) !== 'video/mp4' || readArray(l.rel).includes('metadata')) continue;
    const fileUrl = readHttpUrl(l.href);
    const height = readNumber(l.height);
    if (!fileUrl || height === null || byHeight.has(height)) continue;
    byHeight.set(height, {
      resolution: height,
      height,
      width: readNumber(l.width),
      fps: Math.round(readNumber(l.fps) ?? -1),
      size: Math.max(0, Math.round(readNumber(l.size) ?? 0)),
      fileUrl,
      torrentUrl: null,
      magnetUri: null,
      infoHash: null,
    });
  }
  for (const l of links) {
    const file = byHeight.get(readNumber(l.height) ?? -1);
    if (!file) continue;
    const type = mediaType(l);
    if (type === 'application/x-bittorrent' && !file.torrentUrl) file.torrentUrl = readHttpUrl(l.href);
    if (type === 'application/x-bittorrent;x-scheme-handler/magnet' && !file.magnetUri) {
      file.magnetUri = readString(l.href, 8192)?.startsWith('magnet:') ? String(l.href) : null;
      file.infoHash = infoHashOf(file.magnetUri);
    }
  }
  return [...byHeight.values()].sort((a, b) => b.resolution - a.resolution);
}

/** Public: `to` has Public; unlisted: only `cc` has it (PeerTube's getAudience). Anything else is not for us. */
function privacyOf(object: AsObject): number | null {
  if (readArray(object.to).includes(AS_PUBLIC)) return VIDEO_PRIVACY.PUBLIC;
  if (readArray(object.cc).includes(AS_PUBLIC)) return VIDEO_PRIVACY.UNLISTED;
  return null;
}

/**
 * Validates a PeerTube `Video` object into what we store. Throws InvalidRemoteVideoError.
 *
 * @example
 * const parsed = parseVideoObject(JSON.parse(fixture.body).object);
 */
export function parseVideoObject(object: unknown): ParsedRemoteVideo {
  if (!isObject(object) || object.type !== 'Video') throw new InvalidRemoteVideoError('not a Video object');
  const url = readHttpUrl(object.id);
  if (!url) throw new InvalidRemoteVideoError('the Video has no http(s) id');
  const uuid = readString(object.uuid, 36);
  if (!uuid || !UUID_RE.test(uuid)) throw new InvalidRemoteVideoError(`${url} has no valid uuid`);
  const name = readString(object.name, 1000);
  if (!name) throw new InvalidRemoteVideoError(`${url} has no name`);
  const privacy = privacyOf(object);
  if (privacy === null) throw new InvalidRemoteVideoError(`${url} is neither public nor unlisted`);

  const attributed = readArray(object.attributedTo).filter(isObject);
  const ref = (type: string) => readHttpUrl(attributed.find((a) => a.type === type)?.id);
  const channelUrl = ref('Group');
  if (!channelUrl) throw new InvalidRemoteVideoError(`${url} is attributed to no channel (Group)`);
  const accountUrl = ref('Person');
  // The video and who it is attributed to live on one origin, or anyone could file videos under someone else.
  if (!sameOrigin(channelUrl, url) || (accountUrl && !sameOrigin(accountUrl, url))) {
    throw new InvalidRemoteVideoError(`${url} is attributed to actors of another origin`);
  }

  const links = readArray(object.url).filter(isObject);
  const hls = links.find((l) => mediaType(l) === 'application/x-mpegurl');
  const hlsTags = hls ? readArray(hls.tag).filter(isObject) : [];
  // The playlist's renditions are its own `-fragmented.mp4` files, listed in the link's `tag`
  // (PeerTube's server/core/lib/activitypub/videos/shared/object-to-model-attributes.ts,
  // getStreamingPlaylistAttributesFromObject / getFileAttributesFromUrl on `playlistUrlObject.tag`).
  const hlsFiles = filesOf(hlsTags);
  let files = filesOf(links);
  // An instance with web videos disabled only has the HLS renditions: their fragmented MP4s play too.
  if (files.length === 0) files = hlsFiles;
  const playlistUrl = hls ? readHttpUrl(hls.href) : null;
  const sha = hlsTags.find((t) => t.name === 'sha256');

  const icons = readArray(object.icon)
    .filter(isObject)
    .map((i) => ({ url: readHttpUrl(i.url), width: readNumber(i.width) ?? 0 }))
    .filter((i) => i.url);
  icons.sort((a, b) => a.width - b.width);
  const category = Number(identifier(object.category));
  const licence = Number(identifier(object.licence));
  const language = identifier(object.language);
  const published = date(object.published) ?? new Date();
  const now = Date.now();

  return {
    url,
    uuid: uuid.toLowerCase(),
    name: name.slice(0, 120),
    privacy,
    duration: parseIsoDuration(object.duration),
    state: readNumber(object.state) ?? 1,
    description: readString(object.content, DESCRIPTION_MAX),
    support: readString(object.support, 1000),
    nsfw: object.sensitive === true,
    commentsPolicy: [1, 2, 3].includes(readNumber(object.commentsPolicy) ?? 0) ? Number(object.commentsPolicy) : object.commentsEnabled === false ? 2 : 1,
    downloadEnabled: object.downloadEnabled !== false,
    waitTranscoding: object.waitTranscoding === true,
    category: category in VIDEO_CATEGORIES ? category : null,
    licence: licence in VIDEO_LICENCES ? licence : null,
    language: language && language in VIDEO_LANGUAGES ? language : null,
    tags: [
      ...new Set(
        readArray(object.tag)
          .filter(isObject)
          .filter((t) => t.type === 'Hashtag')
          .map((t) => readString(t.name, 30)?.replace(/^#/, ''))
          .filter((t): t is string => !!t && t.length >= 2),
      ),
    ].slice(0, 5),
    views: Math.max(0, Math.round(readNumber(object.views) ?? 0)),
    aspectRatio: readNumber(object.aspectRatio),
    // A remote clock must not pin a video at the top of the lists.
    publishedAt: new Date(Math.min(published.getTime(), now)),
    updatedAt: new Date(Math.min((date(object.updated) ?? published).getTime(), now)),
    originallyPublishedAt: date(object.originallyPublishedAt),
    thumbnailUrl: icons[0]?.url ?? null,
    previewUrl: icons[icons.length - 1]?.url ?? null,
    files,
    playlist: playlistUrl ? { playlistUrl, segmentsSha256Url: readHttpUrl(sha?.href), files: hlsFiles } : null,
    accountUrl,
    channelUrl,
    likesUrl: readHttpUrl(object.likes),
    dislikesUrl: readHttpUrl(object.dislikes),
    captions: parseSubtitleLanguage(object.subtitleLanguage),
  };
}

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
  return videoId;
}

async function existingOwnerOrFail(deps: FederationDeps, channel: Actor): Promise<number> {
  const [row] = await deps.db.select({ accountId: videoChannels.accountId }).from(videoChannels).where(eq(videoChannels.actorId, channel.id)).limit(1);
  if (!row) throw new InvalidRemoteVideoError(`${channel.url}: a video without an account (Person) on a channel we do not know`);
  return row.accountId;
}

/** Fetches a Video by its id from its origin and stores it. Null when it is not a video we can take. */
export async function fetchAndUpsertRemoteVideo(deps: FederationDeps, url: string): Promise<{ videoId: number; url: string } | null> {
  try {
    const doc = await fetchSigned(deps, url);
    const parsed = parseVideoObject(doc);
    return { videoId: await upsertRemoteVideo(deps, parsed), url: parsed.url };
  } catch (err) {
    if (err instanceof RemoteFetchError || err instanceof InvalidRemoteVideoError || err instanceof InvalidRemoteActorError) {
      console.warn(`remote video ${url}: ${err.message}`);
      return null;
    }
    throw err;
  }
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
    try {
      const parsed = parseVideoObject(object);
      return { videoId: await upsertRemoteVideo(deps, parsed), url: parsed.url };
    } catch (err) {
      if (err instanceof RemoteFetchError || err instanceof InvalidRemoteVideoError || err instanceof InvalidRemoteActorError) {
        console.warn(`remote video ${object.id}: ${err.message}`);
        return null;
      }
      throw err;
    }
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

/**
 * Delete of a remote video, by an actor of its origin that owns it (its account or
 * channel). Returns whether a video was removed; files and the rest cascade.
 */
export async function deleteRemoteVideo(deps: Pick<FederationDeps, 'db'>, signer: Pick<Actor, 'id' | 'url'>, url: string): Promise<boolean> {
  if (!sameOrigin(url, signer.url)) return false;
  const [row] = await deps.db
    .select({ id: videos.id, channelActorId: videoChannels.actorId, accountActorId: accounts.actorId })
    .from(videos)
    .innerJoin(videoChannels, eq(videoChannels.id, videos.channelId))
    .innerJoin(accounts, eq(accounts.id, videoChannels.accountId))
    .where(and(eq(videos.url, url), eq(videos.isLocal, false)))
    .limit(1);
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
