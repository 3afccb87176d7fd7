import { describe, expect, it } from 'vitest';
import { buildLadderArgs, segmentFileOf } from './hls-ladder-args';
import { buildLadder } from './ladder';
import type { VideoProbe } from './probe';

const probe: VideoProbe = {
  durationSeconds: 10,
  width: 1280,
  height: 720,
  fps: 30,
  videoCodec: 'h264',
  pixFmt: 'yuv420p',
  videoBitrate: 2_000_000,
  overallBitrate: 2_100_000,
  audioCodec: 'aac',
  audioBitrate: 128_000,
  audioChannelLayout: 'stereo',
  hasAudio: true,
  maxKeyframeIntervalSeconds: 2,
  rotation: 0,
};

const valueOf = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('buildLadderArgs', () => {
  it('decodes once and encodes every rung from one split', () => {
    const { args, renditions } = buildLadderArgs({ input: '/in.mp4', probe, rungs: buildLadder(probe), copyTop: false });
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(valueOf(args, '-filter_complex')).toBe(
      '[0:v:0]split=4[s0][s1][s2][s3];' +
        '[s0]scale=1280:720,setsar=1,format=yuv420p[v0];[s1]scale=854:480,setsar=1,format=yuv420p[v1];' +
        '[s2]scale=640:360,setsar=1,format=yuv420p[v2];[s3]scale=426:240,setsar=1,format=yuv420p[v3]',
    );
    expect(valueOf(args, '-var_stream_map')).toBe('v:0,a:0,name:720 v:1,a:1,name:480 v:2,a:2,name:360 v:3,a:3,name:240');
    expect(valueOf(args, '-maxrate:v:1')).toBe('1475712');
    expect(valueOf(args, '-g:v:0')).toBe('60');
    expect(valueOf(args, '-preset:v:0')).toBe('veryfast');
    expect(valueOf(args, '-b:a:3')).toBe('64000');
    expect(valueOf(args, '-hls_segment_type')).toBe('fmp4');
    expect(renditions.map((r) => r.copied)).toEqual([false, false, false, false]);
  });

  it('stream-copies the top rendition and encodes the rest from the same decode', () => {
    const { args, renditions } = buildLadderArgs({ input: '/in.mp4', probe, rungs: buildLadder(probe), copyTop: true, preset: 'ultrafast' });
    expect(renditions.map((r) => r.copied)).toEqual([true, false, false, false]);
    expect(valueOf(args, '-c:v:0')).toBe('copy');
    expect(valueOf(args, '-c:a:0')).toBe('copy');
    expect(args).not.toContain('-maxrate:v:0');
    expect(valueOf(args, '-c:v:1')).toBe('libx264');
    expect(valueOf(args, '-preset:v:1')).toBe('ultrafast');
    expect(valueOf(args, '-filter_complex')).toMatch(/^\[0:v:0\]split=3\[s1\]\[s2\]\[s3\];/);
    expect(args.slice(args.indexOf('-map'), args.indexOf('-map') + 4)).toEqual(['-map', '0:v:0', '-map', '0:a:0']);
  });

  it('leaves audio out for a silent source and adds fps only where it changes', () => {
    const silent = { ...probe, fps: 60, hasAudio: false, audioCodec: null, audioBitrate: null, audioChannelLayout: null };
    const { args } = buildLadderArgs({ input: '/in.mp4', probe: silent, rungs: buildLadder(silent), copyTop: false });
    expect(args).not.toContain('0:a:0');
    expect(args.some((a) => a.startsWith('-c:a'))).toBe(false);
    expect(valueOf(args, '-var_stream_map')).toBe('v:0,name:720 v:1,name:480 v:2,name:360 v:3,name:240');
    expect(valueOf(args, '-filter_complex')).toContain('[s0]scale=1280:720,setsar=1,format=yuv420p[v0]');
    expect(valueOf(args, '-filter_complex')).toContain('[s1]scale=854:480,setsar=1,fps=30,format=yuv420p[v1]');
  });

  it('does not copy a rung that is not the source size', () => {
    const rungs = buildLadder(probe, { enabledResolutions: [480, 240], keepOriginalResolution: false });
    expect(buildLadderArgs({ input: '/in.mp4', probe, rungs, copyTop: true }).renditions.every((r) => !r.copied)).toBe(true);
  });

  it('names segments uniquely across renditions', () => {
    expect(segmentFileOf('720', 3)).toBe('720-00003.m4s');
  });
});
