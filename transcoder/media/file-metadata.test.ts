import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFfmpeg } from './ffmpeg';
import { probeRenditionMetadata, shapeFileMetadata } from './file-metadata';
import { makeClip, makeTempDir, testBins } from './test-clips';

/** Cuts `src` into an fMP4 init segment and media segments, as the ladder stores a rendition; returns their paths in order. */
async function segment(src: string, outDir: string, extraArgs: string[] = []) {
  await runFfmpeg(testBins, [
    '-i',
    src,
    '-c',
    'copy',
    ...extraArgs,
    '-f',
    'hls',
    '-hls_segment_type',
    'fmp4',
    '-hls_time',
    '2',
    '-hls_playlist_type',
    'vod',
    '-hls_fmp4_init_filename',
    'init.mp4',
    '-hls_segment_filename',
    join(outDir, 'seg-%03d.m4s'),
    join(outDir, 'index.m3u8'),
  ]);
  const segments = (await readdir(outDir)).filter((f) => f.endsWith('.m4s')).sort();
  return [join(outDir, 'init.mp4'), ...segments.map((f) => join(outDir, f))];
}

describe('shapeFileMetadata', () => {
  it('turns numeric strings into numbers outside tags, names the file and drops local paths', () => {
    const shaped = shapeFileMetadata(
      {
        streams: [
          {
            index: 0,
            codec_name: 'h264',
            duration: '6.000000',
            bit_rate: '498704',
            sample_aspect_ratio: '1:1',
            tags: { language: 'und', vendor_id: '[0][0][0][0]' },
          },
        ],
        format: {
          filename: 'concatf:/work/job-1/x.parts.txt',
          size: '608072',
          duration: '6.023',
          tags: { minor_version: '512', title: '/work/job-1/hls/360/init.mp4' },
        },
        chapters: [{ id: 0, start_time: '0.000000', tags: { title: 'Intro' } }],
      },
      'uuid-360.mp4',
      ['/work/job-1'],
    );
    expect(shaped).toEqual({
      streams: [
        { index: 0, codec_name: 'h264', duration: 6, bit_rate: 498704, sample_aspect_ratio: '1:1', tags: { language: 'und', vendor_id: '[0][0][0][0]' } },
      ],
      format: { filename: 'uuid-360.mp4', size: 608072, duration: 6.023, tags: { minor_version: '512' } },
      chapters: [{ id: 0, start_time: 0, tags: { title: 'Intro' } }],
    });
  });

  it('answers the empty shape for output that is not ffprobe JSON, and ignores relative or root "paths"', () => {
    expect(shapeFileMetadata(null, 'a.mp4', [])).toEqual({ streams: [], format: { filename: 'a.mp4' }, chapters: [] });
    expect(shapeFileMetadata({ format: { format_name: 'mov' } }, 'a.mp4', ['/', '.', 'mov'])).toEqual({
      streams: [],
      format: { format_name: 'mov', filename: 'a.mp4' },
      chapters: [],
    });
  });
});

describe('probeRenditionMetadata', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let clip: string;
  beforeAll(async () => {
    tmp = await makeTempDir('edgetube-file-metadata-');
    clip = await makeClip(tmp.dir, 'av', { width: 640, height: 360, seconds: 6 });
  });
  afterAll(() => tmp?.remove());

  const freshDir = async (name: string) => {
    const dir = join(tmp.dir, name);
    await mkdir(dir);
    return dir;
  };

  it('probes init + segments as one MP4, with the public name and no local path', async () => {
    const dir = await freshDir('plain');
    const parts = await segment(clip, dir);
    expect(parts.length).toBeGreaterThanOrEqual(4);
    const logs: string[] = [];
    const metadata = await probeRenditionMetadata({ bins: testBins, parts, publicName: 'abc-360.mp4', listDir: tmp.dir, log: (m) => logs.push(m) });
    expect(logs).toEqual([]);
    expect(metadata).toBeDefined();
    const video = metadata!.streams.find((s) => s.codec_type === 'video');
    const audio = metadata!.streams.find((s) => s.codec_type === 'audio');
    expect(video).toMatchObject({ codec_name: 'h264', width: 640, height: 360, pix_fmt: 'yuv420p', avg_frame_rate: '30/1' });
    expect(audio).toMatchObject({ codec_name: 'aac', channels: 2, sample_rate: 48000 });
    const total = (await Promise.all(parts.map((p) => stat(p)))).reduce((n, s) => n + s.size, 0);
    expect(metadata!.format).toMatchObject({ filename: 'abc-360.mp4', format_name: 'mov,mp4,m4a,3gp,3g2,mj2', nb_streams: 2, size: total });
    expect(metadata!.format.duration).toBeCloseTo(6, 0);
    expect(metadata!.chapters).toEqual([]);
    expect(JSON.stringify(metadata)).not.toContain(tmp.dir);
    // The part list is gone.
    expect((await readdir(tmp.dir)).filter((f) => f.endsWith('.parts.txt'))).toEqual([]);
  });

  it('drops tags that name a local path and keeps the others', async () => {
    const dir = await freshDir('tagged');
    const parts = await segment(clip, dir, ['-metadata', `title=${dir}/source.mov`, '-metadata', 'comment=kept']);
    const metadata = await probeRenditionMetadata({ bins: testBins, parts, publicName: 'abc-360.mp4', listDir: tmp.dir });
    expect(metadata!.format.tags).toMatchObject({ comment: 'kept', major_brand: 'iso5' });
    expect(metadata!.format.tags).not.toHaveProperty('title');
  });

  it('leaves out metadata over the protocol bound, and a probe that fails, and says why', async () => {
    const dir = await freshDir('huge');
    const parts = await segment(clip, dir, ['-metadata', `comment=${'x'.repeat(70_000)}`]);
    const logs: string[] = [];
    const log = (m: string) => logs.push(m);
    expect(await probeRenditionMetadata({ bins: testBins, parts, publicName: 'big-360.mp4', listDir: tmp.dir, log })).toBeUndefined();
    expect(logs[0]).toMatch(/^big-360\.mp4: metadata left out \(\d+ bytes, over 65536\)$/);

    const missing = [parts[0], join(dir, 'seg-999.m4s')];
    expect(await probeRenditionMetadata({ bins: testBins, parts: missing, publicName: 'gone-360.mp4', listDir: tmp.dir, log })).toBeUndefined();
    expect(logs[1]).toMatch(/^gone-360\.mp4: metadata probe failed: /);
    expect((await readdir(tmp.dir)).filter((f) => f.endsWith('.parts.txt'))).toEqual([]);
  });

  it('stops with the abort, not with a log line', async () => {
    const dir = await freshDir('aborted');
    const parts = await segment(clip, dir);
    const controller = new AbortController();
    controller.abort();
    const logs: string[] = [];
    await expect(
      probeRenditionMetadata({ bins: testBins, parts, publicName: 'a.mp4', listDir: tmp.dir, signal: controller.signal, log: (m) => logs.push(m) }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(logs).toEqual([]);
  });
});
