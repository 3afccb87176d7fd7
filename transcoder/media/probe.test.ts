import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFfmpeg } from './ffmpeg';
import { maxKeyframeInterval, parseFfprobeJson, probeVideo, ProbeError } from './probe';
import { makeClip, makeTempDir, testBins } from './test-clips';

describe('maxKeyframeInterval', () => {
  it('takes the longest gap, including the stretch after the last keyframe', () => {
    expect(maxKeyframeInterval([0, 2, 4, 6, 8], 9.967)).toBe(2);
    expect(maxKeyframeInterval([4, 0, 2], 10)).toBe(6);
    expect(maxKeyframeInterval([0], 12)).toBe(12);
    expect(maxKeyframeInterval([], 7)).toBe(7);
  });
});

describe('parseFfprobeJson', () => {
  it('ignores cover art and reads rotation from the display matrix', () => {
    const facts = parseFfprobeJson({
      format: { duration: '12.5', bit_rate: '900000' },
      streams: [
        { codec_type: 'video', codec_name: 'mjpeg', width: 600, height: 600, avg_frame_rate: '0/0', r_frame_rate: '90000/1', disposition: { attached_pic: 1 } },
        {
          codec_type: 'video',
          codec_name: 'h264',
          width: 1920,
          height: 1080,
          pix_fmt: 'yuv420p',
          avg_frame_rate: '30000/1001',
          side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }],
        },
        { codec_type: 'audio', codec_name: 'aac', bit_rate: '128000', channel_layout: 'stereo' },
      ],
    });
    expect(facts).toMatchObject({
      width: 1080,
      height: 1920,
      rotation: 90,
      fps: 29.97,
      videoBitrate: 900000,
      durationSeconds: 12.5,
      audioCodec: 'aac',
      hasAudio: true,
    });
  });

  it('rejects still images', () => {
    expect(() =>
      parseFfprobeJson({ format: {}, streams: [{ codec_type: 'video', codec_name: 'png', width: 10, height: 10, avg_frame_rate: '25/1' }] }),
    ).toThrow('not a video: still image (png)');
  });
});

describe('probeVideo', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let withAudio: string;
  let silent: string;
  beforeAll(async () => {
    tmp = await makeTempDir();
    [withAudio, silent] = await Promise.all([
      makeClip(tmp.dir, 'av', { width: 640, height: 360, seconds: 6 }),
      makeClip(tmp.dir, 'silent', { width: 320, height: 240, seconds: 6, fps: 25, audio: false, gopSeconds: 5 }),
    ]);
  });
  afterAll(() => tmp?.remove());

  it('reads a video with audio', async () => {
    const probe = await probeVideo(withAudio, { bins: testBins });
    expect(probe).toMatchObject({
      width: 640,
      height: 360,
      fps: 30,
      videoCodec: 'h264',
      pixFmt: 'yuv420p',
      audioCodec: 'aac',
      hasAudio: true,
      rotation: 0,
      audioChannelLayout: 'stereo',
    });
    expect(probe.durationSeconds).toBeCloseTo(6, 1);
    expect(probe.maxKeyframeIntervalSeconds).toBeCloseTo(2, 1);
    expect(probe.videoBitrate).toBeGreaterThan(10_000);
    expect(probe.audioBitrate).toBeGreaterThan(64_000);
  });

  it('reads a video without audio, and its keyframe interval', async () => {
    const probe = await probeVideo(silent, { bins: testBins });
    expect(probe).toMatchObject({ width: 320, height: 240, fps: 25, audioCodec: null, hasAudio: false });
    expect(probe.maxKeyframeIntervalSeconds).toBeCloseTo(5, 1);
  });

  it('swaps the size of a rotated video', async () => {
    const rotated = join(tmp.dir, 'rotated.mp4');
    await runFfmpeg(testBins, ['-i', silent, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', rotated]);
    const probe = await probeVideo(rotated, { bins: testBins });
    expect([probe.width, probe.height]).toEqual([240, 320]);
    expect([90, 270]).toContain(probe.rotation);
  });

  it('throws ProbeError for a text file', async () => {
    const text = join(tmp.dir, 'notes.txt');
    await writeFile(text, 'this is not a video\n');
    const err = await probeVideo(text, { bins: testBins }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProbeError);
    expect((err as ProbeError).kind).toBe('unreadable');
    expect((err as Error).message).toBe('unreadable: Invalid data found when processing input');
  });

  it('throws ProbeError for audio only', async () => {
    const audio = join(tmp.dir, 'tone.m4a');
    await runFfmpeg(testBins, ['-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac', audio]);
    await expect(probeVideo(audio, { bins: testBins })).rejects.toThrow('not a video: no video stream');
  });
});
