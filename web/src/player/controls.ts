/**
 * The player's own controls, beside the browser's native ones: a quality menu, a fullscreen
 * button, keyboard shortcuts and resume position. They take the <video> and, when HLS plays
 * through it, the hls.js instance; how hls.js is made and loaded stays in web/src/player.ts.
 */
import type HlsType from 'hls.js';
import { bindShortcuts } from './keys';
import { createQualityMenu } from './quality';
import { resumePosition } from './resume';

/** What worker/pages/player-controls.ts writes into the player's source, from the catalogues. */
export type ControlLabels = {
  controls: string;
  quality: string;
  auto: string;
  /** `{quality}` is the level Auto plays now. */
  autoCurrent: string;
  fullscreen: string;
  exitFullscreen: string;
  shortcuts: string;
};

export type PlayerControls = { useHls(hls: HlsType): void };

export function createPlayerControls(
  video: HTMLVideoElement,
  options: { uuid: string; start?: number; resumeAt?: number; labels: ControlLabels },
): PlayerControls {
  const { labels } = options;
  // One box for the video and its bar: what goes fullscreen, so the bar stays with the picture.
  const box = document.createElement('div');
  box.className = 'player';
  video.before(box);
  box.append(video);

  const help = document.createElement('p');
  help.id = 'player-shortcuts';
  // Not shown, yet read out: a description may come from a hidden element (accname 1.2).
  help.hidden = true;
  help.textContent = labels.shortcuts;
  video.setAttribute('aria-describedby', help.id);
  video.setAttribute('aria-keyshortcuts', 'Space K F M ArrowLeft ArrowRight ArrowUp ArrowDown 0 1 2 3 4 5 6 7 8 9');

  const bar = document.createElement('div');
  bar.className = 'player-bar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', labels.controls);
  const quality = createQualityMenu(labels);
  const fullscreen = document.createElement('button');
  fullscreen.type = 'button';
  fullscreen.id = 'player-fullscreen';
  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    else void box.requestFullscreen().catch(() => {});
  };
  const renderFullscreen = () => {
    fullscreen.textContent = document.fullscreenElement === box ? labels.exitFullscreen : labels.fullscreen;
  };
  renderFullscreen();
  fullscreen.addEventListener('click', toggleFullscreen);
  document.addEventListener('fullscreenchange', renderFullscreen);
  // An iframe without allowfullscreen cannot: no button that does nothing.
  fullscreen.hidden = !document.fullscreenEnabled;
  // One fullscreen button, which keeps the bar: the native one would take the <video> alone.
  if (document.fullscreenEnabled) video.setAttribute('controlslist', 'nofullscreen');
  bar.append(quality.element, fullscreen);
  box.append(bar, help);

  bindShortcuts(video, box, { toggleFullscreen });
  resumePosition(video, options.uuid, options.start, options.resumeAt);
  return { useHls: (hls) => quality.use(hls) };
}
