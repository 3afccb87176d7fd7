import { and, asc, desc, eq, exists, getTableColumns, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { AnyColumn } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
  accounts,
  actors,
  follows,
  uploads,
  videoChannels,
  videoFiles,
  videoStreamingPlaylists,
  videoTags,
  videos,
  videoBlacklist,
  videoCaptions,
  userVideoHistory,
  VIDEO_PRIVACY,
  VIDEO_STATE,
  type Account,
  type VideoBlacklistEntry,
  type VideoCaption,
  type Actor,
  type Video,
  type VideoChannel,
  type VideoFile,
  type VideoStreamingPlaylist,
} from '../db/schema';
import { ApiError } from '../errors';
import type { Pagination, ResultList } from '../http/pagination';
import { isAdmin, type NsfwPolicy, type Viewer } from './viewer';
import type { VideoIdRef } from './short-uuid';
import { notBlockedVideoOwner } from './blocklist';
import { sortColumn } from './video-sort';
import { actorOnHost, type HostFilter } from './search-filters';

/** A video with what every serialization of it needs: its channel, the owning account, both actors. */
export type VideoRow = {
  video: Video;
  channel: VideoChannel;
  channelActor: Actor;
  account: Account;
  accountActor: Actor;
  /** The video's blacklist entry, if a moderator blocked it. */
  blacklist: VideoBlacklistEntry | null;
  /** Where the signed-in viewer stopped in it (seconds), when the query was asked for their history. */
  historyTime?: number | null;
};

/** What VideoDetails adds. */
/** `original`: the uploaded file, while it waits for its renditions (see serializeVideoDetails). */
/** A rendition as lists and details show it: everything but its ffprobe metadata (served on its own route). */
export type ListedVideoFile = Omit<VideoFile, 'metadata'>;
export type VideoExtras = {
  tags: string[];
  files: ListedVideoFile[];
  playlist: VideoStreamingPlaylist | null;
  original: { size: number; contentType: string } | null;
  /** Its captions, by language: the Video object lists them (subtitleLanguage). */
  captions: VideoCaption[];
};

const channelActor = alias(actors, 'channel_actor');
const accountActor = alias(actors, 'account_actor');

/**
 * Video rows; with `historyOf` (a signed-in viewer's user id) each carries where that user stopped
 * in it (PeerTube's userHistory), read in the same statement.
 */
export function selectVideoRows(db: Db, historyOf?: number) {
  const historyTime = historyOf
    ? sql<
        number | null
      >`(select ${userVideoHistory.currentTime} from ${userVideoHistory} where ${userVideoHistory.userId} = ${historyOf} and ${userVideoHistory.videoId} = ${videos.id})`
    : sql<number | null>`null`;
  return db
    .select({ video: videos, channel: videoChannels, channelActor, account: accounts, accountActor, blacklist: videoBlacklist, historyTime })
    .from(videos)
    .innerJoin(videoChannels, eq(videoChannels.id, videos.channelId))
    .innerJoin(channelActor, eq(channelActor.id, videoChannels.actorId))
    .innerJoin(accounts, eq(accounts.id, videoChannels.accountId))
    .innerJoin(accountActor, eq(accountActor.id, accounts.actorId))
    .leftJoin(videoBlacklist, eq(videoBlacklist.videoId, videos.id));
}

const refWhere = (ref: VideoIdRef) => (ref.kind === 'id' ? eq(videos.id, ref.id) : eq(videos.uuid, ref.uuid));

/** The video `ref` names, for a pipeline (with where `historyOf`, a user id, stopped in it). */
export function videoRowQuery(db: Db, ref: VideoIdRef, historyOf?: number) {
  return selectVideoRows(db, historyOf).where(refWhere(ref)).limit(1);
}

/** The ids a query about a video needs, as SQL: values, or subqueries on its uuid. */
export type VideoRefIds = { videoId: SQL | number; ownerAccountId: SQL };

/**
 * What queries about the video `ref` names need, without its row: they can travel in the pipeline
 * that reads the row, so nothing waits for its answer (one round trip per read, issue 9).
 */
export function videoRefIds(ref: VideoIdRef): VideoRefIds {
  const videoId = ref.kind === 'id' ? sql`${ref.id}` : sql`(select ${videos.id} from ${videos} where ${videos.uuid} = ${ref.uuid})`;
  const ownerAccountId = sql`(select ${videoChannels.accountId} from ${videoChannels} where ${videoChannels.id} = (select ${videos.channelId} from ${videos} where ${refWhere(ref)}))`;
  return { videoId, ownerAccountId };
}

export async function findVideoRow(db: Db, ref: VideoIdRef): Promise<VideoRow | undefined> {
  const [row] = await videoRowQuery(db, ref);
  return row;
}

/**
 * A video and what its details need, in one round trip (one pipeline): the extras select by the
 * video's id, or by a subquery on its uuid, so nothing waits for the first answer.
 */
export async function findVideoWithExtras(db: Db, ref: VideoIdRef, historyOf?: number): Promise<{ row: VideoRow; extras: VideoExtras } | undefined> {
  const [rows, ...extras] = await db.batch(videoDetailQueries(db, ref, historyOf));
  const row = rows[0];
  return row ? { row, extras: toExtras(extras) } : undefined;
}

/** The video and its extras, for a pipeline that reads more (the watch page); `toExtras` reads the answers. */
export function videoDetailQueries(db: Db, ref: VideoIdRef, historyOf?: number) {
  return [videoRowQuery(db, ref, historyOf), ...extrasQueries(db, videoRefIds(ref).videoId)] as const;
}

/** The video a subquery on its id names, for a pipeline. */
export function videoRowQueryOf(db: Db, videoId: SQL) {
  return selectVideoRows(db)
    .where(sql`${videos.id} = (${videoId})`)
    .limit(1);
}

/** The same for a video named by a subquery on its id (a playlist's element, pages/playlist-page.ts). */
export function videoDetailQueriesOf(db: Db, videoId: SQL) {
  return [videoRowQueryOf(db, videoId), ...extrasQueries(db, sql`(${videoId})`)] as const;
}

export { assertCanView, canManage, canView, canViewRow, isOwner } from './video-access';

export const { metadata: _metadata, ...LISTED_FILE_COLUMNS } = getTableColumns(videoFiles);

/** Tags, renditions, the streaming playlist, the pending original and the captions, for one pipeline. */
function extrasQueries(db: Db, videoId: SQL | number) {
  return [
    db.select({ name: videoTags.name }).from(videoTags).where(eq(videoTags.videoId, videoId)).orderBy(asc(videoTags.name)),
    db.select(LISTED_FILE_COLUMNS).from(videoFiles).where(eq(videoFiles.videoId, videoId)).orderBy(desc(videoFiles.resolution)),
    db.select().from(videoStreamingPlaylists).where(eq(videoStreamingPlaylists.videoId, videoId)).limit(1),
    pendingOriginalQuery(db, videoId),
    db.select().from(videoCaptions).where(eq(videoCaptions.videoId, videoId)).orderBy(asc(videoCaptions.language)),
  ] as const;
}

type ExtrasResults = readonly [
  { name: string }[],
  ListedVideoFile[],
  VideoStreamingPlaylist[],
  Awaited<ReturnType<typeof pendingOriginalQuery>>,
  VideoCaption[],
];

export function toExtras([tags, files, playlists, originals, captions]: ExtrasResults): VideoExtras {
  // The original matters only while no rendition exists (see serializeVideoDetails).
  return { tags: tags.map((t) => t.name), files, playlist: playlists[0] ?? null, original: files.length === 0 ? (originals[0] ?? null) : null, captions };
}

export async function loadVideoExtras(db: Db, videoId: number): Promise<VideoExtras> {
  return toExtras(await db.batch(extrasQueries(db, videoId)));
}

function pendingOriginalQuery(db: Db, videoId: SQL | number) {
  return db
    .select({ size: uploads.size, contentType: uploads.contentType, key: uploads.objectKey })
    .from(uploads)
    .where(and(eq(uploads.videoId, videoId), eq(uploads.received, uploads.size)))
    .orderBy(desc(uploads.createdAt))
    .limit(1);
}

/** The completed upload of a video that has no rendition yet. */
export async function findPendingOriginal(db: Db, videoId: number) {
  const [row] = await pendingOriginalQuery(db, videoId);
  return row ?? null;
}

export const VIDEO_SORTS = ['name', 'duration', 'createdAt', 'publishedAt', 'originallyPublishedAt', 'views', 'likes', 'trending', 'hot', 'best'] as const;

export type VideoFilters = {
  categoryOneOf?: number[];
  licenceOneOf?: number[];
  languageOneOf?: string[];
  tagsOneOf?: string[];
  tagsAllOf?: string[];
  /** 'both' lists everything; undefined lets the viewer's policy decide. */
  nsfw?: 'true' | 'false' | 'both';
  isLocal?: boolean;
  privacyOneOf?: number[];
  search?: string;
  /** The search's own filters (PeerTube's videosSearchValidator): publication and original dates, duration. */
  startDate?: Date;
  endDate?: Date;
  originallyPublishedStartDate?: Date;
  originallyPublishedEndDate?: Date;
  durationMin?: number;
  durationMax?: number;
  /** The search's `host` and `uuids` (services/search-filters.ts): the owner's instance (null: this one), and uuids. */
  host?: HostFilter;
  uuids?: string[];
  /** Only videos in this user's watch history (services/history.ts). */
  historyOf?: number;
};

/** Which videos a list may show. */
export type ListScope =
  /** GET /videos and the account/channel lists: public and playable only. */
  | { kind: 'public'; accountId?: number | SQL; channelId?: number | SQL; followerActorId?: number | SQL }
  /** GET /users/me/videos: everything the user owns, whatever its privacy or state. */
  | { kind: 'owner'; userId: number };

/**
 * A video is listed when it is published, or when its owner chose not to wait for transcoding
 * and the first renditions are playable (a streaming playlist row exists: ADR 0006).
 */
function listedState(): SQL {
  return or(
    eq(videos.state, VIDEO_STATE.PUBLISHED),
    and(
      eq(videos.waitTranscoding, false),
      eq(videos.state, VIDEO_STATE.TO_TRANSCODE),
      sql`exists (select 1 from ${videoStreamingPlaylists} where ${videoStreamingPlaylists.videoId} = ${videos.id})`,
    ),
  )!;
}

/** A page of videos and their total (db, viewer, scope, filters, page, the viewer's NSFW policy: see videoListQueries). */
export async function listVideos(...args: Parameters<typeof videoListQueries>): Promise<ResultList<VideoRow>> {
  // One pipeline: the page and the count travel together.
  const [rows, count] = await args[0].batch(videoListQueries(...args));
  return toVideoList(rows, count);
}

export const toVideoList = (rows: VideoRow[], [{ total }]: { total: number }[]): ResultList<VideoRow> => ({ total: Number(total), data: rows });

/** A scope's id: a number, or a subquery that yields it (so the page's lookup and its list share one pipeline). */
export const idIs = (column: AnyColumn, id: number | SQL) => (typeof id === 'number' ? eq(column, id) : sql`${column} = (${id})`);

/**
 * The two queries of {@link listVideos} (the page of rows, then the total), for a caller that
 * sends them in one batch with queries of its own.
 */
export function videoListQueries(
  db: Db,
  viewer: Viewer | undefined,
  scope: ListScope,
  filters: VideoFilters,
  page: Pagination,
  viewerNsfwPolicy: 'display' | 'blur' | 'do_not_list' = 'do_not_list',
) {
  const where = videoListWhere(db, viewer, scope, filters, viewerNsfwPolicy);
  return [
    // A signed-in viewer's public lists say where they stopped in each video, as PeerTube's listForApi does.
    selectVideoRows(db, scope.kind === 'public' ? viewer?.userId : undefined)
      .where(where)
      .orderBy(...sortColumn(page.sort))
      .limit(page.count)
      .offset(page.start),
    db
      .select({ total: sql<number>`count(*)` })
      .from(videos)
      .innerJoin(videoChannels, eq(videoChannels.id, videos.channelId))
      .innerJoin(accounts, eq(accounts.id, videoChannels.accountId))
      .where(where),
  ] as const;
}

/** Which videos {@link videoListQueries} lists: a condition on videos, their channel and its account. */
export function videoListWhere(db: Db, viewer: Viewer | undefined, scope: ListScope, filters: VideoFilters, viewerNsfwPolicy: NsfwPolicy) {
  const conds: (SQL | undefined)[] = [];
  if (scope.kind === 'owner') {
    conds.push(eq(accounts.userId, scope.userId));
  } else {
    if (filters.privacyOneOf?.length) {
      if (!viewer) throw ApiError.unauthorized('Authentication is required to use privacyOneOf.');
      if (!isAdmin(viewer)) throw ApiError.forbidden('Only admins can use privacyOneOf.');
      conds.push(inArray(videos.privacy, filters.privacyOneOf));
    } else {
      conds.push(viewer ? inArray(videos.privacy, [VIDEO_PRIVACY.PUBLIC, VIDEO_PRIVACY.INTERNAL]) : eq(videos.privacy, VIDEO_PRIVACY.PUBLIC));
    }
    conds.push(listedState());
    // A blacklisted video leaves every list (PeerTube's VideoModel.listForApi excludes them).
    conds.push(sql`not exists (select 1 from ${videoBlacklist} where ${videoBlacklist.videoId} = ${videos.id})`);
    // Blocklist: no videos of blocked servers or accounts (the instance's list, and the viewer's own).
    conds.push(notBlockedVideoOwner(viewer?.accountId));
    if (scope.accountId !== undefined) conds.push(idIs(accounts.id, scope.accountId));
    if (scope.channelId !== undefined) conds.push(idIs(videoChannels.id, scope.channelId));
    // Subscriptions: videos of a channel or account the actor follows (PeerTube's displayOnlyForFollower).
    if (scope.followerActorId !== undefined) {
      conds.push(
        exists(
          db
            .select({ one: sql`1` })
            .from(follows)
            .where(
              and(
                idIs(follows.followerActorId, scope.followerActorId),
                eq(follows.state, 'accepted'),
                or(eq(follows.followingActorId, videoChannels.actorId), eq(follows.followingActorId, accounts.actorId)),
              ),
            ),
        ),
      );
    }
    const nsfw = filters.nsfw ?? (viewerNsfwPolicy === 'do_not_list' ? 'false' : 'both');
    if (nsfw === 'true') conds.push(eq(videos.nsfw, true));
    if (nsfw === 'false') conds.push(eq(videos.nsfw, false));
  }
  if (filters.categoryOneOf?.length) conds.push(inArray(videos.category, filters.categoryOneOf));
  if (filters.licenceOneOf?.length) conds.push(inArray(videos.licence, filters.licenceOneOf));
  if (filters.languageOneOf?.length) {
    // PeerTube's `_unknown` selects videos without a language.
    const langs = filters.languageOneOf.filter((l) => l !== '_unknown');
    conds.push(
      or(langs.length ? inArray(videos.language, langs) : undefined, filters.languageOneOf.includes('_unknown') ? isNull(videos.language) : undefined),
    );
  }
  if (filters.isLocal !== undefined) conds.push(eq(videos.isLocal, filters.isLocal));
  if (filters.startDate) conds.push(gte(videos.publishedAt, filters.startDate));
  if (filters.endDate) conds.push(lte(videos.publishedAt, filters.endDate));
  if (filters.originallyPublishedStartDate) conds.push(gte(videos.originallyPublishedAt, filters.originallyPublishedStartDate));
  if (filters.originallyPublishedEndDate) conds.push(lte(videos.originallyPublishedAt, filters.originallyPublishedEndDate));
  if (filters.durationMin !== undefined) conds.push(gte(videos.duration, filters.durationMin));
  if (filters.durationMax !== undefined) conds.push(lte(videos.duration, filters.durationMax));
  if (filters.host !== undefined) conds.push(actorOnHost(accounts.actorId, filters.host));
  if (filters.uuids) conds.push(inArray(videos.uuid, filters.uuids));
  if (filters.historyOf !== undefined) {
    conds.push(
      sql`exists (select 1 from ${userVideoHistory} where ${userVideoHistory.userId} = ${filters.historyOf} and ${userVideoHistory.videoId} = ${videos.id})`,
    );
  }
  if (filters.tagsOneOf?.length) {
    const tags = filters.tagsOneOf.map((t) => t.toLowerCase());
    conds.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(videoTags)
          .where(and(eq(videoTags.videoId, videos.id), inArray(sql`lower(${videoTags.name})`, tags))),
      ),
    );
  }
  if (filters.tagsAllOf?.length) {
    const tags = [...new Set(filters.tagsAllOf.map((t) => t.toLowerCase()))];
    conds.push(
      sql`(select count(distinct lower(${videoTags.name})) from ${videoTags} where ${videoTags.videoId} = ${videos.id} and lower(${videoTags.name}) in ${tags}) = ${tags.length}`,
    );
  }
  if (filters.search) {
    const q = `%${filters.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conds.push(
      or(
        sql`${videos.name} like ${q} escape '\\'`,
        sql`exists (select 1 from ${videoTags} where ${videoTags.videoId} = ${videos.id} and ${videoTags.name} like ${q} escape '\\')`,
      ),
    );
  }
  return and(...conds);
}

/**
 * The viewer's NSFW policy, which decides whether lists show sensitive videos by default. It was
 * read with the token (services/oauth.ts): no round trip of its own.
 */
export async function viewerNsfwPolicy(_db: Db, viewer: Viewer | undefined): Promise<NsfwPolicy> {
  return viewer?.nsfwPolicy ?? 'do_not_list';
}
