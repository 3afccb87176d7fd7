/**
 * Test-only: small clips generated with lavfi, and temp directories that the
 * tests always remove. Not imported by production code.
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
}

/** An H.264/yuv420p (+ AAC stereo) clip of testsrc2 and a sine tone, capped at 2 Mb/s. */
export async function makeClip(dir: string, name: string, options: ClipOptions): Promise<string> {
  const { width, height, seconds, fps = 30, audio = true, gopSeconds = 2, ext = 'mp4' } = options;
  const path = join(dir, `${name}.${ext}`);
  const gop = String(Math.round(fps * gopSeconds));
  await runFfmpeg(testBins, [
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${width}x${height}:rate=${fps}:duration=${seconds}`,
    ...(audio ? ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`] : []),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-pix_fmt',
    'yuv420p',
    '-g',
    gop,
    '-keyint_min',
    gop,
    '-sc_threshold',
    '0',
    '-maxrate',
    '2M',
    '-bufsize',
    '4M',
    ...(audio ? ['-c:a', 'aac', '-b:a', '128k', '-ac', '2'] : []),
    '-shortest',
    path,
  ]);
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
