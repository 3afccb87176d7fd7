import { html } from 'hono/html';
import type { VideoJson } from '../serializers/video';
import type { MessageKey } from '../i18n';
import type { PageEnv } from './page-env';
import { layout } from './layout';
import { feedLinks, videoGrid } from './video-grid';
import { pager } from './paging';

/**
 * The home page's tabs, at PeerTube's paths (/videos/recently-added, /videos/trending,
 * /videos/local) and their sorts; "followed instances" lists the videos indexed from the
 * instances this one follows (`isLocal=false`).
 */
export const HOME_TABS = [
  { id: 'recent', path: '/videos/recently-added', sort: '-publishedAt', isLocal: undefined, label: 'tabs.recent' },
  { id: 'trending', path: '/videos/trending', sort: '-trending', isLocal: undefined, label: 'tabs.trending' },
  { id: 'local', path: '/videos/local', sort: '-publishedAt', isLocal: true, label: 'tabs.local' },
  { id: 'followed', path: '/videos/followed-instances', sort: '-publishedAt', isLocal: false, label: 'tabs.followed' },
] as const satisfies ReadonlyArray<{ id: string; path: string; sort: string; isLocal: boolean | undefined; label: MessageKey }>;
export type HomeTab = (typeof HOME_TABS)[number];

/** The home page (`/` is its first tab): tabs, one page of videos, paging links and the tab's feeds. */
export function renderHomePage(env: PageEnv, tab: HomeTab, path: string, videos: VideoJson[], page: number, total: number) {
  const { config, t } = env;
  const description = env.custom.instance.shortDescription;
  const feedQuery = new URLSearchParams({ sort: tab.sort, ...(tab.isLocal === undefined ? {} : { isLocal: String(tab.isLocal) }) }).toString();
  const feeds = feedLinks(env, feedQuery);
  const body = html`${description ? html`<p class="lead">${description}</p>` : ''}
    <nav class="tabs" aria-label="${t('tabs.label')}">
      <ul>
        ${HOME_TABS.map((x) => html`<li><a href="${x.path}" ${x.id === tab.id ? html`aria-current="page"` : ''}>${t(x.label)}</a></li>`)}
      </ul>
    </nav>
    <h1 class="sr">${t(tab.label)}</h1>
    ${videoGrid(env, videos)} ${pager(env, path, {}, page, total)} ${feeds.body}`;
  const title = path === '/' ? t('home.title') : t(tab.label);
  return layout(env, { title, description, url: `${config.publicUrl}${path}`, head: feeds.head }, body);
}
