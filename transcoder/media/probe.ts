/**
 * ffprobe → the few facts the ladder needs.
 *
 * @example
 * const probe = await probeVideo('/tmp/upload.mp4', { bins })
 * if (probe.height >= 720) …
 */
import { isAbortError, MediaProcessError, runFfprobe, type MediaBinaries } from './ffmpeg';

export interface VideoProbe {
  durationSeconds: number;
  /** displayed size: already swapped when `rotation` is 90 or 270 */
  width: number;
  height: number;
  /** average frame rate (avg_frame_rate, else r_frame_rate), not rounded */
  fps: number;
  videoCodec: string;
  pixFmt: string;
  /** the video stream's bit rate, else the container's; null when unknown */
  videoBitrate: number | null;
  /** the container's bit rate (what PeerTube compares with its max); null when unknown */
  overallBitrate: number | null;
  audioCodec: string | null;
  audioBitrate: number | null;
  audioChannelLayout: string | null;
  hasAudio: boolean;
  /** longest distance between two keyframes in the first `keyframeWindowSeconds` */
  maxKeyframeIntervalSeconds: number;
  /** clockwise degrees the player must rotate the coded picture: 0, 90, 180 or 270 */
  rotation: number;
}

export type ProbeErrorKind = 'unreadable' | 'not-a-video';

/** The input cannot be transcoded; `message` is meant for the uploader. */
export class ProbeError extends Error {
  override readonly name = 'ProbeError';
  constructor(
    readonly kind: ProbeErrorKind,
    readonly detail: string,
  ) {
    super(kind === 'unreadable' ? `unreadable: ${detail}` : `not a video: ${detail}`);
  }
}

export interface ProbeOptions {
  bins: MediaBinaries;
  signal?: AbortSignal;
  /** how much of the start of the file to scan for keyframes (default 60 s) */
  keyframeWindowSeconds?: number;
}

// Same list as PeerTube's ffprobe.ts: a "video" stream in one of these codecs is a still picture.
const IMAGE_CODECS = new Set([
  'ansi',
  'apng',
  'bintext',
  'bmp',
  'brender_pix',
  'dpx',
  'exr',
  'fits',
  'gem',
  'gif',
  'jpeg2000',
  'jpgls',
  'mjpeg',
  'mjpegb',
  'msp2',
  'pam',
  'pbm',
  'pcx',
  'pfm',
  'pgm',
  'pgmyuv',
  'pgx',
  'photocd',
  'pictor',
  'png',
  'ppm',
  'psd',
  'sgi',
  'sunrast',
  'svg',
  'targa',
  'tiff',
  'txd',
  'webp',
  'xbin',
  'xbm',
  'xface',
  'xpm',
  'xwd',
]);

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  bit_rate?: string;
  duration?: string;
  channel_layout?: string;
  disposition?: { attached_pic?: number };
  tags?: { rotate?: string };
  side_data_list?: { side_data_type?: string; rotation?: number }[];
}

interface FfprobeJson {
  streams?: FfprobeStream[];
  format?: { duration?: string; bit_rate?: string };
}

function positiveNumber(value: unknown): number | null {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && n > 0 ? n : null;
}

function parseRate(rate: string | undefined): number | null {
  if (!rate) return null;
  const [num, den] = rate.split('/').map(Number);
  if (!num || !den) return null;
  const fps = num / den;
  return Number.isFinite(fps) && fps > 0 ? Math.round(fps * 1000) / 1000 : null;
}

function parseRotation(stream: FfprobeStream): number {
  const matrix = stream.side_data_list?.find((d) => typeof d.rotation === 'number');
  // The display matrix stores the counter-clockwise angle; the legacy `rotate` tag the clockwise one.
  const degrees = matrix?.rotation !== undefined ? -matrix.rotation : Number(stream.tags?.rotate ?? 0);
  const normalized = (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
  return Number.isFinite(normalized) ? normalized : 0;
}

/** The pure part of probing: ffprobe's `-show_format -show_streams` JSON → facts (keyframes excluded). */
export function parseFfprobeJson(json: FfprobeJson): MediaFacts {
  const streams = json.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (!video) throw new ProbeError('not-a-video', 'no video stream');
  if (IMAGE_CODECS.has(video.codec_name ?? '')) throw new ProbeError('not-a-video', `still image (${video.codec_name})`);
  if (!video.width || !video.height) throw new ProbeError('not-a-video', 'video stream has no dimensions');
  const fps = parseRate(video.avg_frame_rate) ?? parseRate(video.r_frame_rate);
  if (!fps) throw new ProbeError('not-a-video', 'unknown frame rate');

  const audio = streams.find((s) => s.codec_type === 'audio');
  const rotation = parseRotation(video);
  const swap = rotation === 90 || rotation === 270;
  const overallBitrate = positiveNumber(json.format?.bit_rate);
  return {
    durationSeconds: positiveNumber(json.format?.duration) ?? positiveNumber(video.duration) ?? 0,
    width: swap ? video.height : video.width,
    height: swap ? video.width : video.height,
    fps,
    videoCodec: video.codec_name ?? 'unknown',
    pixFmt: video.pix_fmt ?? 'unknown',
    videoBitrate: positiveNumber(video.bit_rate) ?? overallBitrate,
    overallBitrate,
    audioCodec: audio?.codec_name ?? null,
    audioBitrate: positiveNumber(audio?.bit_rate),
    audioChannelLayout: audio?.channel_layout ?? null,
    hasAudio: audio !== undefined,
    rotation,
  };
}

/**
 * Longest keyframe-to-keyframe distance; the stretch after the last keyframe
 * counts too, so a file with a single keyframe reports its whole length.
 */
export function maxKeyframeInterval(keyframeTimes: number[], endSeconds: number): number {
  const times = [...keyframeTimes].sort((a, b) => a - b);
  if (times.length === 0) return endSeconds;
  let max = Math.max(0, endSeconds - times[times.length - 1]);
  for (let i = 1; i < times.length; i++) max = Math.max(max, times[i] - times[i - 1]);
  return Math.round(max * 1000) / 1000;
}

/** Reads packet flags only (no decoding), so this costs one demux of the first window. */
async function scanKeyframes(input: string, windowSeconds: number, opts: ProbeOptions) {
  const out = await runFfprobe(
    opts.bins,
    ['-select_streams', 'v:0', '-read_intervals', `%+${windowSeconds}`, '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', input],
    { signal: opts.signal },
  );
  const keyframes: number[] = [];
  let lastPts = 0;
  for (const line of out.split('\n')) {
    const [pts, flags] = line.trim().split(',');
    const t = Number(pts);
    if (!pts || !Number.isFinite(t)) continue;
    lastPts = Math.max(lastPts, t);
    if (flags?.includes('K')) keyframes.push(t);
  }
  return { keyframes, lastPts };
}

/** When the container has no duration (e.g. browser-recorded WebM), read every packet's time. */
async function scanDuration(input: string, opts: ProbeOptions): Promise<number> {
  const out = await runFfprobe(opts.bins, ['-select_streams', 'v:0', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', input], {
    signal: opts.signal,
  });
  let end = 0;
  for (const line of out.split('\n')) {
    const [pts, dur] = line.trim().split(',').map(Number);
    if (Number.isFinite(pts)) end = Math.max(end, pts + (Number.isFinite(dur) ? dur : 0));
  }
  return Math.round(end * 1000) / 1000;
}

/** What ffprobe's format and stream probe tells (everything but the keyframe scan). */
export type MediaFacts = Omit<VideoProbe, 'maxKeyframeIntervalSeconds'>;

/**
 * Longest keyframe interval in the first `keyframeWindowSeconds` of `input`.
 * Reads packet flags only; over a progressive source it waits for that stretch of the file.
 */
export async function probeKeyframeInterval(input: string, opts: ProbeOptions): Promise<number> {
  const { keyframes, lastPts } = await scanKeyframes(input, opts.keyframeWindowSeconds ?? 60, opts);
  // Packet times, not the duration: they share the stream's time origin (a TS file may start at 1.4 s).
  return maxKeyframeInterval(keyframes, Math.max(lastPts, keyframes.at(-1) ?? 0));
}

/** Probes `input`; throws `ProbeError` when it cannot be read or holds no video. */
export async function probeVideo(input: string, opts: ProbeOptions): Promise<VideoProbe> {
  // The keyframe scan runs alongside the format probe (it is the slower of the two, and
  // first playable waits for both); it is stopped when the probe fails.
  const stopScan = new AbortController();
  const scan = probeKeyframeInterval(input, { ...opts, signal: opts.signal ? AbortSignal.any([opts.signal, stopScan.signal]) : stopScan.signal });
  scan.catch(() => undefined);
  try {
    const facts = await probeFormat(input, opts);
    return { ...facts, maxKeyframeIntervalSeconds: await scan };
  } catch (err) {
    stopScan.abort();
    throw err;
  }
}

/** The format and stream probe alone; throws `ProbeError` when `input` cannot be read or holds no video. */
export async function probeFormat(input: string, opts: ProbeOptions): Promise<MediaFacts> {
  let json: FfprobeJson;
  try {
    const out = await runFfprobe(opts.bins, ['-print_format', 'json', '-show_format', '-show_streams', input], { signal: opts.signal });
    json = JSON.parse(out) as FfprobeJson;
  } catch (err) {
    if (isAbortError(err)) throw err;
    if (err instanceof MediaProcessError && err.exitCode !== null) {
      // ffprobe prefixes its message with the input path; keep only the reason.
      const last = err.stderrTail.at(-1) ?? 'ffprobe failed';
      throw new ProbeError('unreadable', last.startsWith(input) ? last.slice(input.length).replace(/^:\s*/, '') : last);
    }
    throw err;
  }
  const facts = parseFfprobeJson(json);
  if (!facts.durationSeconds) facts.durationSeconds = await scanDuration(input, opts);
  if (!facts.durationSeconds) throw new ProbeError('not-a-video', 'unknown duration');
  return facts;
}
