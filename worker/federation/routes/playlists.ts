/**
 * Local playlists as ActivityPub objects (`/video-playlists/:uuid`, paged with `?page=`) and their
 * elements (`/video-playlists/:uuid/videos/:elementId`), as PeerTube serves them. Private ones are
 * not served; other requests fall through to the pages.
 */
import { Hono, type Context } from 'hono';
import { and, asc, count, eq } from 'drizzle-orm';
import type { AppEnv } from '../../http/context';
import { ApiError } from '../../errors';
import { PLAYLIST_PRIVACY, videoPlaylistElements, videos } from '../../db/schema';
import { findPlaylist, playlistRef } from '../../services/playlists';
import { parsePage } from '../collections';
import { wantsActivityPub } from '../content-negotiation';
import { ACTIVITY_CONTEXT } from '../context';
import { serializePlaylistElementObject, serializePlaylistObject } from '../objects/serialize-playlist';
import { activityJson } from './respond';
import { edgeCache } from '../../http/edge-cache';

async function loadPlaylist(c: Context<AppEnv>) {
  const ref = playlistRef(c.req.param('id') ?? '');
  const row = ref ? await findPlaylist(c.var.db, ref) : undefined;
  if (!row || !row.playlist.isLocal || row.playlist.privacy === PLAYLIST_PRIVACY.PRIVATE) throw ApiError.notFound('Video playlist not found');
  return row;
}

export function playlistObjectRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/video-playlists/:id', edgeCache({ kind: 'content' }), async (c, next) => {
    if (!wantsActivityPub(c.req.header('accept'))) return next();
    const row = await loadPlaylist(c);
    const db = c.var.db;
    const where = eq(videoPlaylistElements.playlistId, row.playlist.id);
    const object = await serializePlaylistObject(c.var.config, row, parsePage(c.req.query('page')), async (start, n) => {
      const [items, [{ total }]] = await Promise.all([
        db
          .select({ url: videoPlaylistElements.url })
          .from(videoPlaylistElements)
          .where(where)
          .orderBy(asc(videoPlaylistElements.position))
          .limit(n)
          .offset(start),
        db.select({ total: count() }).from(videoPlaylistElements).where(where),
      ]);
      return { total, data: items.map((i) => i.url).filter((u): u is string => !!u) };
    });
    return activityJson(c, object);
  });

  app.get('/video-playlists/:id/videos/:elementId', edgeCache({ kind: 'content' }), async (c, next) => {
    if (!wantsActivityPub(c.req.header('accept'))) return next();
    const row = await loadPlaylist(c);
    const elementId = Number(c.req.param('elementId'));
    const [found] = Number.isSafeInteger(elementId)
      ? await c.var.db
          .select({ element: videoPlaylistElements, videoUrl: videos.url })
          .from(videoPlaylistElements)
          .leftJoin(videos, eq(videos.id, videoPlaylistElements.videoId))
          .where(and(eq(videoPlaylistElements.id, elementId), eq(videoPlaylistElements.playlistId, row.playlist.id)))
          .limit(1)
      : [];
    if (!found) throw ApiError.notFound('Video playlist element not found');
    return activityJson(c, { '@context': ACTIVITY_CONTEXT, ...serializePlaylistElementObject(found.element, found.videoUrl) });
  });

  return app;
}
