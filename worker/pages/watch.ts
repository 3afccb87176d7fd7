import { html } from 'hono/html';
import type { Config } from '../config';
import type { PageEnv } from './page-env';
import type { Translate } from '../i18n';
import type { VideoRow, VideoExtras } from '../services/video-queries';
import { serializeVideoDetails } from '../serializers/video';
import { VIDEO_PRIVACY } from '../db/schema';
import { layout, jsonForScript } from './layout';
import { HLS_SCRIPT_PATH } from './player-assets';

/** What the player needs, taken from the same serializer as the REST API so the two cannot drift. */
function playerSource(details: ReturnType<typeof serializeVideoDetails>) {
  const hls = details.streamingPlaylists[0]?.playlistUrl ?? null;
  const mp4 = details.files[0]?.fileUrl ?? null;
  return { hls, mp4, poster: details.previewPath };
}

function player(details: ReturnType<typeof serializeVideoDetails>, config: Config, t: Translate) {
  const source = playerSource(details);
  if (!source.hls && !source.mp4) {
    return html`<p class="processing" data-state="${details.state.id}">${details.state.id === 7
      ? t('watch.failed')
      : t('watch.processing')}</p>
<meta http-equiv="refresh" content="10">`;
  }
  return html`<video id="player" controls playsinline preload="metadata" poster="${config.publicUrl}${source.poster}"></video>
<script type="application/json" id="player-source">${jsonForScript(source)}</script>
<script src="${HLS_SCRIPT_PATH}"></script>
<script src="/player.js"></script>`;
}

/** The watch page, /w/:id and /videos/watch/:uuid. The embed is the same player without the page around it. */
export function renderWatchPage(env: PageEnv, row: VideoRow, extras: VideoExtras) {
  const { config, t } = env;
  const details = serializeVideoDetails(row, extras, config);
  const url = `${config.publicUrl}/w/${details.shortUUID}`;
  const head = html`<link rel="alternate" type="application/json+oembed" href="${config.publicUrl}/services/oembed?url=${encodeURIComponent(url)}" title="${details.name}">
<link rel="alternate" type="application/activity+json" href="${details.url}">
${row.video.privacy === VIDEO_PRIVACY.UNLISTED ? html`<meta name="robots" content="noindex">` : ''}`;
  const body = html`<article class="watch">
${player(details, config, t)}
<h1>${details.name}</h1>
<p class="meta"><a href="${details.channel.url}">${details.channel.displayName}</a> · ${t('watch.views', { count: details.views })} · <time datetime="${details.publishedAt}">${details.publishedAt.slice(0, 10)}</time></p>
${details.description ? html`<div class="description plain">${details.description}</div>` : ''}
${details.files.length ? html`<p class="downloads">${t('watch.download')} ${details.files.map((f) => html`<a href="${f.fileDownloadUrl}">${f.resolution.label}</a> `)}</p>` : ''}
</article>`;
  return layout(env, { title: details.name, description: details.truncatedDescription ?? undefined, url, image: `${config.publicUrl}${details.previewPath}`, ogType: 'video.other', head }, body);
}

/** The embed player: only the video, sized to its frame. */
export function renderEmbed(env: PageEnv, row: VideoRow, extras: VideoExtras) {
  const { config, t } = env;
  const details = serializeVideoDetails(row, extras, config);
  return html`<!doctype html>
<html lang="${env.locale}"><head><meta charset="utf-8"><title>${details.name}</title>
<style>html,body{margin:0;height:100%;background:#000}video{width:100%;height:100%}p{color:#eee;font:16px sans-serif;padding:1em}</style>
</head><body>${player(details, config, t)}</body></html>`;
}
