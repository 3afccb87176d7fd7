import { html } from 'hono/html';
import type { PageEnv } from './page-env';

/**
 * The watch page's link to "save to a playlist" (save-to-playlist.ts), for a signed-in viewer: the
 * form's list of playlists is read on its own page, so it costs the watch page nothing.
 */
export function saveToPlaylistLink(env: PageEnv, d: { shortUUID: string }) {
  return env.viewer ? html`<a class="button secondary save-to-playlist" href="/w/${d.shortUUID}/save">${env.t('playlists.saveTo')}</a>` : '';
}
