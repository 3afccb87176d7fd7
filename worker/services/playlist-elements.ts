/**
 * The elements of a playlist (PeerTube's VideoPlaylistElement): positions are 1-based and kept
 * contiguous, as PeerTube's add, remove and reorder keep them (controllers/api/video-playlist.ts).
 */
import { and, asc, eq, gte, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { videoPlaylistElements, videoPlaylists, type VideoPlaylistElement } from '../db/schema';
import { ApiError } from '../errors';
import { findVideoRow, type VideoRow } from './video-queries';
import { uuidToShort, type VideoIdRef } from './short-uuid';
import type { PlaylistRow } from './playlists';
import type { JobQueue } from '../jobs/store';
import { recordPlaylistChanged } from './playlist-events';

async function nextPosition(db: Db, playlistId: number): Promise<number> {
  const [{ max }] = await db
    .select({ max: sql<number | null>`max(${videoPlaylistElements.position})` })
    .from(videoPlaylistElements)
    .where(eq(videoPlaylistElements.playlistId, playlistId));
  return Number(max ?? 0) + 1;
}

/** Any change of the elements is an Update of the playlist for its followers. */
const changed = (db: Db, queue: JobQueue, row: PlaylistRow) => recordPlaylistChanged(db, queue, row, row.playlist);

const touch = (db: Db, playlistId: number) => db.update(videoPlaylists).set({ updatedAt: new Date() }).where(eq(videoPlaylists.id, playlistId));

export type ElementInput = { startTimestamp?: number | null; stopTimestamp?: number | null };

/** POST /video-playlists/{id}/videos: appended at the end. The element's URL is PeerTube's `<playlist>/videos/<id>`. */
export async function addPlaylistElement(db: Db, queue: JobQueue, row: PlaylistRow, videoRef: VideoIdRef, input: ElementInput): Promise<VideoPlaylistElement> {
  const video = await findVideoRow(db, videoRef);
  if (!video) throw ApiError.notFound('Video not found');
  const position = await nextPosition(db, row.playlist.id);
  const now = new Date();
  const [created] = await db
    .insert(videoPlaylistElements)
    .values({
      playlistId: row.playlist.id,
      videoId: video.video.id,
      position,
      startTimestamp: input.startTimestamp || null,
      stopTimestamp: input.stopTimestamp || null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const url = `${row.playlist.url}/videos/${created.id}`;
  await db.batch([db.update(videoPlaylistElements).set({ url }).where(eq(videoPlaylistElements.id, created.id)), touch(db, row.playlist.id)]);
  await changed(db, queue, row);
  return { ...created, url };
}

async function elementOf(db: Db, row: PlaylistRow, elementId: number) {
  const [element] = await db
    .select()
    .from(videoPlaylistElements)
    .where(and(eq(videoPlaylistElements.id, elementId), eq(videoPlaylistElements.playlistId, row.playlist.id)))
    .limit(1);
  if (!element) throw ApiError.notFound('Video playlist element not found');
  return element;
}

/** PUT /video-playlists/{id}/videos/{elementId}. */
export async function updatePlaylistElement(db: Db, queue: JobQueue, row: PlaylistRow, elementId: number, input: ElementInput) {
  await elementOf(db, row, elementId);
  await db.batch([
    db
      .update(videoPlaylistElements)
      .set({
        ...(input.startTimestamp !== undefined ? { startTimestamp: input.startTimestamp } : {}),
        ...(input.stopTimestamp !== undefined ? { stopTimestamp: input.stopTimestamp } : {}),
        updatedAt: new Date(),
      })
      .where(eq(videoPlaylistElements.id, elementId)),
    touch(db, row.playlist.id),
  ]);
  await changed(db, queue, row);
}

/** DELETE /video-playlists/{id}/videos/{elementId}: the elements after it move up. */
export async function removePlaylistElement(db: Db, queue: JobQueue, row: PlaylistRow, elementId: number) {
  const element = await elementOf(db, row, elementId);
  await db.batch([
    db.delete(videoPlaylistElements).where(eq(videoPlaylistElements.id, elementId)),
    db
      .update(videoPlaylistElements)
      .set({ position: sql`${videoPlaylistElements.position} - 1` })
      .where(and(eq(videoPlaylistElements.playlistId, row.playlist.id), gte(videoPlaylistElements.position, element.position + 1))),
    touch(db, row.playlist.id),
  ]);
  await changed(db, queue, row);
}

/**
 * POST /video-playlists/{id}/videos/reorder: moves `reorderLength` elements from `startPosition`
 * to just after `insertAfterPosition`, with PeerTube's bounds checks and messages.
 */
export async function reorderPlaylist(
  db: Db,
  queue: JobQueue,
  row: PlaylistRow,
  input: { startPosition: number; insertAfterPosition: number; reorderLength?: number },
) {
  const next = await nextPosition(db, row.playlist.id);
  const { startPosition: start, insertAfterPosition: after } = input;
  if (start >= next || after >= next) throw ApiError.badRequest(`Start position or insert after position exceed the playlist limits (max: ${next - 1})`);
  if (input.reorderLength && input.reorderLength + start > next)
    throw ApiError.badRequest(`Reorder length with this start position exceeds the playlist limits (max: ${next - start})`);
  const length = input.reorderLength ?? 1;
  if (start === after) return;
  const elements = await db
    .select({ id: videoPlaylistElements.id, position: videoPlaylistElements.position })
    .from(videoPlaylistElements)
    .where(eq(videoPlaylistElements.playlistId, row.playlist.id))
    .orderBy(asc(videoPlaylistElements.position));
  // The same result as PeerTube's three shifting updates, computed on the ordered list.
  const moved = elements.filter((e) => e.position >= start && e.position < start + length);
  const rest = elements.filter((e) => !moved.includes(e));
  const insertAt = rest.filter((e) => e.position <= after).length;
  const ordered = [...rest.slice(0, insertAt), ...moved, ...rest.slice(insertAt)];
  await db.batch([
    touch(db, row.playlist.id),
    ...ordered.map((e, i) =>
      db
        .update(videoPlaylistElements)
        .set({ position: i + 1 })
        .where(eq(videoPlaylistElements.id, e.id)),
    ),
  ]);
  await changed(db, queue, row);
}

export type ElementRow = { element: VideoPlaylistElement; video: VideoRow | undefined };

/** Elements with the video rows read beside them: each its video, or none when it was deleted. */
export function withVideos(elements: VideoPlaylistElement[], videoRows: VideoRow[]): ElementRow[] {
  const byId = new Map(videoRows.map((v) => [v.video.id, v]));
  return elements.map((element) => ({ element, video: element.videoId === null ? undefined : byId.get(element.videoId) }));
}

/** The elements of an account's playlists that hold some videos (ids, or a subquery that yields one), for a pipeline. */
export function playlistsHoldingQuery(db: Db, accountId: number, videoIds: number[] | SQL) {
  return db
    .select({
      videoId: videoPlaylistElements.videoId,
      playlistElementId: videoPlaylistElements.id,
      playlistId: videoPlaylists.id,
      name: videoPlaylists.name,
      uuid: videoPlaylists.uuid,
      startTimestamp: videoPlaylistElements.startTimestamp,
      stopTimestamp: videoPlaylistElements.stopTimestamp,
    })
    .from(videoPlaylistElements)
    .innerJoin(videoPlaylists, eq(videoPlaylists.id, videoPlaylistElements.playlistId))
    .where(
      and(
        eq(videoPlaylists.ownerAccountId, accountId),
        Array.isArray(videoIds) ? inArray(videoPlaylistElements.videoId, videoIds) : sql`${videoPlaylistElements.videoId} = (${videoIds})`,
      ),
    );
}

/**
 * GET /users/me/video-playlists/videos-exist?videoIds=…: for each video, the viewer's playlists
 * holding it (PeerTube's VideoExistInPlaylist).
 */
export async function videosExistInPlaylists(db: Db, accountId: number, videoIds: number[]) {
  const rows = videoIds.length === 0 ? [] : await playlistsHoldingQuery(db, accountId, videoIds);
  const result: Record<
    string,
    Array<{
      playlistElementId: number;
      playlistId: number;
      playlistDisplayName: string;
      playlistShortUUID: string;
      startTimestamp: number | null;
      stopTimestamp: number | null;
    }>
  > = {};
  for (const id of videoIds) result[id] = [];
  for (const r of rows) {
    result[r.videoId!].push({
      playlistElementId: r.playlistElementId,
      playlistId: r.playlistId,
      playlistDisplayName: r.name,
      playlistShortUUID: uuidToShort(r.uuid),
      startTimestamp: r.startTimestamp,
      stopTimestamp: r.stopTimestamp,
    });
  }
  return result;
}
