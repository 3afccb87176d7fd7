/**
 * A signed-in viewer's position, sent to their watch history as PeerTube's player sends it: a view
 * (POST /videos/{id}/views with `currentTime`) while playing, at most every SEND_EVERY_MS, and when
 * playback pauses, seeks or the page goes away. The page adds it only when the viewer's history is on.
 */
import { apiFetch } from '../lib/api';

const SEND_EVERY_MS = 10_000;

export function recordHistory(video: HTMLVideoElement, uuid: string) {
  let last = 0;
  let sent = -1;
  const send = () => {
    const currentTime = Math.floor(video.currentTime);
    if (currentTime === sent || !Number.isFinite(currentTime)) return;
    sent = currentTime;
    last = Date.now();
    void apiFetch(`/api/v1/videos/${uuid}/views`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ currentTime }),
      keepalive: true,
    }).catch(() => {});
  };
  video.addEventListener('timeupdate', () => {
    if (!video.paused && Date.now() - last >= SEND_EVERY_MS) send();
  });
  video.addEventListener('pause', send);
  video.addEventListener('seeked', send);
  window.addEventListener('pagehide', send);
}
