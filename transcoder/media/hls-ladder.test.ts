import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAbortError, runFfprobe } from './ffmpeg';
import { transcodeLadder, type RenditionSummary, type SegmentEvent } from './hls-ladder';
import { buildLadder, canQuickTranscode } from './ladder';
import { probeVideo, type VideoProbe } from './probe';
import { parseMediaPlaylist } from './segment-watcher';
import { makeClip, makeTempDir, isAlive, testBins } from './test-clips';

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** Writes init + segments to one file, as the Worker serves them, and probes it. */
async function probeConcatenation(outDir: string, r: RenditionSummary, target: string) {
  const parts = await Promise.all([r.initFile, ...r.segments.map((s) => s.file)].map((f) => readFile(join(outDir, f))));
  await writeFile(target, Buffer.concat(parts));
  return probeVideo(target, { bins: testBins });
}

const videoPacketSizes = async (path: string) =>
  (await runFfprobe(testBins, ['-select_streams', 'v:0', '-show_entries', 'packet=size', '-of', 'csv=p=0', path])).trim().split('\n');

describe('transcodeLadder', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let src720: string;
  let silent: string;
  let probe720: VideoProbe;
  beforeAll(async () => {
    tmp = await makeTempDir();
    [src720, silent] = await Promise.all([
      makeClip(tmp.dir, 'src720', { width: 1280, height: 720, seconds: 6 }),
      makeClip(tmp.dir, 'silent', { width: 640, height: 360, seconds: 6, audio: false }),
    ]);
    probe720 = await probeVideo(src720, { bins: testBins });
  });
  afterAll(() => tmp?.remove());

  it('encodes 720/480/360/240 in one ffmpeg and reports each segment while ffmpeg runs', async () => {
    const outDir = join(tmp.dir, 'ladder');
    const events: (SegmentEvent & { at: number })[] = [];
    const progress: number[] = [];
    const rungs = buildLadder(probe720);
    expect(rungs.map((r) => r.name)).toEqual(['720', '480', '360', '240']);

    const result = await transcodeLadder({
      bins: testBins,
      input: src720,
      outDir,
      probe: probe720,
      rungs,
      copyTop: false,
      pollIntervalMs: 100,
      onProgress: (p) => progress.push(p),
      onSegment: async (e) => {
        events.push({ ...e, at: Date.now() });
        await new Promise((r) => setTimeout(r, 5)); // a slow "upload": calls must still come in order
      },
    });

    const firstMedia = events.find((e) => e.kind === 'media')!;
    expect(firstMedia.at).toBeLessThan(result.exitedAt);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    for (const r of result.renditions) {
      expect(r.copied).toBe(false);
      expect(r.segments.length).toBeGreaterThanOrEqual(2);
      const mine = events.filter((e) => e.rendition === r.name);
      expect(mine.map((e) => e.file)).toEqual([r.initFile, ...r.segments.map((s) => s.file)]);
      expect(mine.map((e) => e.index)).toEqual([-1, ...r.segments.map((_, i) => i)]);
      // Sizes seen when the event fired are the final ones: segments were complete.
      expect(mine.map((e) => e.bytes)).toEqual([r.initSize, ...r.segments.map((s) => s.size)]);
      expect(parseMediaPlaylist(mine.at(-1)!.playlist!).segments).toEqual(r.segments.map(({ file, durationSeconds }) => ({ file, durationSeconds })));
      const playlist = parseMediaPlaylist(await readFile(join(outDir, r.playlistFile), 'utf8'));
      expect(playlist.ended).toBe(true);
      // 1 s first, so the video is playable sooner; then segments ending on multiples of 4 s.
      expect(r.segments.map((s) => Math.round(s.durationSeconds))).toEqual([1, 3, 2]);

      const mp4 = await probeConcatenation(outDir, r, join(tmp.dir, `concat-${r.name}.mp4`));
      expect(Math.abs(mp4.durationSeconds - 6)).toBeLessThanOrEqual(0.5);
      expect([mp4.width, mp4.height]).toEqual([r.width, r.height]);
      expect(mp4).toMatchObject({ videoCodec: 'h264', pixFmt: 'yuv420p', hasAudio: true, audioCodec: 'aac' });
      expect(r.codecs).toMatch(/^avc1\.[0-9a-f]{6},mp4a\.40\.2$/);
    }
    expect(result.renditions.map((r) => [r.width, r.height])).toEqual([
      [1280, 720],
      [854, 480],
      [640, 360],
      [426, 240],
    ]);
    // ffmpeg's one-GOP parts were joined and removed.
    expect((await readdir(outDir)).filter((f) => f.includes('-part-'))).toEqual([]);

    const master = await readFile(join(outDir, result.masterPlaylistFile), 'utf8');
    expect(master.match(/^#EXT-X-STREAM-INF:.*$/gm)).toHaveLength(4);
    expect(master.split('\n').filter((l) => l.endsWith('.m3u8'))).toEqual(['240.m3u8', '360.m3u8', '480.m3u8', '720.m3u8']);
  });

  it('stream-copies the top rendition of a quick-transcodable source', async () => {
    expect(canQuickTranscode(probe720)).toBe(true);
    const outDir = join(tmp.dir, 'copy');
    const rungs = buildLadder(probe720, { enabledResolutions: [720, 240] });
    const result = await transcodeLadder({ bins: testBins, input: src720, outDir, probe: probe720, rungs, copyTop: true });
    const [top, low] = result.renditions;
    expect([top.copied, low.copied]).toEqual([true, false]);
    expect(result.args.join(' ')).toContain('-c:v:0 copy -c:a:0 copy');
    expect(top.codecs).toMatch(/^avc1\.[0-9a-f]{6},mp4a\.40\.2$/);

    const target = join(tmp.dir, 'copy-720.mp4');
    const mp4 = await probeConcatenation(outDir, top, target);
    expect(Math.abs(mp4.durationSeconds - probe720.durationSeconds)).toBeLessThanOrEqual(0.5);
    // A stream copy carries the very same coded frames.
    expect(await videoPacketSizes(target)).toEqual(await videoPacketSizes(src720));
    expect((await probeConcatenation(outDir, low, join(tmp.dir, 'copy-240.mp4'))).height).toBe(240);
  });

  it('handles a source without audio', async () => {
    const probe = await probeVideo(silent, { bins: testBins });
    const outDir = join(tmp.dir, 'silent-out');
    const result = await transcodeLadder({ bins: testBins, input: silent, outDir, probe, rungs: buildLadder(probe), copyTop: false });
    expect(result.renditions.map((r) => r.name)).toEqual(['360', '240']);
    expect(result.args).not.toContain('0:a:0');
    for (const r of result.renditions) {
      expect(r.codecs).toMatch(/^avc1\.[0-9a-f]{6}$/);
      const mp4 = await probeConcatenation(outDir, r, join(tmp.dir, `silent-${r.name}.mp4`));
      expect(mp4.hasAudio).toBe(false);
      expect(Math.abs(mp4.durationSeconds - 6)).toBeLessThanOrEqual(0.5);
    }
  });

  it('kills ffmpeg and removes its output when aborted', async () => {
    const outDir = join(tmp.dir, 'aborted');
    const controller = new AbortController();
    let pid = 0;
    const run = transcodeLadder({
      bins: testBins,
      input: src720,
      outDir,
      probe: probe720,
      rungs: buildLadder(probe720),
      copyTop: false,
      signal: controller.signal,
      onStart: (info) => (pid = info.pid),
      onProgress: (p) => p > 0.1 && controller.abort(),
    });
    const err = await run.catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(false);
    expect(await exists(outDir)).toBe(false);
  });

  it('stops the encode when onSegment fails, and rejects with its error', async () => {
    const outDir = join(tmp.dir, 'upload-failed');
    const probe = await probeVideo(silent, { bins: testBins });
    let pid = 0;
    const err = await transcodeLadder({
      bins: testBins,
      input: silent,
      outDir,
      probe,
      rungs: buildLadder(probe),
      copyTop: false,
      pollIntervalMs: 50,
      onStart: (info) => (pid = info.pid),
      onSegment: (e) => {
        if (e.kind === 'media') throw new Error('R2 said no');
      },
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('R2 said no');
    expect(isAlive(pid)).toBe(false);
    expect(await exists(outDir)).toBe(false);
  });
});
