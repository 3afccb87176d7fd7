import { html } from 'hono/html';
import type { VideoDetailsJson } from '../serializers/video';
import type { serializePlaylist, serializePlaylistElement } from '../serializers/playlist';
import type { ChannelJson } from '../serializers/channel';
import { PLAYLIST_PRIVACY, PLAYLIST_TYPE } from '../db/schema';
import type { PageEnv } from './page-env';
import type { PlayerOptions } from './embed-options';
import type { WatchData } from './watch';
import { gatedPlayer } from './watch';
import { layout } from './layout';
import { renderMarkdown } from './markdown';
import { accountPath, channelPath } from './video-grid';
import { pager } from './paging';

export type PlaylistJson = ReturnType<typeof serializePlaylist>;
export type PlaylistElementJson = ReturnType<typeof serializePlaylistElement>;

/** The playlist pages' stylesheet (web/public/playlists.css). */
export const playlistStyles = html`<link rel="stylesheet" href="/playlists.css" />`;

/** The privacy's label in the page's language (the API's labels are PeerTube's English ones). */
export const privacyLabel = (env: PageEnv, id: number) =>
  env.t(id === PLAYLIST_PRIVACY.PUBLIC ? 'playlists.public' : id === PLAYLIST_PRIVACY.UNLISTED ? 'playlists.unlisted' : 'playlists.privatePrivacy');

/** "Watch later" is PeerTube's name of the built-in playlist: shown in the page's language. */
export const playlistName = (env: PageEnv, p: PlaylistJson) => (p.type.id === PLAYLIST_TYPE.WATCH_LATER ? env.t('playlists.watchLater') : p.displayName);

export const playlistPath = (p: { shortUUID: string }, position?: number) =>
  `/w/p/${p.shortUUID}${position && position > 1 ? `?playlistPosition=${position}` : ''}`;

export type PlaylistPageView = {
  playlist: PlaylistJson;
  elements: PlaylistElementJson[];
  position: number;
  /** The list's page shown, its size, and the page that holds `position` (the one shown without `?page=`). */
  page: { page: number; size: number; positionPage: number };
  /** The current element's video, when this viewer may watch it. */
  current?: { details: VideoDetailsJson; nsfwPolicy: WatchData['nsfwPolicy']; options: PlayerOptions };
};

/**
 * One page of the elements in order, the current one marked: thumbnails and titles, or why a video
 * is not shown; then links to the other pages, which keep the current element.
 */
function elementList(env: PageEnv, p: PlaylistJson, elements: PlaylistElementJson[], position: number, page: PlaylistPageView['page']) {
  const { t, config } = env;
  if (p.videosLength === 0) return html`<p class="empty">${t('playlist.empty')}</p>`;
  const query = { playlistPosition: position > 1 ? String(position) : undefined };
  return html`<ol class="playlist-elements" aria-label="${t('playlist.list')}" start="${page.size * (page.page - 1) + 1}">
      ${elements.map((e) => {
        const v = e.video;
        const label = v ? v.name : e.type === 1 ? t('playlist.deleted') : t('playlist.private');
        return html`<li${e.position === position ? html` aria-current="true" class="current"` : ''}>
        <a href="${playlistPath(p, e.position)}"
          ><span class="position">${e.position}</span>${
            v?.thumbnailPath ? html`<img src="${config.publicUrl}${v.thumbnailPath}" alt="" width="120" height="67" loading="lazy" />` : ''
          }<span class="name">${label}</span></a
        >${v ? html` <a class="channel meta" href="${channelPath(v.channel, config)}">${v.channel.displayName}</a>` : ''}
      </li>`;
      })}
    </ol>
    ${pager(env, playlistPath(p), query, page.page, p.videosLength, { size: page.size, defaultPage: page.positionPage })}`;
}

/** Previous and next links around the current position (plain links: they work without JavaScript). */
function stepLinks(env: PageEnv, p: PlaylistJson, position: number) {
  const { t } = env;
  const total = p.videosLength;
  if (total === 0) return '';
  return html`<nav class="pager playlist-steps" aria-label="${t('playlist.list')}">
    ${position > 1 ? html`<a href="${playlistPath(p, position - 1)}" rel="prev">${t('playlist.previous')}</a>` : ''}
    <span>${t('playlist.position', { position, total })}</span>
    ${position < total ? html`<a href="${playlistPath(p, position + 1)}" rel="next">${t('playlist.next')}</a>` : ''}
  </nav>`;
}

/** /w/p/:playlistId: the current video's player, then the playlist, its owner, description and videos. */
export function renderPlaylistPage(env: PageEnv, view: PlaylistPageView) {
  const { config, t } = env;
  const p = view.playlist;
  const cur = view.current;
  const stage = cur
    ? html`${gatedPlayer(env, cur.details, cur.nsfwPolicy, cur.options)}
        <h2 class="current-video"><a href="/w/${cur.details.shortUUID}" title="${t('playlist.watchVideo')}">${cur.details.name}</a></h2>`
    : p.videosLength
      ? html`<p class="note">${t('playlist.noCurrent')}</p>`
      : '';
  const body = html`<article class="watch playlist">
    ${stage} ${stepLinks(env, p, view.position)}
    <h1>${playlistName(env, p)}</h1>
    <p class="byline meta">
      <a href="${accountPath(p.ownerAccount, config)}">${t('playlist.by', { name: p.ownerAccount.displayName })}</a>${
        p.videoChannel ? html` · <a href="${channelPath(p.videoChannel, config)}">${t('playlist.channel', { name: p.videoChannel.displayName })}</a>` : ''
      }
      · ${t('playlist.videos', { count: p.videosLength })} · ${privacyLabel(env, p.privacy.id)}
    </p>
    ${p.description ? html`<div class="description markdown">${renderMarkdown(p.description)}</div>` : ''}
    ${elementList(env, p, view.elements, view.position, view.page)}
  </article>`;
  const alternate =
    p.privacy.id === PLAYLIST_PRIVACY.PUBLIC
      ? html`<link rel="alternate" type="application/activity+json" href="${p.url}" />`
      : html`<meta name="robots" content="noindex" />`;
  return layout(
    env,
    {
      title: cur ? `${cur.details.name} · ${playlistName(env, p)}` : playlistName(env, p),
      description: p.description ?? undefined,
      url: `${config.publicUrl}${playlistPath(p, view.position)}`,
      image: p.thumbnailPath ? `${config.publicUrl}${p.thumbnailPath}` : undefined,
      head: html`${alternate}${playlistStyles}`,
      scripts: cur ? ['/js/watch.js'] : [],
    },
    body,
  );
}

/** Playlists as cards: thumbnail, name, video count. */
export function playlistGrid(env: PageEnv, playlists: PlaylistJson[], empty: string) {
  const { config, t } = env;
  if (playlists.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<ul class="videos playlists">
    ${playlists.map(
      (p) =>
        html`<li>
          <a href="${playlistPath(p)}" class="thumb"
            >${p.thumbnailPath ? html`<img src="${config.publicUrl}${p.thumbnailPath}" alt="" width="280" height="157" loading="lazy" />` : ''}<span
              class="duration"
              >${t('playlist.videos', { count: p.videosLength })}</span
            ><span class="name">${p.displayName}</span></a
          >
        </li>`,
    )}
  </ul>`;
}

/** A channel page's tabs: its videos and its playlists. */
export function channelTabs(env: PageEnv, ch: { name: string; host: string; displayName: string }, current: 'videos' | 'playlists') {
  const base = channelPath(ch, env.config);
  const tab = (id: typeof current, href: string, label: string) => html`<a href="${href}" ${id === current ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<nav class="tabs" aria-label="${ch.displayName}">
    ${tab('videos', base, env.t('playlist.channelVideosTab'))} ${tab('playlists', `${base}/video-playlists`, env.t('playlist.channelTab'))}
  </nav>`;
}

/** /c/:handle/video-playlists: the channel's public playlists. */
export function renderChannelPlaylists(env: PageEnv, ch: ChannelJson, playlists: PlaylistJson[], total: number, page: number) {
  const { config, t } = env;
  const path = `${channelPath(ch, config)}/video-playlists`;
  const body = html`<h1><a href="${channelPath(ch, config)}">${ch.displayName}</a></h1>
    ${channelTabs(env, ch, 'playlists')} ${playlistGrid(env, playlists, t('playlist.channelNone'))} ${pager(env, path, {}, page, total)}`;
  return layout(env, { title: `${t('playlist.channelTab')} · ${ch.displayName}`, url: `${config.publicUrl}${path}`, head: playlistStyles }, body);
}
