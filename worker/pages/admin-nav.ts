import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { PageEnv } from './page-env';
import { isAdmin } from '../services/viewer';
import { layout } from './layout';
import { accountStyles } from './account-views';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The administration tabs; moderators see the ones PeerTube lets them use (users, moderation). */
const ADMIN_PAGES = [
  ['settings', '/admin/settings', 'admin.navSettings', 'admin'],
  ['users', '/admin/users', 'admin.navUsers', 'moderator'],
  ['follows', '/admin/follows', 'admin.navFollows', 'admin'],
  ['moderation', '/admin/moderation', 'admin.navModeration', 'moderator'],
  ['registrations', '/admin/registrations', 'reg.nav', 'moderator'],
  ['jobs', '/admin/jobs', 'admin.navJobs', 'admin'],
] as const;

export type AdminPage = (typeof ADMIN_PAGES)[number][0];

/** An administration page: the tabs, then the page's own title and body. */
export function adminLayout(env: PageEnv, current: AdminPage, title: string, body: Html) {
  const tabs = ADMIN_PAGES.filter(([, , , role]) => role === 'moderator' || isAdmin(env.viewer));
  return layout(
    env,
    { title, head: accountStyles },
    html`<nav class="tabs" aria-label="${env.t('admin.title')}">
        ${tabs.map(([id, href, label]) => html`<a href="${href}" ${id === current ? html` aria-current="page"` : ''}>${env.t(label)}</a>`)}
      </nav>
      <h1>${title}</h1>
      ${body}`,
  );
}
