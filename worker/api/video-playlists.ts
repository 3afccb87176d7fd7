import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { edgeCache, markPublic } from '../http/edge-cache';
import { PLAYLIST_PRIVACY } from '../db/schema';
import { paginationSchema } from '../http/pagination';
import { ApiError, toInvalidParams } from '../errors';
import {
  assertPlaylistVisible,
  createPlaylist,
  deletePlaylist,
  getManageablePlaylist,
  getVisiblePlaylist,
  listPlaylists,
  PLAYLIST_SORTS,
  playlistRef,
  storePlaylistThumbnail,
  updatePlaylist,
} from '../services/playlists';
import { addPlaylistElement, removePlaylistElement, reorderPlaylist, updatePlaylistElement } from '../services/playlist-elements';
import { findPlaylistElements } from '../services/playlist-page-reads';
import { parseVideoId, uuidToShort } from '../services/short-uuid';
import { PLAYLIST_PRIVACY_LABELS, serializePlaylist, serializePlaylistElement } from '../serializers/playlist';
import { intLike, playlistCreateSchema as createBody, playlistUpdateSchema as updateBody } from '../services/playlist-fields';

export const playlistListQuery = paginationSchema(PLAYLIST_SORTS, '-createdAt').extend({
  playlistType: intLike.refine((t) => t === 1 || t === 2, 'Invalid value').optional(),
});
const timestamp = z.preprocess((v) => (v === '' ? null : v), intLike.pipe(z.number().min(0)).nullable());
const addElementBody = z.object({
  videoId: z.union([z.string(), z.number()], { message: 'Should have a valid video id/uuid/short uuid' }).transform((v, ctx) => {
    const ref = parseVideoId(String(v));
    if (!ref) ctx.addIssue({ code: 'custom', message: 'Should have a valid video id/uuid/short uuid' });
    return ref!;
  }),
  startTimestamp: timestamp.optional(),
  stopTimestamp: timestamp.optional(),
});
const updateElementBody = z.object({ startTimestamp: timestamp.optional(), stopTimestamp: timestamp.optional() });
const reorderBody = z.object({
  startPosition: intLike.pipe(z.number().min(1)),
  insertAfterPosition: intLike.pipe(z.number().min(0)),
  reorderLength: intLike.pipe(z.number().min(1)).optional(),
});
const elementsQuery = paginationSchema(['position'] as const, 'position');

function refOf(c: Context) {
  const value = c.req.param('playlistId') ?? '';
  const ref = playlistRef(value);
  if (!ref) throw ApiError.invalidParams({ playlistId: { type: 'field', value, msg: 'Invalid value', path: 'playlistId', location: 'params' } });
  return ref;
}

function elementIdOf(c: Context) {
  const value = c.req.param('elementId') ?? '';
  if (!/^\d{1,15}$/.test(value) || Number(value) <= 0) {
    throw ApiError.invalidParams({ playlistElementId: { type: 'field', value, msg: 'Invalid value', path: 'playlistElementId', location: 'params' } });
  }
  return Number(value);
}

/** JSON or multipart/form-data with `thumbnailfile`, as PeerTube's web client sends playlists. */
async function readPlaylistBody<E extends AppEnv, S extends z.ZodTypeAny>(c: Context<E>, schema: S): Promise<{ body: z.output<S>; thumbnail?: File }> {
  let raw: Record<string, unknown>;
  let thumbnail: File | undefined;
  if (/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
    const form = await c.req.parseBody();
    raw = {};
    for (const [k, v] of Object.entries(form)) {
      if (k === 'thumbnailfile' && v instanceof File) thumbnail = v;
      else if (typeof v === 'string') raw[k] = v;
    }
  } else {
    raw = await c.req.json().catch(() => {
      throw ApiError.badRequest('Malformed JSON body.');
    });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw ApiError.invalidParams(toInvalidParams(parsed.error, raw, 'json'));
  return { body: parsed.data, thumbnail };
}

/** /video-playlists: PeerTube's controllers/api/video-playlist.ts. */
export function videoPlaylistRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/privacies', edgeCache({ kind: 'static' }), (c) => c.json(PLAYLIST_PRIVACY_LABELS));

  app.get('/', edgeCache({ kind: 'list' }), validate('query', playlistListQuery), async (c) => {
    const { total, data } = await listPlaylists(c.var.db, c.req.valid('query'));
    return c.json({ total, data: data.map((r) => serializePlaylist(r, c.var.config)) });
  });

  app.post('/', requireUser(), async (c) => {
    const { db, config, viewer } = c.var;
    const { body, thumbnail } = await readPlaylistBody(c, createBody);
    const created = await createPlaylist(db, config, c.env.JOBS, viewer, body, thumbnail && ((uuid) => storePlaylistThumbnail(c.env.MEDIA, uuid, thumbnail)));
    return c.json({ videoPlaylist: { id: created.id, shortUUID: uuidToShort(created.uuid), uuid: created.uuid } });
  });

  app.get('/:playlistId', edgeCache({ kind: 'content', whenMarked: true }), async (c) => {
    const row = await getVisiblePlaylist(c.var.db, refOf(c), c.var.viewer);
    if (row.playlist.privacy === PLAYLIST_PRIVACY.PUBLIC) markPublic(c);
    return c.json(serializePlaylist(row, c.var.config));
  });

  app.put('/:playlistId', requireUser(), async (c) => {
    const { db, viewer } = c.var;
    const row = await getManageablePlaylist(db, refOf(c), viewer);
    const { body, thumbnail } = await readPlaylistBody(c, updateBody);
    await updatePlaylist(db, c.env.JOBS, viewer, row, body, thumbnail && ((uuid) => storePlaylistThumbnail(c.env.MEDIA, uuid, thumbnail)));
    return c.body(null, 204);
  });

  app.delete('/:playlistId', requireUser(), async (c) => {
    const row = await getManageablePlaylist(c.var.db, refOf(c), c.var.viewer);
    await deletePlaylist(c.var.db, c.env.JOBS, row);
    return c.body(null, 204);
  });

  app.get('/:playlistId/videos', edgeCache({ kind: 'content', whenMarked: true }), validate('query', elementsQuery), async (c) => {
    const { db, config, viewer } = c.var;
    const ref = refOf(c);
    // The playlist and the page of its elements in one round trip; shown once the viewer may see the playlist.
    const { playlist, total, data } = await findPlaylistElements(db, ref, c.req.valid('query'));
    const row = assertPlaylistVisible(playlist, ref, viewer);
    if (row.playlist.privacy === PLAYLIST_PRIVACY.PUBLIC) markPublic(c);
    return c.json({ total, data: data.map((e) => serializePlaylistElement(e, config, viewer)) });
  });

  app.post('/:playlistId/videos', requireUser(), validate('json', addElementBody), async (c) => {
    const { db, viewer } = c.var;
    const row = await getManageablePlaylist(db, refOf(c), viewer);
    const { videoId, ...timestamps } = c.req.valid('json');
    const element = await addPlaylistElement(db, c.env.JOBS, row, videoId, timestamps);
    return c.json({ videoPlaylistElement: { id: element.id } });
  });

  app.post('/:playlistId/videos/reorder', requireUser(), validate('json', reorderBody), async (c) => {
    const row = await getManageablePlaylist(c.var.db, refOf(c), c.var.viewer);
    await reorderPlaylist(c.var.db, c.env.JOBS, row, c.req.valid('json'));
    return c.body(null, 204);
  });

  app.put('/:playlistId/videos/:elementId', requireUser(), validate('json', updateElementBody), async (c) => {
    const elementId = elementIdOf(c);
    const row = await getManageablePlaylist(c.var.db, refOf(c), c.var.viewer);
    await updatePlaylistElement(c.var.db, c.env.JOBS, row, elementId, c.req.valid('json'));
    return c.body(null, 204);
  });

  app.delete('/:playlistId/videos/:elementId', requireUser(), async (c) => {
    const elementId = elementIdOf(c);
    const row = await getManageablePlaylist(c.var.db, refOf(c), c.var.viewer);
    await removePlaylistElement(c.var.db, c.env.JOBS, row, elementId);
    return c.body(null, 204);
  });

  return app;
}
