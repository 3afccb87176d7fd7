import { html } from 'hono/html';
import type { PageEnv } from './page-env';
import { PLAYLIST_PRIVACY, PLAYLIST_TYPE } from '../db/schema';
import { csrfField, layout } from './layout';
import { field, formAlert, type FieldErrors } from './forms';
import { savedNotice, selectField, textareaField } from './form-controls';
import { accountSubnav } from './account-nav';
import { accountStyles } from './account-views';
import { listTable } from './list-table';
import { playlistName, playlistPath, privacyLabel, type PlaylistJson } from './playlist-views';

export const MY_PLAYLISTS = '/my/library/video-playlists';

export function renderMyPlaylists(env: PageEnv, playlists: PlaylistJson[], notice?: string) {
  const { t } = env;
  const body = html`${accountSubnav(env, 'playlists')}
    <h1>${t('playlists.title')}</h1>
    ${savedNotice(notice)}
    <p><a class="button" href="${MY_PLAYLISTS}/new">${t('playlists.create')}</a></p>
    ${listTable(
      [t('playlists.name'), t('playlists.privacy'), t('playlist.channelVideosTab'), { sr: t('playlists.edit') }],
      playlists.map(
        (p) =>
          html`<tr>
            <td><a href="${playlistPath(p)}">${playlistName(env, p)}</a></td>
            <td>${privacyLabel(env, p.privacy.id)}</td>
            <td>${p.videosLength}</td>
            <td>${p.type.id === PLAYLIST_TYPE.WATCH_LATER ? '' : html`<a href="${MY_PLAYLISTS}/${p.shortUUID}/edit">${t('playlists.edit')}</a>`}</td>
          </tr>`,
      ),
      { empty: t('playlists.none') },
    )}`;
  return layout(env, { title: t('playlists.title'), head: accountStyles }, body);
}

export type PlaylistForm = { values: Record<string, string | undefined>; errors: FieldErrors; error?: string };

/** The create form, or the edit form (`existing`: the playlist's short uuid and name) with the delete form under it. */
export function renderPlaylistForm(
  env: PageEnv,
  form: PlaylistForm,
  channels: Array<{ id: number; displayName: string }>,
  existing?: { shortUUID: string; name: string },
) {
  const { t } = env;
  const v = form.values;
  const title = existing ? t('playlists.editTitle', { name: existing.name }) : t('playlists.create');
  const action = existing ? `${MY_PLAYLISTS}/${existing.shortUUID}/edit` : `${MY_PLAYLISTS}/new`;
  const privacies = [PLAYLIST_PRIVACY.PRIVATE, PLAYLIST_PRIVACY.UNLISTED, PLAYLIST_PRIVACY.PUBLIC].map((id) => [id, privacyLabel(env, id)] as [number, string]);
  const body = html`${accountSubnav(env, 'playlists')}
    <section class="narrow wide">
      <h1>${title}</h1>
      ${formAlert(form.error)}
      <form method="post" action="${action}" class="stack" novalidate>
        ${csrfField(env)}
        ${field(env, form.errors, { name: 'displayName', label: 'playlists.name', value: v.displayName, required: true, attrs: { maxlength: '120' } })}
        ${selectField(env, form.errors, { name: 'privacy', label: 'playlists.privacy', value: v.privacy ?? String(PLAYLIST_PRIVACY.PRIVATE), choices: privacies })}
        ${selectField(env, form.errors, {
          name: 'videoChannelId',
          label: 'playlists.channel',
          value: v.videoChannelId ?? '',
          choices: [['', t('playlists.noChannel')], ...channels.map((c) => [c.id, c.displayName] as [number, string])],
        })}
        ${textareaField(env, form.errors, { name: 'description', label: 'playlists.description', value: v.description, maxlength: 1000 })}
        <button type="submit">${existing ? t('playlists.save') : t('playlists.create')}</button>
      </form>
      ${
        existing
          ? html`<section class="panel danger" aria-labelledby="delete-title">
              <h2 id="delete-title">${t('playlists.delete')}</h2>
              <p>${t('playlists.deleteHelp')}</p>
              <form method="post" action="${MY_PLAYLISTS}/${existing.shortUUID}/delete">
                ${csrfField(env)}
                <button type="submit" class="danger">${t('playlists.delete')}</button>
              </form>
            </section>`
          : ''
      }
    </section>`;
  return layout(env, { title, head: accountStyles }, body);
}
