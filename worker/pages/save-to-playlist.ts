import { html } from 'hono/html';
import type { Context } from 'hono';
import type { UserEnv } from '../http/context';
import { ApiError } from '../errors';
import { requireCsrf } from '../http/csrf';
import { parseVideoId, uuidToShort } from '../services/short-uuid';
import { canViewRow, findVideoRow, videoRefIds, videoRowQuery, type VideoRow } from '../services/video-queries';
import { getManageablePlaylist, playlistListQueries, toPlaylistList } from '../services/playlists';
import { addPlaylistElement, playlistsHoldingQuery } from '../services/playlist-elements';
import { serializePlaylist } from '../serializers/playlist';
import type { PageEnv } from './page-env';
import { pageEnv } from './page-env';
import { csrfField, layout } from './layout';
import { formString } from './forms';
import { savedNotice } from './form-controls';
import { signedInPages } from './guards';
import { myPlaylists, myPlaylistsOptions } from './my-playlists';
import { playlistName, playlistPath, playlistStyles, type PlaylistJson } from './playlist-views';

const SAVE_PATH = '/w/:id/save';

/** The video of the path, if this viewer may watch it (the watch page's rule). */
async function viewableVideo(c: Context<UserEnv>): Promise<VideoRow> {
  const ref = parseVideoId(c.req.param('id') ?? '');
  return viewable(c, ref ? await findVideoRow(c.var.db, ref) : undefined);
}

function viewable(c: Context<UserEnv>, row: VideoRow | undefined): VideoRow {
  if (!row || !canViewRow(row, c.var.viewer)) throw ApiError.notFound('Video not found');
  return row;
}

function renderSaveForm(env: PageEnv, video: VideoRow, playlists: PlaylistJson[], holding: Set<number>, notice?: string) {
  const { t } = env;
  const short = uuidToShort(video.video.uuid);
  const body = html`<section class="narrow">
    <h1>${t('playlists.saveTo')}</h1>
    <p><a href="/w/${short}">${video.video.name}</a></p>
    ${savedNotice(notice)}
    <ul class="save-to-playlist">
      ${playlists.map(
        (p) =>
          html`<li>
            <a href="${playlistPath(p)}">${playlistName(env, p)}</a>
            ${
              holding.has(p.id)
                ? html`<span class="meta">${t('playlists.alreadyIn')}</span>`
                : html`<form method="post" action="/w/${short}/save" class="inline">
                    ${csrfField(env)}<input type="hidden" name="playlistId" value="${p.id}" /><button type="submit" class="secondary">
                      ${t('playlists.add')}<span class="sr"> · ${playlistName(env, p)}</span>
                    </button>
                  </form>`
            }
          </li>`,
      )}
    </ul>
    <p><a href="/my/library/video-playlists/new">${t('playlists.newPlaylist')}</a></p>
  </section>`;
  return layout(env, { title: t('playlists.saveTo'), head: playlistStyles }, body);
}

/** Save to a playlist: the viewer's playlists (Watch later included), each with an Add form, through the API's services. */
export function saveToPlaylistPages() {
  const app = signedInPages([SAVE_PATH]);

  // The video, the viewer's playlists and those holding it in one round trip (issue 9).
  app.get(SAVE_PATH, async (c) => {
    const { db, viewer } = c.var;
    const ref = parseVideoId(c.req.param('id') ?? '');
    if (!ref) throw ApiError.notFound('Video not found');
    const { videoId } = videoRefIds(ref);
    const [videoRows, listed, total, held] = await db.batch([
      videoRowQuery(db, ref),
      ...playlistListQueries(db, myPlaylistsOptions(viewer)),
      playlistsHoldingQuery(db, viewer.accountId, typeof videoId === 'number' ? [videoId] : videoId),
    ]);
    const video = viewable(c, videoRows[0]);
    const env = await pageEnv(c);
    const rows = await myPlaylists(c, toPlaylistList([listed, total]).data);
    const playlists = rows.map((r) => serializePlaylist(r, env.config));
    const holding = new Set(held.map((e) => e.playlistId));
    const added = playlists.find((p) => p.shortUUID === c.req.query('added'));
    return c.html(renderSaveForm(env, video, playlists, holding, added && env.t('playlists.added', { name: playlistName(env, added) })));
  });

  app.post(SAVE_PATH, requireCsrf(), async (c) => {
    const video = await viewableVideo(c);
    const id = formString(await c.req.parseBody(), 'playlistId') ?? '';
    if (!/^\d{1,15}$/.test(id)) throw ApiError.badRequest('Should have a valid playlist id');
    const row = await getManageablePlaylist(c.var.db, { id: Number(id) }, c.var.viewer);
    if (row.account.id !== c.var.viewer.accountId) throw ApiError.forbidden('Cannot manage video playlist of another user');
    await addPlaylistElement(c.var.db, c.env.JOBS, row, { kind: 'id', id: video.video.id }, {});
    return c.redirect(`/w/${uuidToShort(video.video.uuid)}/save?added=${uuidToShort(row.playlist.uuid)}`, 303);
  });

  return app;
}
