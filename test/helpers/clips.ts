import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Generates a test clip with real ffmpeg from lavfi sources: a moving test pattern and a tone. */
export async function generateClip(path: string, options: { seconds?: number; width?: number; height?: number; fps?: number; audio?: boolean } = {}) {
  const { seconds = 6, width = 640, height = 360, fps = 25, audio = true } = options;
  const args = ['-y', '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`];
  if (audio) args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  args.push('-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', String(fps * 2));
  if (audio) args.push('-c:a', 'aac', '-b:a', '96k');
  args.push(path);
  await run('/usr/bin/ffmpeg', args);
  return path;
}

/** Generates a still image with real ffmpeg (the format follows the extension: .png, .jpg, .gif, .webp); its bytes. */
export async function generateImage(path: string, options: { width?: number; height?: number } = {}) {
  const { width = 320, height = 320 } = options;
  await run('/usr/bin/ffmpeg', ['-y', '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}`, '-frames:v', '1', path]);
  return new Uint8Array(await readFile(path));
}
