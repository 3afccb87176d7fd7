import { html } from 'hono/html';
import type { Config } from '../config';
import type { VideoJson } from '../serializers/video';
import type { PageEnv } from './page-env';

/** Videos per page on every public list (home tabs, channels, accounts, search, subscriptions). */
export const PAGE_SIZE = 24;

/** `name` for a local actor, `name@host` for a remote one: the handle in /c/… and /a/… paths. */
export function actorHandle(actor: { name: string; host: string }, config: Config) {
  return actor.host === config.host ? actor.name : `${actor.name}@${actor.host}`;
}

export const channelPath = (ch: { name: string; host: string }, config: Config) => `/c/${actorHandle(ch, config)}`;
export const accountPath = (a: { name: string; host: string }, config: Config) => `/a/${actorHandle(a, config)}`;

export function duration(seconds: number) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A grid of video cards: thumbnail, title, channel, views and date. Everything is escaped by `html`. */
export function videoGrid(env: PageEnv, videos: VideoJson[]) {
  const { config, t } = env;
  if (videos.length === 0) return html`<p class="empty">${t('videos.none')}</p>`;
  return html`<ul class="videos">
    ${videos.map(
      (v) =>
        html`<li>
          <a href="/w/${v.shortUUID}" class="thumb"
            ><img src="${v.thumbnailPath ? `${config.publicUrl}${v.thumbnailPath}` : ''}" alt="" width="280" height="157" loading="lazy" />${
              v.duration ? html`<span class="duration">${duration(v.duration)}</span>` : ''
            }<span class="name">${v.name}</span></a
          >
          <a class="channel" href="${channelPath(v.channel, config)}">${v.channel.displayName}${v.isLocal ? '' : html` · ${v.channel.host}`}</a>
          <span class="meta">${t('watch.views', { count: v.views })} · <time datetime="${v.publishedAt}">${v.publishedAt.slice(0, 10)}</time></span>
        </li>`,
    )}
  </ul>`;
}

/** The feed links of a list: `<link rel="alternate">` tags for the head, and visible links. */
export function feedLinks(env: PageEnv, query: string, resource: 'videos' | 'subscriptions' = 'videos') {
  const base = `${env.config.publicUrl}/feeds/${resource}`;
  const q = query ? `?${query}` : '';
  const kinds = [
    ['xml', 'application/rss+xml', env.t('feeds.rss')],
    ['atom', 'application/atom+xml', env.t('feeds.atom')],
    ['json', 'application/json', env.t('feeds.json')],
  ] as const;
  return {
    head: html`${kinds.map(([ext, type, title]) => html`<link rel="alternate" type="${type}" href="${base}.${ext}${q}" title="${title}" />`)}`,
    body: html`<p class="feeds">${env.t('feeds.subscribe')} ${kinds.map(([ext, , title]) => html`<a href="${base}.${ext}${q}">${title}</a> `)}</p>`,
  };
}
