/**
 * Video playlists, as PeerTube's /video-playlists (server/core/controllers/api/video-playlist.ts and
 * middlewares/validators/videos/video-playlists.ts): create, update, delete, read with PeerTube's
 * privacy rules, and the lists of an account, a channel, the instance and a search. Elements are
 * in playlist-elements.ts. Every account has one "Watch later" playlist, private.
 */
import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client';
import type { Config } from '../config';
import {
  accounts,
  actors,
  PLAYLIST_PRIVACY,
  PLAYLIST_TYPE,
  videoChannels,
  videoPlaylistElements,
  videoPlaylists,
  type Account,
  type Actor,
  type VideoChannel,
  type VideoPlaylist,
} from '../db/schema';
import { ApiError } from '../errors';
import type { Pagination } from '../http/pagination';
import { parseSort } from '../http/pagination';
import { isModerator, type Viewer } from './viewer';
import { parseVideoId } from './short-uuid';
import type { JobQueue } from '../jobs/store';
import { recordPlaylistChanged, recordPlaylistDeleted } from './playlist-events';
import { channelByHandleQuery, channelIdByHandle, foundChannel } from './channels';
import { accountByHandleQuery, accountIdByHandle, foundAccount } from './accounts';
import { idIs } from './video-queries';
import { actorOnHost, type HostFilter } from './search-filters';

/** PeerTube's SORTABLE_COLUMNS.VIDEO_PLAYLISTS. */
export const PLAYLIST_SORTS = ['name', 'displayName', 'createdAt', 'updatedAt'] as const;

export type PlaylistRow = {
  playlist: VideoPlaylist;
  account: Account;
  accountActor: Actor;
  channel: VideoChannel | null;
  channelActor: Actor | null;
  videosLength: number;
};

const accountActors = alias(actors, 'playlist_account_actor');
const channelActors = alias(actors, 'playlist_channel_actor');
const videosLength = sql<number>`(SELECT count(*) FROM ${videoPlaylistElements} WHERE ${videoPlaylistElements.playlistId} = ${videoPlaylists.id})`;

function selectPlaylists(db: Db) {
  return db
    .select({ playlist: videoPlaylists, account: accounts, accountActor: accountActors, channel: videoChannels, channelActor: channelActors, videosLength })
    .from(videoPlaylists)
    .innerJoin(accounts, eq(accounts.id, videoPlaylists.ownerAccountId))
    .innerJoin(accountActors, eq(accountActors.id, accounts.actorId))
    .leftJoin(videoChannels, eq(videoChannels.id, videoPlaylists.channelId))
    .leftJoin(channelActors, eq(channelActors.id, videoChannels.actorId));
}

const asRow = (r: Omit<PlaylistRow, 'videosLength'> & { videosLength: number | string }): PlaylistRow => ({ ...r, videosLength: Number(r.videosLength) });

export const playlistUrl = (config: Config, uuid: string) => `${config.publicUrl}/video-playlists/${uuid}`;

export type PlaylistRef = { id: number } | { uuid: string };

const refWhere = (ref: PlaylistRef) => ('id' in ref ? eq(videoPlaylists.id, ref.id) : eq(videoPlaylists.uuid, ref.uuid));

/** The playlist `ref` names, for a pipeline; {@link toPlaylistRow} reads the answer. */
export const playlistRowQuery = (db: Db, ref: PlaylistRef) => selectPlaylists(db).where(refWhere(ref)).limit(1);

/** The id of the playlist `ref` names, as a subquery: queries about it join the pipeline that reads it. */
export const playlistIdOf = (ref: PlaylistRef): SQL =>
  'id' in ref ? sql`${ref.id}` : sql`(select ${videoPlaylists.id} from ${videoPlaylists} where ${refWhere(ref)})`;

export const toPlaylistRow = (rows: Awaited<ReturnType<typeof playlistRowQuery>>): PlaylistRow | undefined => rows[0] && asRow(rows[0]);

/** A playlist by id, uuid or short uuid (already expanded by the caller), whatever its privacy. */
export async function findPlaylist(db: Db, ref: PlaylistRef): Promise<PlaylistRow | undefined> {
  return toPlaylistRow(await playlistRowQuery(db, ref));
}

/**
 * GET /video-playlists/{id}: PeerTube's videoPlaylistsGetValidator. An unlisted playlist is found by
 * its uuid only; a private one by its owner and moderators (403 for others, anonymous included).
 */
export async function getVisiblePlaylist(db: Db, ref: PlaylistRef, viewer: Viewer | undefined): Promise<PlaylistRow> {
  return assertPlaylistVisible(await findPlaylist(db, ref), ref, viewer);
}

/** The rule of {@link getVisiblePlaylist}, for a caller that read the row in its own pipeline. */
export function assertPlaylistVisible(row: PlaylistRow | undefined, ref: PlaylistRef, viewer: Viewer | undefined): PlaylistRow {
  if (!row) throw ApiError.notFound('Video playlist not found');
  if (row.playlist.privacy === PLAYLIST_PRIVACY.UNLISTED && !('uuid' in ref)) throw ApiError.notFound('Playlist not found');
  if (row.playlist.privacy === PLAYLIST_PRIVACY.PRIVATE && !(viewer && (viewer.accountId === row.account.id || isModerator(viewer)))) {
    throw ApiError.forbidden('Cannot get this private video playlist.');
  }
  return row;
}

/** PeerTube's checkUserCanManageVideoPlaylist: local, and the owner's (or a moderator's for `any`). */
export async function getManageablePlaylist(db: Db, ref: { id: number } | { uuid: string }, viewer: Viewer): Promise<PlaylistRow> {
  const row = await findPlaylist(db, ref);
  if (!row) throw ApiError.notFound('Video playlist not found');
  if (!row.playlist.isLocal) throw ApiError.forbidden('Cannot manage video playlist of another server.');
  if (row.account.id !== viewer.accountId && !isModerator(viewer)) throw ApiError.forbidden('Cannot manage video playlist of another user');
  return row;
}

/** Only a channel of the viewer's own account may hold their playlist. */
async function ownChannel(db: Db, viewer: Viewer, channelId: number): Promise<VideoChannel> {
  const [channel] = await db.select().from(videoChannels).where(eq(videoChannels.id, channelId)).limit(1);
  if (!channel) throw ApiError.notFound('Video channel not found');
  if (channel.accountId !== viewer.accountId) throw ApiError.forbidden('Cannot manage video channel of another user');
  return channel;
}

export type PlaylistInput = { displayName?: string; description?: string | null; privacy?: number; videoChannelId?: number | null };

/** POST /video-playlists. Public and unlisted playlists need a channel (PeerTube's videoPlaylistsAddValidator). */
export async function createPlaylist(
  db: Db,
  config: Config,
  queue: JobQueue,
  viewer: Viewer,
  input: PlaylistInput & { displayName: string },
  thumbnailKey?: (uuid: string) => Promise<string>,
) {
  const privacy = input.privacy ?? PLAYLIST_PRIVACY.PRIVATE;
  if (input.videoChannelId) await ownChannel(db, viewer, input.videoChannelId);
  else if (privacy === PLAYLIST_PRIVACY.PUBLIC || privacy === PLAYLIST_PRIVACY.UNLISTED) {
    throw ApiError.badRequest('Cannot set "public" or "unlisted" a playlist that is not assigned to a channel.');
  }
  const uuid = crypto.randomUUID();
  const now = new Date();
  const [created] = await db
    .insert(videoPlaylists)
    .values({
      uuid,
      name: input.displayName,
      description: input.description ?? null,
      privacy,
      type: PLAYLIST_TYPE.REGULAR,
      ownerAccountId: viewer.accountId,
      channelId: input.videoChannelId ?? null,
      url: playlistUrl(config, uuid),
      thumbnailKey: thumbnailKey ? await thumbnailKey(uuid) : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const row = await findPlaylist(db, { id: created.id });
  if (row) await recordPlaylistChanged(db, queue, row, null);
  return created;
}

/** PUT /video-playlists/{id}. Returns the playlist as it was, for the caller's federation event. */
export async function updatePlaylist(
  db: Db,
  queue: JobQueue,
  viewer: Viewer,
  row: PlaylistRow,
  input: PlaylistInput,
  thumbnailKey?: (uuid: string) => Promise<string>,
) {
  const p = row.playlist;
  const newPrivacy = input.privacy ?? p.privacy;
  if (newPrivacy === PLAYLIST_PRIVACY.PUBLIC && ((!p.channelId && !input.videoChannelId) || input.videoChannelId === null)) {
    throw ApiError.badRequest('Cannot set "public" a playlist that is not assigned to a channel.');
  }
  if (p.type === PLAYLIST_TYPE.WATCH_LATER) throw ApiError.badRequest('Cannot update a watch later playlist.');
  if (input.videoChannelId) await ownChannel(db, viewer, input.videoChannelId);
  await db
    .update(videoPlaylists)
    .set({
      ...(input.displayName !== undefined ? { name: input.displayName } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.privacy !== undefined ? { privacy: input.privacy } : {}),
      ...(input.videoChannelId !== undefined ? { channelId: input.videoChannelId } : {}),
      ...(thumbnailKey ? { thumbnailKey: await thumbnailKey(p.uuid) } : {}),
      updatedAt: new Date(),
    })
    .where(eq(videoPlaylists.id, p.id));
  const updated = await findPlaylist(db, { id: p.id });
  if (updated) await recordPlaylistChanged(db, queue, updated, p);
}

/** DELETE /video-playlists/{id}; the watch later playlist stays (PeerTube's 400). */
export async function deletePlaylist(db: Db, queue: JobQueue, row: PlaylistRow) {
  if (row.playlist.type === PLAYLIST_TYPE.WATCH_LATER) throw ApiError.badRequest('Cannot delete a watch later playlist.');
  await db.delete(videoPlaylists).where(eq(videoPlaylists.id, row.playlist.id));
  await recordPlaylistDeleted(db, queue, row);
}

/** The account's "Watch later", made when first needed (PeerTube makes it with the user). */
/** An account's Watch later list, for a pipeline. */
export const watchLaterQuery = (db: Db, accountId: number) =>
  db
    .select()
    .from(videoPlaylists)
    .where(and(eq(videoPlaylists.ownerAccountId, accountId), eq(videoPlaylists.type, PLAYLIST_TYPE.WATCH_LATER)))
    .limit(1);

export async function ensureWatchLater(db: Db, config: Config, accountId: number): Promise<VideoPlaylist> {
  const existing = await watchLaterQuery(db, accountId);
  if (existing[0]) return existing[0];
  const uuid = crypto.randomUUID();
  await db
    .insert(videoPlaylists)
    .values({
      uuid,
      name: 'Watch later',
      privacy: PLAYLIST_PRIVACY.PRIVATE,
      type: PLAYLIST_TYPE.WATCH_LATER,
      ownerAccountId: accountId,
      url: playlistUrl(config, uuid),
    })
    .onConflictDoNothing();
  return ensureWatchLater(db, config, accountId);
}

export type PlaylistListOptions = Pagination & {
  search?: string;
  playlistType?: number;
  /** An id, or a subquery that yields it (see video-queries.ts `idIs`). */
  accountId?: number | SQL;
  channelId?: number | SQL;
  /** The owner listing their own: every privacy. */
  includePrivate?: boolean;
  /** Every privacy for the playlists of this account (a viewer's), public only for others'. */
  includePrivateOf?: number;
  /** The search's filters (services/search-filters.ts): the owner's instance (null: this one), uuids. */
  host?: HostFilter;
  uuids?: string[];
};

/** GET /video-playlists, /accounts/{name}/video-playlists, /video-channels/{handle}/video-playlists, /search/video-playlists. */
export async function listPlaylists(db: Db, options: PlaylistListOptions): Promise<{ total: number; data: PlaylistRow[] }> {
  // One pipeline: the page and the count travel together (side by side they were two round trips).
  return toPlaylistList(await db.batch(playlistListQueries(db, options)));
}

/** The owner's actor, for the count, which does not join accounts. */
const ownerActorId = sql`(select ${accounts.actorId} from ${accounts} where ${accounts.id} = ${videoPlaylists.ownerAccountId})`;

/** The two statements of {@link listPlaylists}, for a caller that sends them with its own in one batch. */
export function playlistListQueries(db: Db, options: PlaylistListOptions) {
  const conds: (SQL | undefined)[] = [
    options.includePrivate
      ? undefined
      : options.includePrivateOf !== undefined
        ? or(eq(videoPlaylists.privacy, PLAYLIST_PRIVACY.PUBLIC), eq(videoPlaylists.ownerAccountId, options.includePrivateOf))
        : eq(videoPlaylists.privacy, PLAYLIST_PRIVACY.PUBLIC),
    options.playlistType !== undefined ? eq(videoPlaylists.type, options.playlistType) : undefined,
    options.accountId !== undefined ? idIs(videoPlaylists.ownerAccountId, options.accountId) : undefined,
    options.channelId !== undefined ? idIs(videoPlaylists.channelId, options.channelId) : undefined,
    options.search ? sql`instr(lower(${videoPlaylists.name}), ${options.search.toLowerCase()}) > 0` : undefined,
    options.host !== undefined ? actorOnHost(ownerActorId, options.host) : undefined,
    options.uuids ? inArray(videoPlaylists.uuid, options.uuids) : undefined,
  ];
  const where = and(...conds);
  const { field, desc: descending } = parseSort(options.sort);
  const column = field === 'createdAt' ? videoPlaylists.createdAt : field === 'updatedAt' ? videoPlaylists.updatedAt : videoPlaylists.name;
  return [
    selectPlaylists(db)
      .where(where)
      .orderBy(descending ? desc(column) : asc(column), asc(videoPlaylists.id))
      .limit(options.count)
      .offset(options.start),
    db.select({ total: count() }).from(videoPlaylists).where(where),
  ] as const;
}

export function toPlaylistList([rows, [{ total }]]: readonly [Awaited<ReturnType<typeof selectPlaylists>>, { total: number }[]]) {
  return { total, data: rows.map(asRow) };
}

/** `:playlistId` as PeerTube's isValidPlaylistIdParam: an id, a uuid or a short uuid (the rules of a video id). */
export function playlistRef(value: string): { id: number } | { uuid: string } | null {
  const ref = parseVideoId(value);
  if (!ref) return null;
  return ref.kind === 'id' ? { id: ref.id } : { uuid: ref.uuid };
}

/** PeerTube's CONSTRAINTS_FIELDS.VIDEO_PLAYLISTS.IMAGE: a JPEG of at most 4 MB. */
const PLAYLIST_IMAGE_MAX = 4 * 1024 * 1024;

/** Stores a local playlist's custom thumbnail in R2; returns its key. */
export async function storePlaylistThumbnail(bucket: R2Bucket, uuid: string, file: File): Promise<string> {
  if (!/\.(jpe?g)$/i.test(file.name) || file.size > PLAYLIST_IMAGE_MAX) {
    throw ApiError.invalidParams({
      thumbnailfile: {
        type: 'field',
        value: file.name,
        msg: 'This thumbnail file is not supported or too large. Please, make sure it is of the following type: .jpg, .jpeg',
        path: 'thumbnailfile',
        location: 'body',
      },
    });
  }
  const key = `playlists/${uuid}/thumbnail.jpg`;
  await bucket.put(key, await file.arrayBuffer(), { httpMetadata: { contentType: 'image/jpeg' } });
  return key;
}

/**
 * GET /accounts/{name}/video-playlists: the account's lookup and its page in one pipeline (404 for
 * an unknown account). Its owner (`viewerAccountId`) sees every privacy, a moderator too; the
 * pipeline also says whether the viewer has their Watch later list, which their own local listing
 * creates first, as PeerTube does (then, once, the page is read again).
 */
export async function listAccountPlaylists(
  db: Db,
  config: Config,
  handle: string,
  options: Omit<PlaylistListOptions, 'accountId' | 'includePrivate' | 'includePrivateOf'>,
  viewer?: { accountId: number; moderator: boolean },
) {
  const accountId = accountIdByHandle(config, handle);
  const listOptions = { ...options, accountId, includePrivate: viewer?.moderator, includePrivateOf: viewer?.accountId };
  const watchLater = watchLaterQuery(db, viewer?.accountId ?? -1);
  const [account, hasWatchLater, ...list] = await db.batch([accountByHandleQuery(db, config, handle), watchLater, ...playlistListQueries(db, listOptions)]);
  const found = foundAccount(account);
  const own = viewer?.accountId === found.account.id;
  if (own && found.actor.host === null && hasWatchLater.length === 0) {
    await ensureWatchLater(db, config, found.account.id);
    return { ...(await listPlaylists(db, listOptions)), account: found };
  }
  return { ...toPlaylistList(list), account: found };
}

/** GET /video-channels/{handle}/video-playlists: the channel's lookup and its page in one pipeline; 404 for an unknown channel. */
export async function listChannelPlaylists(db: Db, config: Config, handle: string, options: Omit<PlaylistListOptions, 'channelId'>) {
  const [channel, ...list] = await db.batch([
    channelByHandleQuery(db, config, handle),
    ...playlistListQueries(db, { ...options, channelId: channelIdByHandle(config, handle) }),
  ]);
  return { ...toPlaylistList(list), channel: foundChannel(channel) };
}
