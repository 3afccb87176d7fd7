// The watch and embed players: HLS through hls.js (MSE), native HLS where the browser has it,
// and the rendition MP4 (a plain fragmented MP4 with Range support) as the last resort.
// hls.js itself is a classic script served under a versioned, immutable URL (worker/pages/player-assets.ts)
// and loaded before this module, which finds it as `window.Hls`.

import type HlsType from 'hls.js';

/** What worker/pages/player.ts writes into #player-source. */
export type PlayerSource = {
  hls: string | null;
  mp4: string | null;
  poster: string;
  uuid: string;
  options: PlayerOptions;
};

/** PeerTube's player URL parameters (embed and watch page): start, stop, autoplay, muted, loop. */
export type PlayerOptions = { start?: number; stop?: number; autoplay?: boolean; muted?: boolean; loop?: boolean };

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

function startHls(video: HTMLVideoElement, source: PlayerSource & { hls: string }, Hls: typeof HlsType) {
  const hls = new Hls({ capLevelToPlayerSize: true });
  hls.on(Hls.Events.ERROR, (_event, data) => {
    if (!data.fatal) return;
    if (data.type === Hls.ErrorTypes.NETWORK_ERROR) hls.startLoad();
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

function main() {
  const video = document.getElementById('player') as HTMLVideoElement | null;
  const source = readSource();
  if (!video || !source) return;
  const Hls = window.Hls;
  if (source.hls && Hls?.isSupported()) startHls(video, { ...source, hls: source.hls }, Hls);
  else if (source.hls && video.canPlayType('application/vnd.apple.mpegurl')) video.src = source.hls;
  else playMp4(video, source);
  applyOptions(video, source.options || {});
}

main();
