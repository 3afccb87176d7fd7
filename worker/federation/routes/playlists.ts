/**
 * Local playlists as ActivityPub objects (`/video-playlists/:uuid`, paged with `?page=`) and their
 * elements (`/video-playlists/:uuid/videos/:elementId`), as PeerTube serves them. Private ones are
 * not served; other requests fall through to the pages.
 */
import { Hono } from 'hono';
import { and, asc, count, eq } from 'drizzle-orm';
import type { AppEnv } from '../../http/context';
import { ApiError } from '../../errors';
import { PLAYLIST_PRIVACY, videoPlaylistElements, videos } from '../../db/schema';
import { playlistIdOf, playlistRef, playlistRowQuery, toPlaylistRow, type PlaylistRow } from '../../services/playlists';
import { pageWindow, parsePage } from '../collections';
import { wantsActivityPub } from '../content-negotiation';
import { ACTIVITY_CONTEXT } from '../context';
import { serializePlaylistElementObject, serializePlaylistObject } from '../objects/serialize-playlist';
import { activityJson } from './respond';
import { edgeCache } from '../../http/edge-cache';

/** A local playlist that is not private, out of its row's answer; 404 otherwise. */
function servable(row: PlaylistRow | undefined): PlaylistRow {
  if (!row || !row.playlist.isLocal || row.playlist.privacy === PLAYLIST_PRIVACY.PRIVATE) throw ApiError.notFound('Video playlist not found');
  return row;
}

// Each route reads the playlist and what it serves in one round trip (issue 9): the other queries
// name the playlist by a subquery on its uuid or id.
export function playlistObjectRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/video-playlists/:id', edgeCache({ kind: 'content' }), async (c, next) => {
    if (!wantsActivityPub(c.req.header('accept'))) return next();
    const ref = playlistRef(c.req.param('id') ?? '');
    if (!ref) throw ApiError.notFound('Video playlist not found');
    const db = c.var.db;
    const page = parsePage(c.req.query('page'));
    const { start, limit } = pageWindow(page);
    const where = eq(videoPlaylistElements.playlistId, playlistIdOf(ref));
    const [playlistRows, items, [{ total }]] = await db.batch([
      playlistRowQuery(db, ref),
      db
        .select({ url: videoPlaylistElements.url })
        .from(videoPlaylistElements)
        .where(where)
        .orderBy(asc(videoPlaylistElements.position))
        .limit(limit)
        .offset(start),
      db.select({ total: count() }).from(videoPlaylistElements).where(where),
    ]);
    const row = servable(toPlaylistRow(playlistRows));
    const object = await serializePlaylistObject(c.var.config, row, page, async () => ({
      total,
      data: items.map((i) => i.url).filter((u): u is string => !!u),
    }));
    return activityJson(c, object);
  });

  app.get('/video-playlists/:id/videos/:elementId', edgeCache({ kind: 'content' }), async (c, next) => {
    if (!wantsActivityPub(c.req.header('accept'))) return next();
    const ref = playlistRef(c.req.param('id') ?? '');
    if (!ref) throw ApiError.notFound('Video playlist not found');
    const elementId = Number(c.req.param('elementId'));
    const db = c.var.db;
    const [playlistRows, [found]] = await db.batch([
      playlistRowQuery(db, ref),
      db
        .select({ element: videoPlaylistElements, videoUrl: videos.url })
        .from(videoPlaylistElements)
        .leftJoin(videos, eq(videos.id, videoPlaylistElements.videoId))
        .where(and(eq(videoPlaylistElements.id, Number.isSafeInteger(elementId) ? elementId : -1), eq(videoPlaylistElements.playlistId, playlistIdOf(ref))))
        .limit(1),
    ]);
    servable(toPlaylistRow(playlistRows));
    if (!found || !Number.isSafeInteger(elementId)) throw ApiError.notFound('Video playlist element not found');
    return activityJson(c, { '@context': ACTIVITY_CONTEXT, ...serializePlaylistElementObject(found.element, found.videoUrl) });
  });

  return app;
}
