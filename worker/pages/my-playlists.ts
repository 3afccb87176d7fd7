import type { Context } from 'hono';
import type { UserEnv } from '../http/context';
import { ApiError } from '../errors';
import { requireCsrf } from '../http/csrf';
import { PLAYLIST_TYPE } from '../db/schema';
import { listChannels } from '../services/channels';
import {
  createPlaylist,
  deletePlaylist,
  ensureWatchLater,
  getManageablePlaylist,
  listPlaylists,
  playlistRef,
  updatePlaylist,
  type PlaylistRow,
} from '../services/playlists';
import { playlistCreateSchema } from '../services/playlist-fields';
import { serializePlaylist } from '../serializers/playlist';
import { pageEnv } from './page-env';
import { signedInPages } from './guards';
import { formString, zodFieldErrors } from './forms';
import { MY_PLAYLISTS, renderMyPlaylists, renderPlaylistForm, type PlaylistForm } from './my-playlists-views';

const FIELDS = ['displayName', 'privacy', 'videoChannelId', 'description'] as const;

/** What {@link myPlaylists} lists, for a caller that reads it in its own pipeline. */
export const myPlaylistsOptions = (viewer: { accountId: number }) => ({
  accountId: viewer.accountId,
  includePrivate: true,
  start: 0,
  count: 100,
  sort: '-updatedAt',
});

/**
 * The viewer's playlists, Watch later included (made on the first visit, as PeerTube makes it with
 * the user): one round trip after that, none when the caller read the list already (`read`).
 */
export async function myPlaylists(c: Context<UserEnv>, read?: PlaylistRow[]) {
  const { db, config, viewer } = c.var;
  const list = () => listPlaylists(db, myPlaylistsOptions(viewer));
  let data = read ?? (await list()).data;
  if (!data.some((r) => r.playlist.type === PLAYLIST_TYPE.WATCH_LATER)) {
    await ensureWatchLater(db, config, viewer.accountId);
    ({ data } = await list());
  }
  return data;
}

async function myChannels(c: Context<UserEnv>) {
  const { data } = await listChannels(c.var.db, { accountId: c.var.viewer.accountId, start: 0, count: 100, sort: 'id' });
  return data.map(({ channel }) => ({ id: channel.id, displayName: channel.displayName }));
}

/** The playlist named in the path, if it is the viewer's own: the API's 403 for another's (moderators manage others' through the API). */
async function ownPlaylist(c: Context<UserEnv>): Promise<PlaylistRow> {
  const ref = playlistRef(c.req.param('playlistId') ?? '');
  const row = ref && (await getManageablePlaylist(c.var.db, ref, c.var.viewer));
  if (!row) throw ApiError.notFound('Video playlist not found');
  if (row.account.id !== c.var.viewer.accountId) throw ApiError.forbidden('Cannot manage video playlist of another user');
  return row;
}

function formValues(body: Record<string, unknown>) {
  return Object.fromEntries(FIELDS.map((k) => [k, formString(body, k)?.trim()])) as Record<(typeof FIELDS)[number], string | undefined>;
}

/** The form's values through the API's schema; a service's 400 (a public playlist without a channel) shown on the form. */
async function submit(c: Context<UserEnv>, values: Record<string, string | undefined>, save: (input: typeof playlistCreateSchema._output) => Promise<unknown>) {
  const env = await pageEnv(c);
  const parsed = playlistCreateSchema.safeParse({ ...values, description: values.description ?? '' });
  if (!parsed.success) return { values, errors: zodFieldErrors(parsed.error), error: env.t('form.invalid') };
  try {
    await save(parsed.data);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 400 || err.status === 403 || err.status === 404)) return { values, errors: {}, error: err.detail };
    throw err;
  }
  return undefined;
}

/** My playlists: list, create, edit and delete, through the services behind /api/v1/video-playlists. */
export function myPlaylistPages() {
  const app = signedInPages([MY_PLAYLISTS]);

  app.get(MY_PLAYLISTS, async (c) => {
    const env = await pageEnv(c);
    const done = c.req.query('done');
    const notice =
      done === 'created'
        ? env.t('playlists.created')
        : done === 'deleted'
          ? env.t('playlists.deletedNotice')
          : done === 'saved'
            ? env.t('playlists.saved')
            : undefined;
    const playlists = (await myPlaylists(c)).map((r) => serializePlaylist(r, env.config));
    return c.html(renderMyPlaylists(env, playlists, notice));
  });

  app.get(`${MY_PLAYLISTS}/new`, async (c) => c.html(renderPlaylistForm(await pageEnv(c), { values: {}, errors: {} }, await myChannels(c))));

  app.post(`${MY_PLAYLISTS}/new`, requireCsrf(), async (c) => {
    const { db, config, viewer } = c.var;
    const values = formValues(await c.req.parseBody());
    const failed = await submit(c, values, (input) => createPlaylist(db, config, c.env.JOBS, viewer, input));
    if (failed) return c.html(renderPlaylistForm(await pageEnv(c), failed, await myChannels(c)), 400);
    return c.redirect(`${MY_PLAYLISTS}?done=created`, 303);
  });

  const showEdit = async (c: Context<UserEnv>, row: PlaylistRow, form?: PlaylistForm) => {
    const p = row.playlist;
    const values = form?.values ?? {
      displayName: p.name,
      privacy: String(p.privacy),
      videoChannelId: p.channelId === null ? '' : String(p.channelId),
      description: p.description ?? '',
    };
    const env = await pageEnv(c);
    const existing = { shortUUID: serializePlaylist(row, env.config).shortUUID, name: p.name };
    return c.html(renderPlaylistForm(env, { values, errors: form?.errors ?? {}, error: form?.error }, await myChannels(c), existing), form ? 400 : 200);
  };

  app.get(`${MY_PLAYLISTS}/:playlistId/edit`, async (c) => showEdit(c, await ownPlaylist(c)));

  app.post(`${MY_PLAYLISTS}/:playlistId/edit`, requireCsrf(), async (c) => {
    const row = await ownPlaylist(c);
    const values = formValues(await c.req.parseBody());
    const failed = await submit(c, values, (input) =>
      updatePlaylist(c.var.db, c.env.JOBS, c.var.viewer, row, { ...input, videoChannelId: input.videoChannelId ?? null }),
    );
    if (failed) return showEdit(c, row, failed);
    return c.redirect(`${MY_PLAYLISTS}?done=saved`, 303);
  });

  app.post(`${MY_PLAYLISTS}/:playlistId/delete`, requireCsrf(), async (c) => {
    await deletePlaylist(c.var.db, c.env.JOBS, await ownPlaylist(c));
    return c.redirect(`${MY_PLAYLISTS}?done=deleted`, 303);
  });

  return app;
}
