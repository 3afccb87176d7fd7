/**
 * One attempt of an `actor-image-resize` job (ADR 0025): download the uploaded avatar or banner,
 * make every size the Worker asked for in one ffmpeg run (each cropped from the centre to its
 * aspect ratio, then scaled: PeerTube's Jimp `cover`), store them, report `resized`. Outputs keep
 * the input's format, as PeerTube's keep its extension. Failures are reported as `failed`, not
 * retryable when ffmpeg cannot read the image (the Worker then keeps showing the upload). The work
 * directory is always removed.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ActorImageRequest } from '../worker/jobs/companion-protocol';
import { cover, isAbortError, MediaProcessError, resolveInput, runFfmpeg, type MediaBinaries } from './media';
import { StaleAttemptError, type WorkerClient } from './worker-client';

const FORMATS: Record<ActorImageRequest['input']['mediaType'], { extension: string; args: string[] }> = {
  // PeerTube writes at quality 80 (Jimp): mjpeg's q 4 and WebP's quality 80 are close to it.
  'image/jpeg': { extension: '.jpg', args: ['-c:v', 'mjpeg', '-q:v', '4', '-pix_fmt', 'yuvj420p'] },
  'image/png': { extension: '.png', args: ['-c:v', 'png'] },
  'image/webp': { extension: '.webp', args: ['-c:v', 'libwebp', '-quality', '80'] },
};

/** ffmpeg's arguments: one input, one output file per size, from one decode. */
export function buildActorImageArgs(input: string, req: Pick<ActorImageRequest, 'input' | 'outputs'>, paths: string[]): string[] {
  const n = req.outputs.length;
  const split = `[0:v:0]split=${n}${req.outputs.map((_, i) => `[s${i}]`).join('')}`;
  const scaled = req.outputs.map((o, i) => `[s${i}]${cover(o, 'lanczos')}[o${i}]`);
  const format = FORMATS[req.input.mediaType];
  return [
    '-i',
    resolveInput(input),
    '-filter_complex',
    [split, ...scaled].join(';'),
    ...req.outputs.flatMap((_, i) => ['-map', `[o${i}]`, '-frames:v', '1', ...format.args, '-update', '1', resolve(paths[i])]),
  ];
}

export type ActorImageDeps = { client: WorkerClient; bins: MediaBinaries; tmpDir: string; signal: AbortSignal; log: (message: string) => void };

export async function runActorImageResize(req: ActorImageRequest, deps: ActorImageDeps): Promise<'resized' | 'failed' | 'stale'> {
  const log = (message: string) => deps.log(`job ${req.jobId}: ${message}`);
  const { client, signal } = deps;
  await mkdir(deps.tmpDir, { recursive: true });
  const workDir = await mkdtemp(join(deps.tmpDir, `job-${req.jobId}-${req.attempt}-`));
  try {
    const input = join(workDir, 'original');
    await client.download(req.input.key, input, signal);
    const paths = req.outputs.map((_, i) => join(workDir, `size-${i}${FORMATS[req.input.mediaType].extension}`));
    await runFfmpeg(deps.bins, buildActorImageArgs(input, req, paths), { signal });
    const outputs = [];
    for (const [i, o] of req.outputs.entries()) {
      const size = await client.upload(o.key, await readFile(paths[i]), req.input.mediaType, signal);
      outputs.push({ ...o, size });
    }
    await client.report(req.jobId, 'resized', { attempt: req.attempt, outputs }, signal);
    log(`resized ${req.input.key} to ${outputs.map((o) => `${o.width}x${o.height} (${o.size} B)`).join(', ')}`);
    return 'resized';
  } catch (err) {
    if (err instanceof StaleAttemptError || signal.aborted || isAbortError(err)) {
      log(`stopped: ${(err as Error).message}`);
      return 'stale';
    }
    // ffmpeg ran and refused the image: retrying cannot help (an ffmpeg that did not start can).
    const permanent = err instanceof MediaProcessError && err.exitCode !== null;
    const message = `${permanent ? 'The image cannot be resized' : 'Resizing failed'}: ${(err as Error).message}`;
    log(message);
    await client
      .report(req.jobId, 'failed', { attempt: req.attempt, error: message.slice(0, 4000), retryable: !permanent })
      .catch((reportErr) => log(`could not report the failure: ${(reportErr as Error).message}`));
    return 'failed';
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
