import { describe, expect, it } from 'vitest';
import {
  averageTheoreticalBitrate,
  buildLadder,
  canQuickTranscode,
  maxTheoreticalBitrate,
  outputFps,
  quickTranscodeBlockers,
  quickTranscodeDecision,
  resolutionsToTranscode,
} from './ladder';
import type { VideoProbe } from './probe';

const source1080p30: VideoProbe = {
  durationSeconds: 60,
  width: 1920,
  height: 1080,
  fps: 30,
  videoCodec: 'h264',
  pixFmt: 'yuv420p',
  videoBitrate: 5_000_000,
  overallBitrate: 20_000_000,
  audioCodec: 'aac',
  audioBitrate: 128_000,
  audioChannelLayout: 'stereo',
  hasAudio: true,
  maxKeyframeIntervalSeconds: 2,
  rotation: 0,
};

describe('buildLadder', () => {
  it('gives PeerTube numbers for a 1080p30 source', () => {
    const rows = buildLadder(source1080p30).map((r) => [r.name, r.width, r.height, r.fps, r.maxrate, r.bufsize, r.gopFrames, r.audioBitrate]);
    expect(rows).toEqual([
      ['1080', 1920, 1080, 30, 6_220_800, 12_441_600, 60, 128_000], // 1920×1080×30×0.10
      ['720', 1280, 720, 30, 3_041_280, 6_082_560, 60, 128_000], //    1280×720×30×0.11
      ['480', 854, 480, 30, 1_475_712, 2_951_424, 60, 128_000], //     854×480×30×0.12
      ['360', 640, 360, 30, 1_036_800, 2_073_600, 60, 128_000], //     640×360×30×0.15
      ['240', 426, 240, 30, 521_424, 1_042_848, 60, 64_000], //        426×240×30×0.17
    ]);
    expect(buildLadder(source1080p30)[0].isSourceResolution).toBe(true);
  });

  it('stays within 0.2 % of PeerTube’s own formula (which uses the rounded aspect ratio)', () => {
    for (const r of buildLadder(source1080p30)) {
      const peertube = averageTheoreticalBitrate({ resolution: r.resolution, ratio: 1.7778, fps: 30 });
      expect(Math.abs(r.maxrate - peertube) / peertube).toBeLessThan(0.002);
    }
  });

  it('caps the target at the input bit rate + 30 %', () => {
    const ladder = buildLadder({ ...source1080p30, overallBitrate: 4_000_000 });
    expect(ladder[0].maxrate).toBe(5_200_000);
    expect(ladder[1].maxrate).toBe(3_041_280);
  });

  it('keeps 60 fps from 720p up and halves it below', () => {
    expect(buildLadder({ ...source1080p30, fps: 60 }).map((r) => [r.name, r.fps, r.gopFrames])).toEqual([
      ['1080', 60, 120],
      ['720', 60, 120],
      ['480', 30, 60],
      ['360', 30, 60],
      ['240', 30, 60],
    ]);
    expect(outputFps(480, 50)).toBe(25);
    expect(outputFps(480, 48)).toBe(24);
    expect(outputFps(1080, 120)).toBe(60);
    expect(outputFps(360, 59.94, { isSourceResolution: true })).toBe(60);
  });

  it('sizes portrait renditions by their shorter side', () => {
    expect(
      buildLadder({ ...source1080p30, width: 1080, height: 1920 })
        .map((r) => [r.width, r.height])
        .slice(0, 3),
    ).toEqual([
      [1080, 1920],
      [720, 1280],
      [480, 854],
    ]);
  });
});

describe('resolutionsToTranscode', () => {
  it('filters to the enabled set and the source size', () => {
    expect(resolutionsToTranscode(720)).toEqual([720, 480, 360, 240]);
    expect(resolutionsToTranscode(2160, { enabledResolutions: [2160, 1080, 144] })).toEqual([2160, 1080, 144]);
  });

  it('keeps an odd source resolution like PeerTube (always_transcode_original_resolution)', () => {
    expect(resolutionsToTranscode(900)).toEqual([900, 720, 480, 360, 240]);
    expect(resolutionsToTranscode(900, { keepOriginalResolution: false })).toEqual([720, 480, 360, 240]);
  });

  it('keeps the source resolution when it is below every enabled one', () => {
    expect(resolutionsToTranscode(199, { keepOriginalResolution: false })).toEqual([200]);
  });
});

describe('canQuickTranscode', () => {
  const ok: VideoProbe = { ...source1080p30, overallBitrate: 6_000_000 };

  it('accepts H.264/yuv420p/AAC under PeerTube’s max bit rate with short GOPs', () => {
    expect(quickTranscodeBlockers(ok)).toEqual([]);
    expect(canQuickTranscode({ ...ok, hasAudio: false, audioCodec: null, audioBitrate: null, audioChannelLayout: null })).toBe(true);
  });

  it('refuses each reason on its own', () => {
    const max = maxTheoreticalBitrate({ resolution: 1080, ratio: 1.7778, fps: 30 });
    expect(quickTranscodeBlockers({ ...ok, videoCodec: 'hevc' })).toEqual(['video codec hevc is not h264']);
    expect(quickTranscodeBlockers({ ...ok, pixFmt: 'yuv420p10le' })).toEqual(['pixel format yuv420p10le is not yuv420p']);
    expect(quickTranscodeBlockers({ ...ok, audioCodec: 'opus' })).toEqual(['audio codec opus is not aac']);
    expect(quickTranscodeBlockers({ ...ok, maxKeyframeIntervalSeconds: 12 })).toHaveLength(1);
    expect(quickTranscodeBlockers({ ...ok, overallBitrate: max + 1 })).toEqual([`bit rate ${max + 1} exceeds ${max}`]);
    expect(canQuickTranscode({ ...ok, overallBitrate: max })).toBe(true);
  });
});

describe('quickTranscodeDecision', () => {
  const { maxKeyframeIntervalSeconds: _, ...facts } = { ...source1080p30, overallBitrate: 6_000_000 };

  it('scans keyframes only when nothing else rules the copy out', async () => {
    let scans = 0;
    const scan = (seconds: number) => async () => {
      scans++;
      return seconds;
    };
    expect(await quickTranscodeDecision({ ...facts, videoCodec: 'hevc' }, scan(2))).toEqual({ copy: false, blockers: ['video codec hevc is not h264'] });
    expect(scans).toBe(0);
    expect(await quickTranscodeDecision(facts, scan(2))).toEqual({ copy: true, blockers: [] });
    expect(await quickTranscodeDecision(facts, scan(15))).toEqual({ copy: false, blockers: ['keyframes up to 15s apart (max 10s)'] });
    expect(scans).toBe(2);
  });
});
