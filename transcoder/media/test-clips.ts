/**
 * Test and bench only: small clips generated with lavfi (the benches' sources too, through
 * clipArgs), and temp directories that the tests always remove. Not imported by production code.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mediaBinaries, runFfmpeg } from './ffmpeg';

/** Test binaries: FFMPEG_PATH / FFPROBE_PATH from the test environment, else PATH. */
export const testBins = mediaBinaries({ FFMPEG_PATH: process.env.FFMPEG_PATH, FFPROBE_PATH: process.env.FFPROBE_PATH });

export async function makeTempDir(prefix = 'edgetube-media-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface ClipOptions {
  width: number;
  height: number;
  seconds: number;
  fps?: number;
  audio?: boolean;
  /** keyframe interval in seconds (default 2) */
  gopSeconds?: number;
  /** container extension (default mp4) */
  ext?: string;
  /** x264 preset (default veryfast) */
  preset?: string;
  /** peak bitrate and VBV buffer (default 2M and 4M); `constant`: x264 CBR with filler at `max` */
  rate?: { max: string; buffer: string; constant?: boolean };
  /** the index (moov) before the media (`-movflags faststart`) */
  faststart?: boolean;
}

/**
 * ffmpeg's arguments for an H.264/yuv420p (+ AAC stereo) clip of testsrc2 and a sine tone at `path`:
 * the tests' clips (makeClip) and the benches' sources both come from here.
 */
export function clipArgs(path: string, options: Omit<ClipOptions, 'ext'>): string[] {
  const {
    width,
    height,
    seconds,
    fps = 30,
    audio = true,
    gopSeconds = 2,
    preset = 'veryfast',
    rate = { max: '2M', buffer: '4M' },
    faststart = false,
  } = options;
  const gop = String(Math.round(fps * gopSeconds));
  const rateArgs = rate.constant
    ? ['-b:v', rate.max, '-minrate', rate.max, '-maxrate', rate.max, '-bufsize', rate.buffer, '-x264-params', 'nal-hrd=cbr:force-cfr=1']
    : ['-maxrate', rate.max, '-bufsize', rate.buffer];
  return [
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${width}x${height}:rate=${fps}:duration=${seconds}`,
    ...(audio ? ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`] : []),
    '-c:v',
    'libx264',
    '-preset',
    preset,
    '-pix_fmt',
    'yuv420p',
    '-g',
    gop,
    '-keyint_min',
    gop,
    '-sc_threshold',
    '0',
    ...rateArgs,
    ...(audio ? ['-c:a', 'aac', '-b:a', '128k', '-ac', '2'] : []),
    '-shortest',
    ...(faststart ? ['-movflags', 'faststart'] : []),
    path,
  ];
}

/** A clip of clipArgs (by default capped at 2 Mb/s) named `name` in `dir`. */
export async function makeClip(dir: string, name: string, options: ClipOptions): Promise<string> {
  const path = join(dir, `${name}.${options.ext ?? 'mp4'}`);
  await runFfmpeg(testBins, clipArgs(path, options));
  return path;
}

/** Whether a process still exists (signal 0 checks without signalling). */
export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
