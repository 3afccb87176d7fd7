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
import { plainBins } from './measure';

export type SourceKind = 'reencode' | 'copy';
export const SOURCE_KINDS: readonly SourceKind[] = ['reencode', 'copy'];

export const SOURCE_DESCRIPTIONS: Record<SourceKind, string> = {
  reencode: 'H.264 1080p30 CBR 12 Mb/s, 15 s keyframe interval, AAC',
  copy: 'H.264 yuv420p 1080p30 ≤5 Mb/s, 2 s GOP, AAC 128k stereo',
};

export async function generateSource(dir: string, kind: SourceKind, seconds: number): Promise<string> {
  const path = join(dir, `source-${kind}.mp4`);
  const fps = 30;
  const inputs = [
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=1920x1080:rate=${fps}:duration=${seconds}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
  ];
  const audio = ['-c:a', 'aac', '-b:a', '128k', '-ac', '2'];
  const video =
    kind === 'reencode'
      ? [
          '-c:v',
          'libx264',
          '-preset',
          'ultrafast',
          '-pix_fmt',
          'yuv420p',
          '-g',
          String(15 * fps),
          '-keyint_min',
          String(15 * fps),
          '-sc_threshold',
          '0',
          '-b:v',
          '12M',
          '-minrate',
          '12M',
          '-maxrate',
          '12M',
          '-bufsize',
          '12M',
          '-x264-params',
          'nal-hrd=cbr:force-cfr=1',
        ]
      : [
          '-c:v',
          'libx264',
          '-preset',
          'veryfast',
          '-pix_fmt',
          'yuv420p',
          '-g',
          String(2 * fps),
          '-keyint_min',
          String(2 * fps),
          '-sc_threshold',
          '0',
          '-maxrate',
          '5M',
          '-bufsize',
          '10M',
        ];
  await runFfmpeg(plainBins, [...inputs, ...video, ...audio, '-shortest', '-movflags', 'faststart', path]);
  return path;
}
