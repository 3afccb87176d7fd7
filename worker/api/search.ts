import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { validate } from '../http/validate';
import { edgeCache } from '../http/edge-cache';
import { paginationSchema } from '../http/pagination';
import { VIDEO_SORTS, viewerNsfwPolicy } from '../services/video-queries';
import { CHANNEL_SORTS } from '../services/channels';
import { searchChannels, searchVideos } from '../services/search';
import { serializeVideo } from '../serializers/video';
import { serializeChannel } from '../serializers/channel';
import { listPlaylists } from '../services/playlists';
import { serializePlaylist } from '../serializers/playlist';

const videosQuery = paginationSchema(VIDEO_SORTS, '-publishedAt').extend({ search: z.string().trim().max(500).optional() });
const channelsQuery = paginationSchema(CHANNEL_SORTS, '-createdAt').extend({ search: z.string().trim().max(500).optional() });

// PeerTube's SORTABLE_COLUMNS.VIDEO_PLAYLISTS_SEARCH; `match` ranks newest first here.
const playlistsQuery = paginationSchema(['match', 'displayName', 'createdAt'] as const, '-match').extend({
  search: z.string().trim().min(1).max(500).optional(),
});

/**
 * /search (PeerTube's search controllers), over services/search.ts: a URL or handle is fetched
 * from its origin for logged-in users only; anonymous users get what is already known.
 */
export function searchRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/videos', validate('query', videosQuery), async (c) => {
    const { db, config, viewer } = c.var;
    const q = c.req.valid('query');
    const policy = await viewerNsfwPolicy(db, viewer);
    const { total, data } = await searchVideos({ db, config, queue: c.env.JOBS }, viewer, q.search ?? '', q, policy);
    return c.json({ total, data: data.map((row) => serializeVideo(row, config)) });
  });

  app.get('/video-channels', validate('query', channelsQuery), async (c) => {
    const { db, config, viewer } = c.var;
    const q = c.req.valid('query');
    const { total, data } = await searchChannels({ db, config, queue: c.env.JOBS }, viewer, q.search ?? '', q);
    return c.json({ total, data: data.map((ch) => serializeChannel(ch, config)) });
  });

  app.get('/video-playlists', edgeCache({ kind: 'list' }), validate('query', playlistsQuery), async (c) => {
    const q = c.req.valid('query');
    const sort = q.sort.replace('match', 'createdAt').replace(/^(-?)displayName$/, '$1name');
    const { total, data } = await listPlaylists(c.var.db, { ...q, sort });
    return c.json({ total, data: data.map((p) => serializePlaylist(p, c.var.config)) });
  });

  return app;
}
