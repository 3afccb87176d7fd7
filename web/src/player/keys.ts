/**
 * PeerTube's keyboard shortcuts (peertube-hotkeys-plugin.ts), plus K as on other players: space
 * or K play/pause, F fullscreen, M mute, ← → seek 5 s, ↑ ↓ volume by 10%, 0–9 jump to 0–90%.
 * Keys count when the page, the video or the player (not one of its form controls) has focus.
 */
const SEEK_STEP = 5;
const VOLUME_STEP = 0.1;

type Actions = { toggleFullscreen(): void };

function acceptsTarget(target: EventTarget | null, box: HTMLElement) {
  const el = target as HTMLElement | null;
  if (!el || el === document.body || el === document.documentElement) return true;
  if (!box.contains(el)) return false;
  return !['SELECT', 'BUTTON', 'INPUT', 'TEXTAREA', 'A'].includes(el.tagName);
}

export function bindShortcuts(video: HTMLVideoElement, box: HTMLElement, actions: Actions) {
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.altKey || e.metaKey || !acceptsTarget(e.target, box)) return;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const duration = Number.isFinite(video.duration) ? video.duration : 0;
    if (key === ' ' || key === 'k' || key === 'MediaPlayPause') {
      if (video.paused) void video.play().catch(() => {});
      else video.pause();
    } else if (key === 'f') actions.toggleFullscreen();
    else if (key === 'm') video.muted = !video.muted;
    else if (key === 'ArrowLeft') video.currentTime = Math.max(0, video.currentTime - SEEK_STEP);
    else if (key === 'ArrowRight') video.currentTime = Math.min(duration, video.currentTime + SEEK_STEP);
    else if (key === 'ArrowUp') video.volume = Math.min(1, video.volume + VOLUME_STEP);
    else if (key === 'ArrowDown') video.volume = Math.max(0, video.volume - VOLUME_STEP);
    else if (/^[0-9]$/.test(e.key)) video.currentTime = (duration * Number(e.key)) / 10;
    else return;
    // Handled here: not by the browser too (scrolling, or the native controls' own keys).
    e.preventDefault();
    e.stopPropagation();
  });
}
