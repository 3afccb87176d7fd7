import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { edgeCache } from '../http/edge-cache';
import { ApiError } from '../errors';
import { listAccountPlaylists, listChannelPlaylists } from '../services/playlists';
import { videosExistInPlaylists } from '../services/playlist-elements';
import { isModerator } from '../services/viewer';
import { serializePlaylist } from '../serializers/playlist';
import { playlistListQuery } from './video-playlists';

const accountPlaylistsQuery = playlistListQuery.extend({ search: z.string().min(1).max(200).optional() });

/**
 * The playlist lists that hang off other resources (PeerTube's accounts.ts, video-channel.ts and
 * my-video-playlists.ts): an account's (all of them for their owner, Watch later included), a
 * channel's, and which of the viewer's playlists hold some videos.
 */
export function playlistListRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/accounts/:name/video-playlists', edgeCache({ kind: 'list' }), validate('query', accountPlaylistsQuery), async (c) => {
    const { db, config, viewer } = c.var;
    const reader = viewer && { accountId: viewer.accountId, moderator: isModerator(viewer) };
    const { total, data } = await listAccountPlaylists(db, config, c.req.param('name'), c.req.valid('query'), reader);
    return c.json({ total, data: data.map((p) => serializePlaylist(p, config)) });
  });

  app.get('/video-channels/:handle/video-playlists', edgeCache({ kind: 'list' }), validate('query', playlistListQuery), async (c) => {
    const { db, config } = c.var;
    const { total, data } = await listChannelPlaylists(db, config, c.req.param('handle'), c.req.valid('query'));
    return c.json({ total, data: data.map((p) => serializePlaylist(p, config)) });
  });

  app.get('/users/me/video-playlists/videos-exist', requireUser(), async (c) => {
    const raw = [...(c.req.queries('videoIds') ?? []), ...(c.req.queries('videoIds[]') ?? [])];
    const ids = raw.flatMap((v) => v.split(',')).map((v) => v.trim());
    if (ids.length === 0 || !ids.every((v) => /^\d{1,15}$/.test(v) && Number(v) > 0)) {
      throw ApiError.invalidParams({
        videoIds: { type: 'field', value: raw, msg: 'Should have a valid video ids array', path: 'videoIds', location: 'query' },
      });
    }
    return c.json(await videosExistInPlaylists(c.var.db, c.var.viewer.accountId, ids.map(Number)));
  });

  return app;
}
