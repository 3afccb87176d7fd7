/**
 * The two 1080p30 sources, generated with lavfi (moving test pattern + 440 Hz tone).
 *
 * - `reencode`: H.264 at a constant ~12 Mb/s (x264 CBR with filler, above PeerTube's
 *   1080p30 maximum of 1920×1080×30×0.17 ≈ 10.6 Mb/s) with a keyframe only every 15 s.
 *   canQuickTranscode rejects it, so every rendition is encoded.
 * - `copy`: H.264 yuv420p, AAC 128k stereo, 2 s GOP, ≤ 5 Mb/s: it qualifies for
 *   PeerTube's quick transcode, so the 1080p rendition is stream-copied.
 */
import { join } from 'node:path';
import { runFfmpeg } from '../../transcoder/media';
import { clipArgs, type ClipOptions } from '../../transcoder/media/test-clips';
import { plainBins } from './measure';

export type SourceKind = 'reencode' | 'copy';
export const SOURCE_KINDS: readonly SourceKind[] = ['reencode', 'copy'];

export const SOURCE_DESCRIPTIONS: Record<SourceKind, string> = {
  reencode: 'H.264 1080p30 CBR 12 Mb/s, 15 s keyframe interval, AAC',
  copy: 'H.264 yuv420p 1080p30 ≤5 Mb/s, 2 s GOP, AAC 128k stereo',
};

/** Each source's encoding: clipArgs' options over a 1080p30 testsrc2 with a 440 Hz tone. */
const SOURCE_OPTIONS: Record<SourceKind, Pick<ClipOptions, 'preset' | 'gopSeconds' | 'rate'>> = {
  reencode: { preset: 'ultrafast', gopSeconds: 15, rate: { max: '12M', buffer: '12M', constant: true } },
  copy: { preset: 'veryfast', gopSeconds: 2, rate: { max: '5M', buffer: '10M' } },
};

export async function generateSource(dir: string, kind: SourceKind, seconds: number): Promise<string> {
  const path = join(dir, `source-${kind}.mp4`);
  await runFfmpeg(plainBins, clipArgs(path, { width: 1920, height: 1080, fps: 30, seconds, ...SOURCE_OPTIONS[kind], faststart: true }));
  return path;
}
