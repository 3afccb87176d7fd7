/**
 * Reads of a playlist with its elements, each in one libSQL round trip (issue 9): the API's page of
 * elements, and what a playlist's page shows (the playlist, its elements in order with their
 * videos, and the current element's video with what the player needs). Every query names the
 * playlist by a subquery on its reference, so none waits for another; the caller checks that the
 * viewer may see the playlist (assertPlaylistVisible) before it shows anything.
 */
import { and, asc, between, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { videoPlaylistElements, videos } from '../db/schema';
import { playlistIdOf, playlistRowQuery, toPlaylistRow, type PlaylistRef, type PlaylistRow } from './playlists';
import { withVideos, type ElementRow } from './playlist-elements';
import type { Pagination } from '../http/pagination';
import { selectVideoRows, toExtras, videoDetailQueriesOf, type VideoExtras, type VideoRow } from './video-queries';

/** The elements a page lists at once, as PeerTube's client loads them: by 30 (`?page=` for more). */
export const PLAYLIST_PAGE_ELEMENTS = 30;

export type PlaylistPageData = {
  playlist: PlaylistRow | undefined;
  elements: ElementRow[];
  /** The video at `position`, when there is one and it still exists. */
  current: { row: VideoRow; extras: VideoExtras } | undefined;
};

/** The playlist, the elements of one page of its list (`start`, `count`), and the video at `position`. */
export async function findPlaylistPageData(db: Db, ref: PlaylistRef, position: number, page: Pick<Pagination, 'start' | 'count'>): Promise<PlaylistPageData> {
  const playlistId = playlistIdOf(ref);
  const ofPlaylist = eq(videoPlaylistElements.playlistId, playlistId);
  // Positions are contiguous from 1 (playlist-elements.ts): a page's are a range of them.
  const listed = and(ofPlaylist, between(videoPlaylistElements.position, page.start + 1, page.start + page.count));
  const elementVideoIds = db.select({ id: videoPlaylistElements.videoId }).from(videoPlaylistElements).where(listed);
  const currentId = sql`select ${videoPlaylistElements.videoId} from ${videoPlaylistElements} where ${and(ofPlaylist, eq(videoPlaylistElements.position, position))}`;
  const [playlistRows, elements, videoRows, [row], ...extras] = await db.batch([
    playlistRowQuery(db, ref),
    db.select().from(videoPlaylistElements).where(listed).orderBy(asc(videoPlaylistElements.position)),
    selectVideoRows(db).where(inArray(videos.id, elementVideoIds)),
    ...videoDetailQueriesOf(db, currentId),
  ]);
  return {
    playlist: toPlaylistRow(playlistRows),
    elements: withVideos(elements, videoRows),
    current: row ? { row, extras: toExtras(extras) } : undefined,
  };
}

/** GET /video-playlists/{id}/videos: the playlist, a page of its elements in order, each with its video when it still exists, and their count. */
export async function findPlaylistElements(db: Db, ref: PlaylistRef, page: Pagination) {
  const ofPlaylist = eq(videoPlaylistElements.playlistId, playlistIdOf(ref));
  const byPosition = asc(videoPlaylistElements.position);
  const pageVideoIds = db
    .select({ id: videoPlaylistElements.videoId })
    .from(videoPlaylistElements)
    .where(ofPlaylist)
    .orderBy(byPosition)
    .limit(page.count)
    .offset(page.start);
  const [playlistRows, elements, [{ total }], videoRows] = await db.batch([
    playlistRowQuery(db, ref),
    db.select().from(videoPlaylistElements).where(ofPlaylist).orderBy(byPosition).limit(page.count).offset(page.start),
    db.select({ total: count() }).from(videoPlaylistElements).where(ofPlaylist),
    selectVideoRows(db).where(inArray(videos.id, pageVideoIds)),
  ]);
  return { playlist: toPlaylistRow(playlistRows), total, data: withVideos(elements, videoRows) };
}
