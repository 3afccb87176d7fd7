import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { validate } from '../http/validate';
import { edgeCache } from '../http/edge-cache';
import { paginationSchema } from '../http/pagination';
import { findVideoRow, listVideos, VIDEO_SORTS, viewerNsfwPolicy } from '../services/video-queries';
import { CHANNEL_SORTS, getChannelByHandle, listChannels } from '../services/channels';
import { serializeVideo } from '../serializers/video';
import { serializeChannel } from '../serializers/channel';
import { listPlaylists } from '../services/playlists';
import { serializePlaylist } from '../serializers/playlist';
import { ApiError } from '../errors';
import { findVideoIdByUrl, resolveRemoteChannel, resolveRemoteVideo } from '../federation/search-remote';

/** validator.isISO8601: a date, or a date and time (with an optional offset). */
const isoDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?)?)?$/, 'Should have a date that conforms to ISO 8601')
  .refine((v) => !Number.isNaN(Date.parse(v)), 'Should have a date that conforms to ISO 8601')
  .transform((v) => new Date(v));
const intLike = z
  .string()
  .regex(/^[-+]?\d+$/)
  .transform(Number);
/** The search index is not enabled here: `local` is the one valid target (isSearchTargetValid). */
const searchTarget = z.literal('local').optional();

/** PeerTube's videosSearchValidator (server/core/middlewares/validators/search.ts). */
const videosQuery = paginationSchema(VIDEO_SORTS, '-publishedAt').extend({
  search: z.string().trim().min(1).max(500).optional(),
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
  originallyPublishedStartDate: isoDate.optional(),
  originallyPublishedEndDate: isoDate.optional(),
  durationMin: intLike.optional(),
  durationMax: intLike.optional(),
  searchTarget,
});
/** videoChannelsListSearchValidator. */
const channelsQuery = paginationSchema(CHANNEL_SORTS, '-createdAt').extend({
  search: z.string().trim().min(1).max(500).optional(),
  searchTarget,
});

// PeerTube's SORTABLE_COLUMNS.VIDEO_PLAYLISTS_SEARCH; `match` ranks newest first here.
const playlistsQuery = paginationSchema(['match', 'displayName', 'createdAt'] as const, '-match').extend({
  search: z.string().trim().min(1).max(500).optional(),
  searchTarget,
});

const isUrl = (s: string) => /^https?:\/\//i.test(s);
/** `name@host` or `@name@host`, as PeerTube's channel search takes a handle. */
const isHandle = (s: string) => /^@?[^@\s/]+@[^@\s/]+$/.test(s);

/**
 * /search (PeerTube's search controllers). A URL searched for is fetched from its
 * origin and indexed, for logged-in users only (PeerTube's default
 * search.remote_uri: users true, anonymous false); anonymous users get what is
 * already known. Anything else is a local search.
 */
export function searchRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/videos', validate('query', videosQuery), async (c) => {
    const { db, config, viewer } = c.var;
    const q = c.req.valid('query');
    const search = q.search ?? '';
    if (isUrl(search)) {
      const deps = { db, config, queue: c.env.JOBS };
      const videoId = viewer ? await resolveRemoteVideo(deps, search) : await findVideoIdByUrl(deps, search);
      const row = videoId ? await findVideoRow(db, { kind: 'id', id: videoId }) : undefined;
      const visible = row && (row.video.privacy === 1 || (row.video.privacy === 4 && viewer) || (row.video.privacy === 2 && !row.video.isLocal));
      return c.json({ total: visible ? 1 : 0, data: visible ? [serializeVideo(row, config)] : [] });
    }
    const policy = await viewerNsfwPolicy(db, viewer);
    const { startDate, endDate, originallyPublishedStartDate, originallyPublishedEndDate, durationMin, durationMax } = q;
    const filters = { search: search || undefined, startDate, endDate, originallyPublishedStartDate, originallyPublishedEndDate, durationMin, durationMax };
    const { total, data } = await listVideos(db, viewer, { kind: 'public' }, filters, q, policy);
    return c.json({ total, data: data.map((row) => serializeVideo(row, config)) });
  });

  app.get('/video-channels', validate('query', channelsQuery), async (c) => {
    const { db, config, viewer } = c.var;
    const q = c.req.valid('query');
    const search = q.search ?? '';
    if (isUrl(search) || isHandle(search)) {
      const deps = { db, config, queue: c.env.JOBS };
      const handle = viewer ? await resolveRemoteChannel(deps, search) : isHandle(search) ? search.replace(/^@/, '') : null;
      if (!handle) return c.json({ total: 0, data: [] });
      try {
        return c.json({ total: 1, data: [serializeChannel(await getChannelByHandle(db, config, handle), config)] });
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return c.json({ total: 0, data: [] });
        throw err;
      }
    }
    const { total, data } = await listChannels(db, { ...q, search: search || undefined });
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
