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
    const { startDate, endDate, originallyPublishedStartDate, originallyPublishedEndDate, durationMin, durationMax } = q;
    const filters = { startDate, endDate, originallyPublishedStartDate, originallyPublishedEndDate, durationMin, durationMax };
    const { total, data } = await searchVideos({ db, config, queue: c.env.JOBS }, viewer, q.search ?? '', q, policy, filters);
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
