import { html } from 'hono/html';
import type { PageEnv } from './page-env';
import { isModerator } from '../services/viewer';

/** The top nav's links for a signed-in user: notifications with the unread count, account, administration. */
export function signedInLinks(env: PageEnv) {
  const { t } = env;
  const unread = env.unreadNotifications ?? 0;
  return html`<a href="/my/notifications" class="notif-link"
      >${t('nav.notifications')}${
        unread ? html` <span class="badge" aria-label="${t('nav.unread', { count: unread })}">${unread > 99 ? '99+' : unread}</span>` : ''
      }</a
    >
    <a href="/my/account">${t('nav.account')}</a>${isModerator(env.viewer) ? html` <a href="/admin">${t('nav.admin')}</a>` : ''}`;
}

const MY_PAGES = [
  ['account', '/my/account', 'nav.account'],
  ['channels', '/my/channels', 'nav.channels'],
  ['notifications', '/my/notifications', 'nav.notifications'],
  ['videos', '/my/videos', 'nav.myVideos'],
  ['history', '/my/history/videos', 'history.nav'],
  ['playlists', '/my/library/video-playlists', 'nav.playlists'],
] as const;

/** The tabs of the "my" pages; the current one carries aria-current. */
export function accountSubnav(env: PageEnv, current: (typeof MY_PAGES)[number][0]) {
  return html`<nav class="tabs" aria-label="${env.t('nav.account')}">
    ${MY_PAGES.map(([id, href, label]) => html`<a href="${href}" ${id === current ? html` aria-current="page"` : ''}>${env.t(label)}</a>`)}
  </nav>`;
}
