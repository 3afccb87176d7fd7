import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFfprobe } from './ffmpeg';
import { buildImageArgs, generateImages } from './images';
import { makeClip, makeTempDir, testBins } from './test-clips';

const sizeOf = async (path: string) => (await runFfprobe(testBins, ['-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', path])).trim();

describe('generateImages', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    tmp = await makeTempDir();
  });
  afterAll(() => tmp?.remove());

  it('makes a 280×157 thumbnail and an 850×480 preview in one run', async () => {
    const input = await makeClip(tmp.dir, 'wide', { width: 640, height: 360, seconds: 4, audio: false });
    const thumbnailPath = join(tmp.dir, 'thumb.jpg');
    const previewPath = join(tmp.dir, 'preview.jpg');
    await generateImages({ bins: testBins, input, durationSeconds: 4, thumbnailPath, previewPath });
    expect(await sizeOf(thumbnailPath)).toBe('mjpeg,280,157');
    expect(await sizeOf(previewPath)).toBe('mjpeg,850,480');
  });

  it('cover-crops a portrait source and copes with a clip shorter than 50 frames', async () => {
    const input = await makeClip(tmp.dir, 'tall', { width: 180, height: 320, seconds: 1, fps: 24, audio: false });
    const thumbnailPath = join(tmp.dir, 'tall-thumb.jpg');
    const previewPath = join(tmp.dir, 'tall-preview.jpg');
    await generateImages({ bins: testBins, input, durationSeconds: 1, thumbnailPath, previewPath });
    expect(await sizeOf(thumbnailPath)).toBe('mjpeg,280,157');
    expect(await sizeOf(previewPath)).toBe('mjpeg,850,480');
  });

  it('seeks to half the duration, like PeerTube', () => {
    const args = buildImageArgs({ input: '/in.mp4', durationSeconds: 30, thumbnailPath: '/t.jpg', previewPath: '/p.jpg' });
    expect(args.slice(0, 2)).toEqual(['-ss', '15.000']);
  });
});
