import { describe, expect, it } from 'vitest';
import { createLineTail, createProgressParser, isAbortError, MediaProcessError, mediaBinaries, runFfmpeg, type FfmpegProgress } from './ffmpeg';
import { isAlive, testBins } from './test-clips';

describe('mediaBinaries', () => {
  it('defaults to PATH lookups and takes overrides from parsed config', () => {
    expect(mediaBinaries()).toEqual({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' });
    expect(mediaBinaries({ FFMPEG_PATH: '/opt/ff/ffmpeg', FFPROBE_PATH: '/opt/ff/ffprobe' })).toEqual({ ffmpeg: '/opt/ff/ffmpeg', ffprobe: '/opt/ff/ffprobe' });
  });
});

describe('createProgressParser', () => {
  it('reports out_time_us once per block, across chunk boundaries', () => {
    const seen: FfmpegProgress[] = [];
    const parse = createProgressParser((p) => seen.push(p));
    parse('frame=10\nout_time_us=1500000\nout_time_ms=1500000\nout_ti');
    parse('me=00:00:01.500000\nprogress=continue\nout_time_us=N/A\nprogress=continue\n');
    parse('out_time_ms=4000000\nprogress=end\n');
    expect(seen).toEqual([
      { outTimeSeconds: 1.5, done: false },
      { outTimeSeconds: 4, done: true },
    ]);
  });
});

describe('createLineTail', () => {
  it('keeps the last lines only', () => {
    const tail = createLineTail(2);
    tail.write('one\ntwo\nthr');
    tail.write('ee\nfour');
    expect(tail.lines()).toEqual(['three', 'four']);
  });
});

describe('runFfmpeg', () => {
  it('rejects with the last stderr lines when ffmpeg fails', async () => {
    const err = await runFfmpeg(testBins, ['-i', '/nonexistent/input.mp4', '-f', 'null', '-']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaProcessError);
    const e = err as MediaProcessError;
    expect(e.exitCode).not.toBe(0);
    expect(e.message).toMatch(/^ffmpeg exited with code \d+:\n/);
    expect(e.message).toContain('No such file or directory');
  });

  it('rejects clearly when the binary does not exist', async () => {
    const err = await runFfmpeg({ ffmpeg: '/nonexistent/ffmpeg', ffprobe: 'ffprobe' }, ['-version']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaProcessError);
    expect((err as Error).message).toContain('cannot run /nonexistent/ffmpeg');
  });

  it('reports progress and kills the process on abort', async () => {
    const controller = new AbortController();
    let pid = 0;
    const progress: number[] = [];
    const run = runFfmpeg(testBins, ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25', '-f', 'null', '-'], {
      signal: controller.signal,
      onSpawn: (p) => (pid = p),
      onProgress: ({ outTimeSeconds }) => {
        progress.push(outTimeSeconds);
        if (outTimeSeconds > 0.5) controller.abort();
      },
    });
    const err = await run.catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(false);
  });

  it('does not start when the signal is already aborted', async () => {
    const err = await runFfmpeg(testBins, ['-version'], { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
  });
});
