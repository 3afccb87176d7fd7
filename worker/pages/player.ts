import { html } from 'hono/html';
import type { VideoDetailsJson } from '../serializers/video';
import type { Config } from '../config';
import type { Translate } from '../i18n';
import type { PlayerOptions } from './embed-options';
import { jsonForScript } from './layout';
import { HLS_SCRIPT_PATH } from './player-assets';
import { playerP2P } from './player-p2p';
import { playerControlLabels } from './player-controls';

/** What the player needs, taken from the same serializer as the REST API so the two cannot drift. */
function playerSource(details: VideoDetailsJson, config: Config, t: Translate, options: PlayerOptions) {
  const hls = details.streamingPlaylists[0]?.playlistUrl ?? null;
  const mp4 = details.files[0]?.fileUrl ?? null;
  // `options.p2p` is off for `?p2p=0` and, set by the route, for a viewer or an instance that turned it off.
  const p2p = options.p2p ? playerP2P(details, config, t) : null;
  // Where a signed-in viewer stopped, from their history (PeerTube's userHistory): such pages are never edge-cached.
  const resumeAt = details.userHistory?.currentTime;
  return { hls, mp4, poster: details.previewPath, uuid: details.uuid, options, p2p, controls: playerControlLabels(t), resumeAt };
}

/** The <video> with its source and scripts, or the processing notice while there is nothing to play. */
export function player(details: VideoDetailsJson, config: Config, t: Translate, options: PlayerOptions) {
  const source = playerSource(details, config, t, options);
  if (!source.hls && !source.mp4) {
    return html`<p class="processing" data-state="${details.state.id}">${details.state.id === 7 ? t('watch.failed') : t('watch.processing')}</p>
      <meta http-equiv="refresh" content="10" />`;
  }
  return html`<video
      id="player"
      controls
      playsinline
      preload="metadata"
      poster="${config.publicUrl}${source.poster}"
      ${options.muted ? html` muted` : ''}${options.loop ? html` loop` : ''}
      aria-label="${details.name}"
    ></video>
    <script type="application/json" id="player-source">
      ${jsonForScript(source)}
    </script>
    <script src="${HLS_SCRIPT_PATH}"></script>
    <script type="module" src="/js/player.js"></script>`;
}
