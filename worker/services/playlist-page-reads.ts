/**
 * What a playlist's page shows, in one libSQL round trip (issue 9): the playlist, its elements in
 * order with their videos, and the current element's video with what the player needs. Every query
 * names the playlist by a subquery on its reference, so none waits for another.
 */
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { videoPlaylistElements, videos } from '../db/schema';
import { playlistIdOf, playlistRowQuery, toPlaylistRow, type PlaylistRef, type PlaylistRow } from './playlists';
import type { ElementRow } from './playlist-elements';
import { selectVideoRows, toExtras, videoDetailQueriesOf, type VideoExtras, type VideoRow } from './video-queries';

/** The elements a page lists: PeerTube's client loads them by 30; a page shows this many at once. */
export const PLAYLIST_PAGE_ELEMENTS = 100;

export type PlaylistPageData = {
  playlist: PlaylistRow | undefined;
  elements: ElementRow[];
  /** The video at `position`, when there is one and it still exists. */
  current: { row: VideoRow; extras: VideoExtras } | undefined;
};

export async function findPlaylistPageData(db: Db, ref: PlaylistRef, position: number): Promise<PlaylistPageData> {
  const playlistId = playlistIdOf(ref);
  const ofPlaylist = eq(videoPlaylistElements.playlistId, playlistId);
  // Positions are contiguous from 1 (playlist-elements.ts): the first ones are the page's.
  const listed = and(ofPlaylist, lte(videoPlaylistElements.position, PLAYLIST_PAGE_ELEMENTS));
  const elementVideoIds = db.select({ id: videoPlaylistElements.videoId }).from(videoPlaylistElements).where(listed);
  const currentId = sql`select ${videoPlaylistElements.videoId} from ${videoPlaylistElements} where ${and(ofPlaylist, eq(videoPlaylistElements.position, position))}`;
  const [playlistRows, elements, videoRows, [row], ...extras] = await db.batch([
    playlistRowQuery(db, ref),
    db.select().from(videoPlaylistElements).where(listed).orderBy(asc(videoPlaylistElements.position)),
    selectVideoRows(db).where(inArray(videos.id, elementVideoIds)),
    ...videoDetailQueriesOf(db, currentId),
  ]);
  const byId = new Map(videoRows.map((v) => [v.video.id, v]));
  return {
    playlist: toPlaylistRow(playlistRows),
    elements: elements.map((element) => ({ element, video: element.videoId === null ? undefined : byId.get(element.videoId) })),
    current: row ? { row, extras: toExtras(extras) } : undefined,
  };
}
