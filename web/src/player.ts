// The watch and embed players: HLS through hls.js (MSE), native HLS where the browser has it,
// and the rendition MP4 (a plain fragmented MP4 with Range support) as the last resort.
// hls.js itself is a classic script served under a versioned, immutable URL (worker/pages/player-assets.ts)
// and loaded before this module, which finds it as `window.Hls`.

import type HlsType from 'hls.js';
import type { HlsConfig } from 'hls.js';
import type { P2PSource } from './player/p2p';
import { createPlayerControls, type ControlLabels, type PlayerControls } from './player/controls';
import { recordHistory } from './player/history';

/** What worker/pages/player.ts writes into #player-source. */
export type PlayerSource = {
  hls: string | null;
  mp4: string | null;
  poster: string;
  uuid: string;
  options: PlayerOptions;
  /** Viewer-to-viewer loading (ADR 0021); absent when it is off for this page. */
  p2p?: P2PSource | null;
  /** The labels of the player's own controls (web/src/player/controls.ts). */
  controls: ControlLabels;
  /** Where the signed-in viewer stopped, from their watch history on the server; preferred to this browser's own. */
  resumeAt?: number;
};

/** PeerTube's player URL parameters (embed and watch page): start, stop, autoplay, muted, loop. */
export type PlayerOptions = { start?: number; stop?: number; autoplay?: boolean; muted?: boolean; loop?: boolean; history?: boolean };

declare global {
  interface Window {
    Hls?: typeof HlsType;
    /** The page's hls.js instance, when HLS plays through it (tests and other page scripts read it). */
    edgetubePlayer?: HlsType;
  }
}

function readSource(): PlayerSource | null {
  const el = document.getElementById('player-source');
  return el ? (JSON.parse(el.textContent || '{}') as PlayerSource) : null;
}

/** What P2P adds to hls.js: its loader, and hooks once hls.js exists (web/src/player/p2p.ts). */
type HlsExtension = { hlsConfig: Partial<HlsConfig>; bind(hls: HlsType, video: HTMLVideoElement): void };

/** The P2P module, fetched only when the page offers P2P; without it (or WebRTC) HLS comes from the edge. */
async function loadP2P(source: PlayerSource): Promise<HlsExtension | null> {
  if (!source.p2p) return null;
  try {
    const p2p = await import('./player/p2p');
    return p2p.isP2PSupported() ? p2p.createP2P(source.p2p) : null;
  } catch (err) {
    console.warn('P2P unavailable, loading from the edge only', err);
    return null;
  }
}

let controls: PlayerControls | undefined;

function startHls(video: HTMLVideoElement, source: PlayerSource & { hls: string }, Hls: typeof HlsType, extension: HlsExtension | null) {
  const hls = new Hls({ capLevelToPlayerSize: true, startPosition: video.currentTime || -1, ...extension?.hlsConfig });
  extension?.bind(hls, video);
  controls?.useHls(hls);
  hls.on(Hls.Events.ERROR, (_event, data) => {
    if (!data.fatal) return;
    // The edge is always the fallback: a load that fails with P2P starts again without it, where it was.
    if (extension && data.type === Hls.ErrorTypes.NETWORK_ERROR) {
      console.warn('P2P loading failed, going on from the edge only', data.details);
      hls.destroy();
      startHls(video, source, Hls, null);
    } else if (data.type === Hls.ErrorTypes.NETWORK_ERROR) hls.startLoad();
    else if (data.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
    else {
      hls.destroy();
      playMp4(video, source);
    }
  });
  hls.loadSource(source.hls);
  hls.attachMedia(video);
  window.edgetubePlayer = hls;
  return hls;
}

function playMp4(video: HTMLVideoElement, source: PlayerSource) {
  if (source.mp4) video.src = source.mp4;
}

function applyOptions(media: HTMLVideoElement, options: PlayerOptions) {
  if (options.muted) media.muted = true;
  if (options.loop) media.loop = true;
  if (options.start) {
    const start = options.start;
    media.addEventListener('loadedmetadata', () => (media.currentTime = start), { once: true });
  }
  if (options.stop) {
    const stop = options.stop;
    const onTime = () => {
      if (media.currentTime < stop) return;
      media.pause();
      media.removeEventListener('timeupdate', onTime);
    };
    media.addEventListener('timeupdate', onTime);
  }
  if (options.autoplay) {
    // Browsers refuse unmuted autoplay without a gesture: retry muted rather than not at all.
    media
      .play()
      .catch(() => {
        media.muted = true;
        return media.play();
      })
      .catch(() => {});
  }
}

async function main() {
  const video = document.getElementById('player') as HTMLVideoElement | null;
  const source = readSource();
  if (!video || !source) return;
  controls = createPlayerControls(video, { uuid: source.uuid, start: source.options?.start, resumeAt: source.resumeAt, labels: source.controls });
  const Hls = window.Hls;
  if (source.hls && Hls?.isSupported()) startHls(video, { ...source, hls: source.hls }, Hls, await loadP2P(source));
  else if (source.hls && video.canPlayType('application/vnd.apple.mpegurl')) video.src = source.hls;
  else playMp4(video, source);
  applyOptions(video, source.options || {});
  if (source.options?.history) recordHistory(video, source.uuid);
}

void main();
