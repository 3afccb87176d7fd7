/**
 * PeerTube's transcoding rules as pure functions: which resolutions, at what
 * frame rate and bit rate, and whether the source can be stream-copied.
 *
 * References (Chocobozzz/PeerTube, v6–v7):
 * - packages/core-utils/src/videos/bitrate.ts (bits per pixel, theoretical bit rates)
 * - server/core/lib/transcoding/transcoding-resolutions.ts (which resolutions)
 * - server/core/helpers/ffmpeg/framerate.ts (computeOutputFPS)
 * - packages/ffmpeg/src/ffmpeg-default-transcoding-profile.ts (target bit rate, quick transcode)
 *
 * "resolution" is PeerTube's: the shorter side of the displayed picture, so a
 * 1080×1920 portrait video is "1080p".
 *
 * @example
 * const rungs = buildLadder(probe) // 1080p30 source → 1080, 720, 480, 360, 240
 */
import type { MediaFacts, VideoProbe } from './probe';

export const VIDEO_RESOLUTIONS = [2160, 1440, 1080, 720, 480, 360, 240, 144] as const;
export const DEFAULT_ENABLED_RESOLUTIONS: readonly number[] = [1080, 720, 480, 360, 240];

type BitsPerPixel = Record<(typeof VIDEO_RESOLUTIONS)[number], number>;
const AVERAGE_BPP: BitsPerPixel = { 144: 0.19, 240: 0.17, 360: 0.15, 480: 0.12, 720: 0.11, 1080: 0.1, 1440: 0.09, 2160: 0.08 };
const MAX_BPP: BitsPerPixel = { 144: 0.32, 240: 0.29, 360: 0.26, 480: 0.22, 720: 0.19, 1080: 0.17, 1440: 0.16, 2160: 0.14 };
const MIN_BPP = 0.02;

/** Below this resolution the frame rate is capped at 30 (PeerTube's KEEP_ORIGIN_FPS_RESOLUTION_MIN). */
const KEEP_SOURCE_FPS_MIN_RESOLUTION = 720;
/** Keyframe interval of every encoded rendition; ffmpeg's HLS parts are one GOP long. */
export const GOP_SECONDS = 2;
const MAX_QUICK_KEYFRAME_INTERVAL_SECONDS = 10;
/** PeerTube copies AAC up to this bit rate (getMaxAudioKBitrate). */
const MAX_COPY_AUDIO_BITRATE = 384_000;

export interface Rung {
  /** used in file names and `-var_stream_map`: the resolution, e.g. "720" */
  name: string;
  resolution: number;
  width: number;
  height: number;
  fps: number;
  /** x264 VBV cap (PeerTube's target bit rate) in bit/s */
  maxrate: number;
  bufsize: number;
  /** keyframe every GOP_SECONDS: `-g`/`-keyint_min` */
  gopFrames: number;
  audioBitrate: number;
  /** the source's own resolution (candidate for stream copy) */
  isSourceResolution: boolean;
}

export interface LadderOptions {
  /** default DEFAULT_ENABLED_RESOLUTIONS */
  enabledResolutions?: readonly number[];
  /** PeerTube's `always_transcode_original_resolution` (default true, as in PeerTube) */
  keepOriginalResolution?: boolean;
  /** PeerTube's `transcoding.fps.max` (default 60) */
  maxFps?: number;
}

export const toEven = (n: number) => (n % 2 === 1 ? n + 1 : n);
const roundToEven = (n: number) => 2 * Math.round(n / 2);

/** The shorter displayed side, e.g. 720 for 1280×720 and for 720×1280. */
export const sourceResolution = (probe: Pick<MediaFacts, 'width' | 'height'>) => Math.min(probe.width, probe.height);

/** width / height, rounded like PeerTube's buildAspectRatio */
export const aspectRatio = (width: number, height: number) => Math.round((width / height) * 10000) / 10000;

/** Resolutions to produce, highest first (PeerTube's computeResolutionsToTranscode + buildOriginalFileResolution). */
export function resolutionsToTranscode(source: number, options: LadderOptions = {}): number[] {
  const enabled = options.enabledResolutions ?? DEFAULT_ENABLED_RESOLUTIONS;
  const keepOriginal = options.keepOriginalResolution ?? true;
  const set = new Set<number>(VIDEO_RESOLUTIONS.filter((r) => enabled.includes(r) && r <= source));
  // PeerTube keeps the source resolution when asked to, or when it is below every enabled one.
  if (keepOriginal || set.size === 0) set.add(toEven(source));
  return [...set].sort((a, b) => b - a);
}

function closestStandardFps(fps: number, standards: number[]): number {
  const desc = [...standards].sort((a, b) => b - a);
  // Downsampling must be by a divisor of the nominal rate, else frames judder.
  return desc.find((f) => fps % f === 0) ?? [...standards].sort((a, b) => (fps % a) - (fps % b))[0];
}

/** PeerTube's computeOutputFPS for VOD. `sourceFps` is rounded first, as PeerTube's ffprobe helper does. */
export function outputFps(resolution: number, sourceFps: number, options: { isSourceResolution?: boolean; maxFps?: number } = {}): number {
  const maxFps = options.maxFps ?? 60;
  const standard = [24, 25, 30].filter((f) => f <= maxFps);
  if (standard.length === 0) standard.push(maxFps);
  const average = Math.min(30, maxFps);
  let fps = Math.round(sourceFps);
  if (!options.isSourceResolution && resolution < KEEP_SOURCE_FPS_MIN_RESOLUTION && fps > average) {
    fps = closestStandardFps(fps, standard);
  }
  fps = Math.max(fps, 1);
  if (fps > maxFps)
    fps = closestStandardFps(
      fps,
      [50, 60, maxFps].filter((f) => f <= maxFps),
    );
  return fps;
}

function bppFor(resolution: number, table: BitsPerPixel): number {
  const standard = VIDEO_RESOLUTIONS.find((r) => r <= resolution);
  return standard === undefined ? 0 : table[standard];
}

interface TheoreticalInput {
  resolution: number;
  /** width / height */
  ratio: number;
  fps: number;
}

function theoreticalBitrate({ resolution, ratio, fps }: TheoreticalInput, bpp: number): number {
  const otherSide = ratio < 1 && ratio > 0 ? resolution / ratio : resolution * ratio;
  return Math.floor(resolution * otherSide * fps * bpp);
}

/** PeerTube's getAverageTheoreticalBitrate */
export const averageTheoreticalBitrate = (i: TheoreticalInput) => theoreticalBitrate(i, bppFor(i.resolution, AVERAGE_BPP)) || 192_000;
/** PeerTube's getMaxTheoreticalBitrate (the quick-transcode ceiling) */
export const maxTheoreticalBitrate = (i: TheoreticalInput) => theoreticalBitrate(i, bppFor(i.resolution, MAX_BPP)) || 256_000;
/** PeerTube's getMinTheoreticalBitrate */
export const minTheoreticalBitrate = (i: TheoreticalInput) => theoreticalBitrate(i, MIN_BPP) || 10_000;

/**
 * width × height × fps × bpp of the rung's actual (even) size, capped at the
 * input bit rate + 30 % and floored at the minimum, as PeerTube's getTargetBitrate does.
 */
export function targetBitrate(options: { width: number; height: number; fps: number; inputBitrate?: number | null }): number {
  const { width, height, fps, inputBitrate } = options;
  const resolution = Math.min(width, height);
  const target = Math.floor(width * height * fps * bppFor(resolution, AVERAGE_BPP)) || 192_000;
  const capped = inputBitrate ? Math.min(target, Math.floor(inputBitrate * 1.3)) : target;
  return Math.max(capped, Math.floor(width * height * fps * MIN_BPP));
}

/** Output size for a resolution, keeping the display aspect ratio, both sides even. */
export function outputDimensions(resolution: number, source: { width: number; height: number }) {
  const portrait = source.height > source.width;
  if (resolution === sourceResolution(source) || resolution === toEven(sourceResolution(source))) {
    return { width: toEven(source.width), height: toEven(source.height) };
  }
  const long = roundToEven((resolution * Math.max(source.width, source.height)) / Math.min(source.width, source.height));
  return portrait ? { width: resolution, height: long } : { width: long, height: resolution };
}

/** AAC bit rate per rung: 128k, and less where the picture is tiny. */
export const audioBitrateFor = (resolution: number) => (resolution <= 240 ? 64_000 : 128_000);

/** The whole ladder for a probed source, highest first. */
export function buildLadder(probe: MediaFacts, options: LadderOptions = {}): Rung[] {
  const source = sourceResolution(probe);
  return resolutionsToTranscode(source, options).map((resolution) => {
    const isSourceResolution = resolution === toEven(source);
    const { width, height } = outputDimensions(resolution, probe);
    const fps = outputFps(resolution, probe.fps, { isSourceResolution, maxFps: options.maxFps });
    const maxrate = targetBitrate({ width, height, fps, inputBitrate: probe.overallBitrate ?? probe.videoBitrate });
    return {
      name: String(resolution),
      resolution,
      width,
      height,
      fps,
      maxrate,
      bufsize: maxrate * 2,
      gopFrames: Math.max(1, Math.round(fps * GOP_SECONDS)),
      audioBitrate: audioBitrateFor(resolution),
      isSourceResolution,
    };
  });
}

/**
 * Why the source cannot be stream-copied as its own rendition (empty when it can).
 * PeerTube's canDoQuickVideoTranscode + canDoQuickAudioTranscode, plus a
 * keyframe-interval check: copied segments are cut at the source's keyframes.
 */
export function quickTranscodeBlockers(probe: VideoProbe, options: { maxFps?: number } = {}): string[] {
  const maxFps = options.maxFps ?? 60;
  const reasons: string[] = [];
  const fps = Math.round(probe.fps);
  if (probe.videoCodec !== 'h264') reasons.push(`video codec ${probe.videoCodec} is not h264`);
  if (probe.pixFmt !== 'yuv420p') reasons.push(`pixel format ${probe.pixFmt} is not yuv420p`);
  if (fps < 2 || fps > maxFps) reasons.push(`frame rate ${probe.fps} is outside 2..${maxFps}`);
  const bitrate = probe.overallBitrate ?? probe.videoBitrate;
  const max = maxTheoreticalBitrate({ resolution: sourceResolution(probe), ratio: aspectRatio(probe.width, probe.height), fps });
  if (!bitrate) reasons.push('unknown bit rate');
  else if (bitrate > max) reasons.push(`bit rate ${bitrate} exceeds ${max}`);
  if (probe.width % 2 || probe.height % 2) reasons.push(`odd dimensions ${probe.width}x${probe.height}`);
  if (probe.maxKeyframeIntervalSeconds > MAX_QUICK_KEYFRAME_INTERVAL_SECONDS) {
    reasons.push(`keyframes up to ${probe.maxKeyframeIntervalSeconds}s apart (max ${MAX_QUICK_KEYFRAME_INTERVAL_SECONDS}s)`);
  }
  if (probe.hasAudio) {
    if (probe.audioCodec !== 'aac') reasons.push(`audio codec ${probe.audioCodec} is not aac`);
    if (!probe.audioBitrate) reasons.push('unknown audio bit rate');
    else if (probe.audioBitrate > MAX_COPY_AUDIO_BITRATE) reasons.push(`audio bit rate ${probe.audioBitrate} exceeds ${MAX_COPY_AUDIO_BITRATE}`);
    // PeerTube: missing, unknown or quad layouts cause playback issues in Chrome.
    const layout = probe.audioChannelLayout;
    if (!layout || layout === 'unknown' || layout === 'quad') reasons.push(`audio channel layout ${layout ?? 'missing'}`);
  }
  return reasons;
}

/** True when the source's own rendition can be stream-copied (see quickTranscodeBlockers). */
export const canQuickTranscode = (probe: VideoProbe, options: { maxFps?: number } = {}) => quickTranscodeBlockers(probe, options).length === 0;

/**
 * canQuickTranscode, scanning keyframes only when nothing else rules the copy
 * out: the scan reads the start of the file, which a progressive source may
 * still be downloading (see transcoder/progressive-source.ts).
 */
export async function quickTranscodeDecision(
  facts: MediaFacts,
  keyframeInterval: () => Promise<number>,
  options: { maxFps?: number } = {},
): Promise<{ copy: boolean; blockers: string[] }> {
  const early = quickTranscodeBlockers({ ...facts, maxKeyframeIntervalSeconds: 0 }, options);
  if (early.length > 0) return { copy: false, blockers: early };
  const blockers = quickTranscodeBlockers({ ...facts, maxKeyframeIntervalSeconds: await keyframeInterval() }, options);
  return { copy: blockers.length === 0, blockers };
}
