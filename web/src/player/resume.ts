/**
 * Resume position, kept per video in localStorage as PeerTube's player keeps it for anonymous
 * viewers (peertube-player-local-storage.ts): key `peertube-videojs-video-watch-history`,
 * `{ [uuid]: { duration, date } }`, entries older than 30 days dropped. A page with `start`
 * starts there instead; a position within a second of the end starts from the beginning. For a
 * signed-in viewer, the position their server history holds (`resumeAt`) comes before this browser's.
 */
const KEY = 'peertube-videojs-video-watch-history';
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;
const SAVE_EVERY_MS = 5_000;

type History = Record<string, { duration: number; date: string }>;

function read(): History {
  try {
    const data = JSON.parse(localStorage.getItem(KEY) || '{}');
    return data && typeof data === 'object' ? (data as History) : {};
  } catch {
    return {};
  }
}

function write(history: History) {
  try {
    localStorage.setItem(KEY, JSON.stringify(history));
  } catch {
    /* storage full or refused: no resume, playback goes on */
  }
}

export function savedPosition(uuid: string): number | undefined {
  const entry = read()[uuid];
  return entry && Number.isFinite(entry.duration) ? entry.duration : undefined;
}

function save(uuid: string, seconds: number) {
  const now = Date.now();
  const history = Object.fromEntries(Object.entries(read()).filter(([, e]) => now - Date.parse(e.date) <= MAX_AGE_MS));
  history[uuid] = { duration: Math.floor(seconds), date: new Date(now).toISOString() };
  write(history);
}

/** Seeks to the saved position (unless `start` is given), then saves the position as it plays. */
export function resumePosition(video: HTMLVideoElement, uuid: string, start: number | undefined, resumeAt?: number) {
  const saved = start === undefined ? (resumeAt ?? savedPosition(uuid)) : undefined;
  if (saved) {
    const seek = () => {
      if (video.duration - saved > 1) video.currentTime = saved;
    };
    if (video.readyState >= 1) seek();
    else video.addEventListener('loadedmetadata', seek, { once: true });
  }
  let last = 0;
  const store = () => {
    if (video.currentTime > 0 && !video.seeking) save(uuid, video.currentTime);
  };
  video.addEventListener('timeupdate', () => {
    if (Date.now() - last < SAVE_EVERY_MS) return;
    last = Date.now();
    store();
  });
  video.addEventListener('pause', store);
  video.addEventListener('seeked', store);
  window.addEventListener('pagehide', store);
}
