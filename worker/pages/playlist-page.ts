import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context';
import { edgeCache, markPublic } from '../http/edge-cache';
import { PLAYLIST_PRIVACY, VIDEO_PRIVACY } from '../db/schema';
import { ApiError } from '../errors';
import { assertPlaylistVisible, listChannelPlaylists, playlistRef } from '../services/playlists';
import { findPlaylistPageData, PLAYLIST_PAGE_ELEMENTS } from '../services/playlist-page-reads';
import { canViewRow, viewerNsfwPolicy } from '../services/video-queries';
import { serializePlaylist, serializePlaylistElement } from '../serializers/playlist';
import { serializeChannel } from '../serializers/channel';
import { pageEnv } from './page-env';
import { detailsFor, playerOptions } from './watch-routes';
import { pageFromQuery } from './paging';
import { renderChannelPlaylists, renderPlaylistPage } from './playlist-views';

/** `?playlistPosition=N`, 1-based as PeerTube's client; anything else is the first. */
function positionOf(value: string | undefined) {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

/**
 * A playlist's page with the player on its current element, in one libSQL round trip. PeerTube's
 * rules for reading a playlist (services/playlists.ts): an unlisted one by its uuid only, a private
 * one for its owner and moderators. Only a public playlist playing a public video (or none) is
 * marked for the edge cache.
 */
async function playlistPage(c: Context<AppEnv>) {
  const { db, viewer } = c.var;
  const ref = playlistRef(c.req.param('playlistId') ?? '');
  if (!ref) throw ApiError.notFound('Video playlist not found');
  const position = positionOf(c.req.query('playlistPosition'));
  // The list's page: `?page=`, else the one holding the current element.
  const positionPage = Math.ceil(position / PLAYLIST_PAGE_ELEMENTS);
  const page = pageFromQuery(c.req.query('page') ?? String(positionPage), PLAYLIST_PAGE_ELEMENTS);
  const data = await findPlaylistPageData(db, ref, position, page);
  const row = assertPlaylistVisible(data.playlist, ref, viewer);
  const env = await pageEnv(c);
  const video = data.current?.row;
  const watchable = data.current && video && canViewRow(video, viewer) ? data.current : undefined;
  if (row.playlist.privacy === PLAYLIST_PRIVACY.PUBLIC && (!video || (watchable && video.video.privacy === VIDEO_PRIVACY.PUBLIC && !video.blacklist))) {
    markPublic(c);
  }
  const current = watchable && {
    details: await detailsFor(c, watchable),
    nsfwPolicy: viewer ? await viewerNsfwPolicy(db, viewer) : env.custom.instance.defaultNSFWPolicy,
    options: await playerOptions(c),
  };
  return c.html(
    renderPlaylistPage(env, {
      playlist: serializePlaylist(row, env.config),
      elements: data.elements.map((e) => serializePlaylistElement(e, env.config, viewer)),
      position,
      page: { page: page.page, size: PLAYLIST_PAGE_ELEMENTS, positionPage },
      current: current || undefined,
    }),
  );
}

/** A playlist's page and a channel's playlists tab. */
export function playlistPages() {
  const app = new Hono<AppEnv>();
  for (const path of ['/w/p/:playlistId', '/videos/watch/playlist/:playlistId']) {
    app.get(path, edgeCache({ kind: 'content', whenMarked: true }), playlistPage);
  }

  app.get('/c/:handle{[^/]+}/video-playlists', edgeCache({ kind: 'list' }), async (c) => {
    const env = await pageEnv(c);
    const { page, start, count } = pageFromQuery(c.req.query('page'));
    const list = await listChannelPlaylists(c.var.db, env.config, c.req.param('handle'), { start, count, sort: '-updatedAt' });
    const playlists = list.data.map((r) => serializePlaylist(r, env.config));
    return c.html(renderChannelPlaylists(env, serializeChannel(list.channel, env.config), playlists, list.total, page));
  });

  return app;
}
