import { html } from 'hono/html';
import type { VideoDetailsJson } from '../serializers/video';
import type { CommentTreeJson } from '../serializers/comment';
import type { Rating } from '../services/rates';
import { VIDEO_PRIVACY } from '../db/schema';
import type { PageEnv } from './page-env';
import type { PlayerOptions } from './embed-options';
import { layout } from './layout';
import { player } from './player';
import { renderMarkdown } from './markdown';
import { ratingForms, shareBox, supportBox, videoFacts } from './watch-parts';
import { commentsSection } from './comments-view';
import { chaptersList } from './chapters-view';
import type { Chapter } from '../services/chapters';
import { EMBED_SIZE } from '../syndication/embed-code';
import { channelPath } from './video-grid';
import { saveToPlaylistLink } from './save-to-playlist-link';
import { actorImageTag } from './actor-image-tag';

export type WatchData = {
  details: VideoDetailsJson;
  rating?: Rating;
  threads: CommentTreeJson[];
  totalComments: number;
  nsfwPolicy: 'display' | 'blur' | 'do_not_list';
  options: PlayerOptions;
  chapters: Chapter[];
};

/** OpenGraph video tags and a Twitter player card, as PeerTube's server-side tags give them. */
function socialTags(env: PageEnv, d: VideoDetailsJson, url: string) {
  const embed = `${env.config.publicUrl}${d.embedPath}`;
  const image = `${env.config.publicUrl}${d.previewPath}`;
  return html`<link
      rel="alternate"
      type="application/json+oembed"
      href="${env.config.publicUrl}/services/oembed?url=${encodeURIComponent(url)}"
      title="${d.name}"
    />
    <link rel="alternate" type="application/activity+json" href="${d.url}" />
    <meta property="og:video:url" content="${embed}" /><meta property="og:video:secure_url" content="${embed}" /><meta
      property="og:video:type"
      content="text/html"
    />
    <meta property="og:video:width" content="${EMBED_SIZE.width}" /><meta property="og:video:height" content="${EMBED_SIZE.height}" />
    <meta name="twitter:card" content="player" /><meta name="twitter:title" content="${d.name}" /><meta
      name="twitter:description"
      content="${d.truncatedDescription ?? ''}"
    />
    <meta name="twitter:image" content="${image}" /><meta name="twitter:player" content="${embed}" />
    <meta name="twitter:player:width" content="${EMBED_SIZE.width}" /><meta name="twitter:player:height" content="${EMBED_SIZE.height}" />
    ${d.privacy.id === VIDEO_PRIVACY.UNLISTED ? html`<meta name="robots" content="noindex" />` : ''}`;
}

/** The player; a sensitive video stays behind a warning unless the viewer's policy (or the instance's, signed out) is to display it. */
export function gatedPlayer(env: PageEnv, d: VideoDetailsJson, nsfwPolicy: WatchData['nsfwPolicy'], options: PlayerOptions) {
  const { config, t } = env;
  const playerHtml = player(d, config, t, options);
  if (!d.nsfw || nsfwPolicy === 'display') return playerHtml;
  return html`<details class="nsfw">
    <summary><strong>${t('watch.nsfwTitle')}</strong> ${t('watch.nsfwBody')} <span class="button">${t('watch.nsfwShow')}</span></summary>
    ${playerHtml}
  </details>`;
}

/** The watch page, /w/:id and /videos/watch/:uuid. */
export function renderWatchPage(env: PageEnv, data: WatchData) {
  const { config, t } = env;
  const d = data.details;
  const url = `${config.publicUrl}/w/${d.shortUUID}`;
  const gated = gatedPlayer(env, d, data.nsfwPolicy, data.options);
  const channel = d.channel;
  const avatar = actorImageTag(config.publicUrl, channel.avatars, { width: 40, height: 40, className: 'avatar' });
  const body = html`<article class="watch">
    ${gated} ${chaptersList(env, data.chapters)}
    <h1>${d.name}</h1>
    <div class="byline">
      <a class="channel" href="${channelPath(channel, config)}"
        >${avatar ?? html`<span class="avatar placeholder" aria-hidden="true">${channel.displayName.slice(0, 1)}</span>`}<span>${channel.displayName}</span></a
      >
      <span class="meta">${t('watch.views', { count: d.views })} · <time datetime="${d.publishedAt}">${d.publishedAt.slice(0, 10)}</time></span>
      ${ratingForms(env, d, data.rating)} ${saveToPlaylistLink(env, d)}
    </div>
    ${shareBox(env, d, url)} ${supportBox(env, d)} ${d.description ? html`<div class="description markdown">${renderMarkdown(d.description)}</div>` : ''}
    ${videoFacts(env, d)}
    ${d.files.length && d.downloadEnabled ? html`<p class="downloads">${t('watch.download')} ${d.files.map((f) => html`<a href="${f.fileDownloadUrl}">${f.resolution.label}</a> `)}</p>` : ''}
    ${commentsSection(env, d, data.threads, data.totalComments)}
  </article>`;
  return layout(
    env,
    {
      title: d.name,
      description: d.truncatedDescription ?? undefined,
      url,
      image: `${config.publicUrl}${d.previewPath}`,
      ogType: 'video.other',
      head: socialTags(env, d, url),
      scripts: ['/js/watch.js'],
    },
    body,
  );
}

/** The embed player: only the video, sized to its frame, with PeerTube's title bar and warning. */
export function renderEmbed(env: PageEnv, d: VideoDetailsJson, options: PlayerOptions) {
  const { config, t } = env;
  const playerHtml = player(d, config, t, options);
  const warn = d.nsfw && options.warningTitle;
  return html`<!doctype html>
    <html lang="${env.locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${d.name}</title>
        <meta name="robots" content="noindex" />
        <link rel="stylesheet" href="/embed.css" />
      </head>
      <body>
        ${options.title ? html`<div class="embed-title"><a href="${config.publicUrl}/w/${d.shortUUID}" target="_blank" rel="noopener">${d.name}</a></div>` : ''}
        ${warn ? html`<p class="embed-warning" role="note">${t('watch.nsfwTitle')}</p>` : ''} ${playerHtml}
      </body>
    </html>`;
}
