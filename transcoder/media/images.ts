/**
 * Thumbnail (280×157) and preview (850×480) JPEGs from one frame of the source,
 * in one ffmpeg run with two outputs.
 *
 * Frame choice follows PeerTube's generateThumbnailFromVideo
 * (packages/ffmpeg/src/ffmpeg-images.ts): seek to half the duration, then let
 * the `thumbnail` filter pick the most representative of the next 50 frames.
 * PeerTube then resizes with a cover crop (processImage); so do we, in the
 * filter graph.
 *
 * @example
 * await generateImages({ bins, input: src, durationSeconds: probe.durationSeconds,
 *   thumbnailPath: `${dir}/thumb.jpg`, previewPath: `${dir}/preview.jpg` })
 */
import { resolve } from 'node:path';
import { resolveInput, runFfmpeg, type MediaBinaries } from './ffmpeg';

export const THUMBNAIL_SIZE = { width: 280, height: 157 } as const;
export const PREVIEW_SIZE = { width: 850, height: 480 } as const;

export interface GenerateImagesOptions {
  bins: MediaBinaries;
  input: string;
  durationSeconds: number;
  thumbnailPath: string;
  previewPath: string;
  signal?: AbortSignal;
}

/** scale up until both sides cover the box, then crop the middle (CSS `object-fit: cover`); `exact` keeps the odd 157 px height */
export const cover = ({ width, height }: { width: number; height: number }, scaler?: string) =>
  `scale=${width}:${height}:force_original_aspect_ratio=increase${scaler ? `:flags=${scaler}` : ''},crop=${width}:${height}:exact=1,setsar=1`;

export function buildImageArgs(options: Omit<GenerateImagesOptions, 'bins' | 'signal'>): string[] {
  const at = Number.isFinite(options.durationSeconds) && options.durationSeconds > 0 ? options.durationSeconds / 2 : 0;
  return [
    '-ss',
    at.toFixed(3),
    '-i',
    resolveInput(options.input),
    '-filter_complex',
    `[0:v:0]thumbnail=50,split=2[a][b];[a]${cover(THUMBNAIL_SIZE)}[thumb];[b]${cover(PREVIEW_SIZE)}[preview]`,
    '-map',
    '[thumb]',
    '-frames:v',
    '1',
    '-q:v',
    '2',
    '-update',
    '1',
    resolve(options.thumbnailPath),
    '-map',
    '[preview]',
    '-frames:v',
    '1',
    '-q:v',
    '2',
    '-update',
    '1',
    resolve(options.previewPath),
  ];
}

export async function generateImages(options: GenerateImagesOptions): Promise<void> {
  await runFfmpeg(options.bins, buildImageArgs(options), { signal: options.signal });
}
