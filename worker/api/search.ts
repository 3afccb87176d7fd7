import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { validate } from '../http/validate';
import { edgeCache, markPublic } from '../http/edge-cache';
import { VIDEO_PRIVACY } from '../db/schema';
import { completeUuids, hostFilter } from '../services/search-filters';
import { videoFilters } from './videos-params';
import { paginationSchema } from '../http/pagination';
import { VIDEO_SORTS, viewerNsfwPolicy } from '../services/video-queries';
import { CHANNEL_SORTS } from '../services/channels';
import { searchChannels, searchesRemotely, searchVideos } from '../services/search';
import { invalidateAfterRead } from '../http/edge-cache-invalidate';
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
/** express-validator's toArray: one value or several (`x=a&x=b`). */
const oneOrMany = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
/** PeerTube's `uuids`: toArray, toCompleteUUIDs, areUUIDsValid. `uuids[]` is the same list. */
const uuids = oneOrMany
  .transform((v, ctx) => completeUuids(v) ?? (ctx.addIssue({ code: 'custom', message: 'Should have valid array of uuid' }), z.NEVER))
  .optional();
/** PeerTube's `handles`: toArray, isNotEmptyStringArray. */
const handles = oneOrMany.refine((v) => v.every((h) => h.length > 0), 'Should have valid array of handles').optional();
/** PeerTube's `host`; its form is checked against this instance's (services/search-filters.ts `hostFilter`). */
const host = z.string().optional();
const allUuids = (q: { uuids?: string[]; 'uuids[]'?: string[] }) => (q.uuids || q['uuids[]'] ? [...(q.uuids ?? []), ...(q['uuids[]'] ?? [])] : undefined);

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
  host,
  uuids,
  'uuids[]': uuids,
  searchTarget,
});
/** videoChannelsListSearchValidator. */
const channelsQuery = paginationSchema(CHANNEL_SORTS, '-createdAt').extend({
  search: z.string().trim().min(1).max(500).optional(),
  host,
  handles,
  'handles[]': handles,
  searchTarget,
});

// PeerTube's SORTABLE_COLUMNS.VIDEO_PLAYLISTS_SEARCH; `match` ranks newest first here.
const playlistsQuery = paginationSchema(['match', 'displayName', 'createdAt'] as const, '-match').extend({
  search: z.string().trim().min(1).max(500).optional(),
  host,
  uuids,
  'uuids[]': uuids,
  searchTarget,
});

/**
 * /search (PeerTube's search controllers), over services/search.ts: a URL or handle is fetched
 * from its origin for logged-in users only; anonymous users get what is already known. Anonymous
 * results are public lists, on the edge cache (ADR 0017); a URL search may find an unlisted remote
 * video, which is never stored.
 */
export function searchRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/videos', edgeCache({ kind: 'list', whenMarked: true }), validate('query', videosQuery), async (c) => {
    const { db, config, viewer } = c.var;
    const q = c.req.valid('query');
    const policy = await viewerNsfwPolicy(db, viewer);
    const { startDate, endDate, originallyPublishedStartDate, originallyPublishedEndDate, durationMin, durationMax } = q;
    const filters = { startDate, endDate, originallyPublishedStartDate, originallyPublishedEndDate, durationMin, durationMax };
    // PeerTube's pickSearchVideoQuery: the lists' common filters, then the search's own.
    const search = { ...videoFilters(c, { search: false }), ...filters, host: hostFilter(config, q.host), uuids: allUuids(q) };
    const { total, data } = await searchVideos({ db, config, queue: c.env.JOBS }, viewer, q.search ?? '', q, policy, search);
    if (searchesRemotely(viewer, q.search)) await invalidateAfterRead(c);
    if (data.every((row) => row.video.privacy === VIDEO_PRIVACY.PUBLIC)) markPublic(c);
    return c.json({ total, data: data.map((row) => serializeVideo(row, config)) });
  });

  app.get('/video-channels', edgeCache({ kind: 'list' }), validate('query', channelsQuery), async (c) => {
    const { db, config, viewer } = c.var;
    const q = c.req.valid('query');
    const filters = { host: hostFilter(config, q.host), handles: [...(q.handles ?? []), ...(q['handles[]'] ?? [])] };
    const { total, data } = await searchChannels({ db, config, queue: c.env.JOBS }, viewer, q.search ?? '', q, filters);
    if (searchesRemotely(viewer, q.search)) await invalidateAfterRead(c);
    return c.json({ total, data: data.map((ch) => serializeChannel(ch, config)) });
  });

  app.get('/video-playlists', edgeCache({ kind: 'list' }), validate('query', playlistsQuery), async (c) => {
    const q = c.req.valid('query');
    const sort = q.sort.replace('match', 'createdAt').replace(/^(-?)displayName$/, '$1name');
    const filters = { host: hostFilter(c.var.config, q.host), uuids: allUuids(q) };
    const { total, data } = await listPlaylists(c.var.db, { ...q, ...filters, sort });
    return c.json({ total, data: data.map((p) => serializePlaylist(p, c.var.config)) });
  });

  return app;
}
