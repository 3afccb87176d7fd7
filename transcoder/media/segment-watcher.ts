/**
 * Notices each closed segment of a running ffmpeg HLS encode.
 *
 * How: poll each rendition's media playlist and treat every listed segment as
 * closed. ffmpeg's fMP4 HLS muxer (5.1) builds a segment in memory and writes it
 * in one go when the segment ends; only then does it append the segment to the
 * playlist, which `-hls_flags temp_file` rewrites through a rename, so a read
 * never sees half a playlist. A listed segment is therefore whole on disk, and
 * the init segment (written just before the first media segment) too.
 *
 * Why polling rather than fs.watch: renames make inotify noisy, fs.watch is not
 * dependable on every filesystem a container may mount, and reading a few small
 * playlists every 100 ms costs nothing next to an encode.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface PlaylistSegment {
  file: string;
  durationSeconds: number;
}

export interface MediaPlaylist {
  initFile: string | null;
  targetDuration: number | null;
  segments: PlaylistSegment[];
  ended: boolean;
}

/** Parses an HLS media playlist; a trailing line without newline is ignored (it may be incomplete). */
export function parseMediaPlaylist(text: string): MediaPlaylist {
  const lines = text.split('\n');
  if (!text.endsWith('\n')) lines.pop();
  const playlist: MediaPlaylist = { initFile: null, targetDuration: null, segments: [], ended: false };
  let pendingDuration: number | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#EXT-X-MAP:')) {
      playlist.initFile = /URI="([^"]+)"/.exec(line)?.[1] ?? null;
    } else if (line.startsWith('#EXT-X-TARGETDURATION:')) {
      playlist.targetDuration = Number(line.slice('#EXT-X-TARGETDURATION:'.length));
    } else if (line.startsWith('#EXTINF:')) {
      pendingDuration = parseFloat(line.slice('#EXTINF:'.length));
    } else if (line === '#EXT-X-ENDLIST') {
      playlist.ended = true;
    } else if (!line.startsWith('#') && pendingDuration !== null) {
      playlist.segments.push({ file: line, durationSeconds: pendingDuration });
      pendingDuration = null;
    }
  }
  return playlist;
}

/**
 * A VOD-style media playlist for the given segments, e.g. to publish the part
 * of a rendition that is already stored while the rest is still encoding.
 */
export function buildMediaPlaylist(options: { initFile: string; segments: readonly PlaylistSegment[]; ended: boolean }): string {
  const { initFile, segments, ended } = options;
  const target = Math.max(1, ...segments.map((s) => Math.ceil(s.durationSeconds)));
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${target}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    `#EXT-X-PLAYLIST-TYPE:${ended ? 'VOD' : 'EVENT'}`,
    '#EXT-X-INDEPENDENT-SEGMENTS',
    `#EXT-X-MAP:URI="${initFile}"`,
    ...segments.flatMap((s) => [`#EXTINF:${s.durationSeconds.toFixed(6)},`, s.file]),
  ];
  if (ended) lines.push('#EXT-X-ENDLIST');
  return lines.join('\n') + '\n';
}

/** One file ffmpeg has closed: the init segment, or a one-GOP part (see segment-groups.ts). */
export interface PartEvent {
  rendition: string;
  kind: 'init' | 'media';
  file: string;
  path: string;
  durationSeconds: number;
  /** the rendition's init segment (also set on media parts) */
  initFile: string;
}

export interface WatchedRendition {
  name: string;
  playlistFile: string;
}

/**
 * Polls ffmpeg's playlists in `dir` and calls `emit` once per new init
 * segment or part, in order per rendition. `emit` is not awaited here; the caller queues.
 */
export function createSegmentWatcher(options: {
  dir: string;
  renditions: readonly WatchedRendition[];
  emit: (event: PartEvent) => void;
  pollIntervalMs?: number;
}) {
  const { dir, renditions, emit } = options;
  // Every poll may be the one that makes the video playable: keep it short.
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  const state = new Map(renditions.map((r) => [r.name, { initDone: false, emitted: [] as PlaylistSegment[] }]));
  let timer: NodeJS.Timeout | null = null;
  let scanning: Promise<void> = Promise.resolve();
  let stopped = false;

  async function scanRendition(r: WatchedRendition): Promise<MediaPlaylist | null> {
    let text: string;
    try {
      text = await readFile(join(dir, r.playlistFile), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const playlist = parseMediaPlaylist(text);
    const s = state.get(r.name)!;
    if (playlist.segments.length <= s.emitted.length || !playlist.initFile) return playlist;
    const initFile = playlist.initFile;
    if (!s.initDone) {
      emit({ rendition: r.name, kind: 'init', file: initFile, path: join(dir, initFile), durationSeconds: 0, initFile });
      s.initDone = true;
    }
    for (const segment of playlist.segments.slice(s.emitted.length)) {
      s.emitted.push(segment);
      emit({ rendition: r.name, kind: 'media', file: segment.file, path: join(dir, segment.file), durationSeconds: segment.durationSeconds, initFile });
    }
    return playlist;
  }

  const scanAll = () => (scanning = scanning.then(() => Promise.all(renditions.map(scanRendition)).then(() => undefined)));

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      // A failed poll (e.g. a transient read error) is retried on the next tick; the final scan reports errors.
      scanAll()
        .catch(() => undefined)
        .finally(schedule);
    }, pollIntervalMs);
  }

  return {
    start() {
      schedule();
    },
    /** Stops polling and does one last scan; resolves with every rendition's final playlist. */
    async finish(): Promise<Map<string, MediaPlaylist | null>> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await scanning.catch(() => undefined);
      const finals = await Promise.all(renditions.map(scanRendition));
      return new Map(renditions.map((r, i) => [r.name, finals[i]]));
    },
    /** Stops polling without a final scan (abort path). */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await scanning.catch(() => undefined);
    },
  };
}
