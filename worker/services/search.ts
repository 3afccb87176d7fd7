/**
 * Searching videos and channels, for GET /api/v1/search/* and the search page alike. A URL or
 * a handle searched for is fetched from its origin and indexed for logged-in users only
 * (PeerTube's default `search.remote_uri`: users true, anonymous false); anonymous users get what
 * is already known. Anything else is a local search.
 */
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { JobQueue } from '../jobs/store';
import type { Pagination, ResultList } from '../http/pagination';
import { ApiError } from '../errors';
import type { ChannelWithOwner } from '../serializers/channel';
import { findVideoIdByUrl, resolveRemoteChannel, resolveRemoteVideo } from '../federation/search-remote';
import { findVideoRow, listVideos, toVideoList, videoListQueries, type VideoFilters, type VideoRow } from './video-queries';
import { channelListQueries, getChannelByHandle, listChannels, toChannelList } from './channels';
import type { NsfwPolicy, Viewer } from './viewer';
import { VIDEO_PRIVACY, videoChannels } from '../db/schema';
import { actorHasHandle, actorOnHost, type HostFilter } from './search-filters';

type SearchDeps = { db: Db; config: Config; queue: JobQueue };

export const isUrl = (s: string) => /^https?:\/\//i.test(s);
/** `name@host` or `@name@host`, as PeerTube's channel search takes a handle. */
export const isHandle = (s: string) => /^@?[^@\s/]+@[^@\s/]+$/.test(s);
/** Whether this search fetches from another instance (and so may write: see http/edge-cache-invalidate.ts `invalidateAfterRead`). */
export const searchesRemotely = (viewer: Viewer | undefined, search: string | undefined) => !!viewer && !!search && (isUrl(search) || isHandle(search));

/** Videos matching `search`; a URL is the one video it names, when the viewer may list it. */
export async function searchVideos(
  deps: SearchDeps,
  viewer: Viewer | undefined,
  search: string,
  page: Pagination,
  policy: NsfwPolicy,
  filters: VideoFilters = {},
): Promise<ResultList<VideoRow>> {
  const { db } = deps;
  if (isUrl(search)) {
    const videoId = viewer ? await resolveRemoteVideo(deps, search) : await findVideoIdByUrl(deps, search);
    const row = videoId ? await findVideoRow(db, { kind: 'id', id: videoId }) : undefined;
    const p = row?.video.privacy;
    const visible = row && (p === VIDEO_PRIVACY.PUBLIC || (p === VIDEO_PRIVACY.INTERNAL && viewer) || (p === VIDEO_PRIVACY.UNLISTED && !row.video.isLocal));
    return { total: visible ? 1 : 0, data: visible ? [row] : [] };
  }
  return listVideos(db, viewer, { kind: 'public' }, { ...filters, search: search || undefined }, page, policy);
}

/** The channel search's own filters (PeerTube's videoChannelsListSearchValidator). */
export type ChannelSearchFilters = { host?: HostFilter; handles?: string[] };

/** Channels matching `search`; a URL or a handle is the one channel it names, fetched for logged-in users. */
export async function searchChannels(
  deps: SearchDeps,
  viewer: Viewer | undefined,
  search: string,
  page: Pagination,
  filters: ChannelSearchFilters = {},
): Promise<ResultList<ChannelWithOwner>> {
  if (isUrl(search) || isHandle(search)) {
    const handle = viewer ? await resolveRemoteChannel(deps, search) : isHandle(search) ? search.replace(/^@/, '') : null;
    if (!handle) return { total: 0, data: [] };
    try {
      return { total: 1, data: [await getChannelByHandle(deps.db, deps.config, handle)] };
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return { total: 0, data: [] };
      throw err;
    }
  }
  const where = [
    filters.host !== undefined ? actorOnHost(videoChannels.actorId, filters.host) : undefined,
    filters.handles?.length ? actorHasHandle(deps.config, videoChannels.actorId, filters.handles) : undefined,
  ].filter((w) => w !== undefined);
  return listChannels(deps.db, { ...page, search: search || undefined, where });
}

/**
 * Videos and channels for the search page. Words search both in one pipeline (one round trip);
 * a URL or a handle goes through the rules above.
 */
export async function searchVideosAndChannels(
  deps: SearchDeps,
  viewer: Viewer | undefined,
  search: string,
  pages: { videos: Pagination; channels: Pagination },
  policy: NsfwPolicy,
): Promise<{ videos: ResultList<VideoRow>; channels: ResultList<ChannelWithOwner> }> {
  if (isUrl(search) || isHandle(search)) {
    const [videos, channels] = await Promise.all([
      searchVideos(deps, viewer, search, pages.videos, policy),
      searchChannels(deps, viewer, search, pages.channels),
    ]);
    return { videos, channels };
  }
  const [rows, count, channelRows, channelCount] = await deps.db.batch([
    ...videoListQueries(deps.db, viewer, { kind: 'public' }, { search: search || undefined }, pages.videos, policy),
    ...channelListQueries(deps.db, { ...pages.channels, search: search || undefined }),
  ]);
  return { videos: toVideoList(rows, count), channels: toChannelList(channelRows, channelCount) };
}
