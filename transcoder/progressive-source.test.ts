import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeFormat, probeVideo } from './media';
import { makeClip, makeTempDir, testBins } from './media/test-clips';
import { openProgressiveSource, parseRange, type PartListener } from './progressive-source';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Writes `data` into `path` the way WorkerClient.download does (first part, last
 * part, then the rest in order), `gapMs` apart, failing before part `failAt` if set.
 */
function slowDownload(data: Buffer, path: string, options: { partSize: number; gapMs: number; failAt?: number }) {
  return async (onPart: PartListener, signal: AbortSignal) => {
    const offsets: number[] = [];
    for (let o = 0; o < data.length; o += options.partSize) offsets.push(o);
    if (offsets.length > 2) offsets.splice(1, 0, offsets.pop()!);
    const file = await open(path, 'w');
    let received = 0;
    try {
      for (const [i, offset] of offsets.entries()) {
        signal.throwIfAborted();
        if (i === options.failAt) throw new Error('R2 went away');
        const part = data.subarray(offset, offset + options.partSize);
        await file.write(part, 0, part.length, offset);
        received += part.length;
        onPart(received, data.length, { offset, length: part.length });
        if (i < offsets.length - 1) await sleep(options.gapMs);
      }
    } finally {
      await file.close();
    }
    return received;
  };
}

describe('parseRange', () => {
  it('reads one byte range and rejects the rest', () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('bytes=0-', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=10-1000', 100)).toEqual({ start: 10, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('invalid');
    expect(parseRange('bytes=5-2', 100)).toBe('invalid');
    expect(parseRange('bytes=-5', 100)).toBe('invalid');
    expect(parseRange('bytes=0-1,5-6', 100)).toBe('invalid');
  });
});

describe('openProgressiveSource', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    tmp = await makeTempDir('edgetube-progressive-');
  });
  afterAll(() => tmp?.remove());

  const data = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 251));

  it('answers a range before the download is complete, byte for byte', async () => {
    const path = join(tmp.dir, 'ranges.bin');
    const source = await openProgressiveSource({ path, download: slowDownload(data, path, { partSize: 10_000, gapMs: 150 }) });
    let finishedAt = 0;
    void source.done.then(() => (finishedAt = Date.now()));
    try {
      // The tail arrives second, so a read of the end does not wait for the middle.
      const tail = await fetch(source.url, { headers: { range: 'bytes=45000-' } });
      expect(tail.status).toBe(206);
      expect(tail.headers.get('content-range')).toBe('bytes 45000-49999/50000');
      expect(Buffer.from(await tail.arrayBuffer()).equals(data.subarray(45_000))).toBe(true);
      expect(finishedAt).toBe(0);

      const whole = await fetch(source.url);
      expect(whole.status).toBe(200);
      expect(whole.headers.get('content-length')).toBe('50000');
      expect(Buffer.from(await whole.arrayBuffer()).equals(data)).toBe(true);
      expect(await source.done).toBe(50_000);
      expect((await readFile(path)).equals(data)).toBe(true);

      const head = await fetch(source.url, { method: 'HEAD', headers: { range: 'bytes=100-199' } });
      expect([head.status, head.headers.get('content-length')]).toEqual([206, '100']);
      expect((await fetch(`${source.url}x`)).status).toBe(404);
      expect((await fetch(source.url, { method: 'POST' })).status).toBe(405);
      const past = await fetch(source.url, { headers: { range: 'bytes=50000-' } });
      expect([past.status, past.headers.get('content-range')]).toEqual([416, 'bytes */50000']);
    } finally {
      await source.close();
    }
  });

  it('cuts a waiting read when the download fails, and keeps the download error', async () => {
    const path = join(tmp.dir, 'failing.bin');
    const source = await openProgressiveSource({ path, download: slowDownload(data, path, { partSize: 10_000, gapMs: 50, failAt: 3 }) });
    try {
      const res = await fetch(source.url);
      expect(res.status).toBe(200);
      await expect(res.arrayBuffer()).rejects.toThrow();
      await expect(source.done).rejects.toThrow('R2 went away');
      expect((source.error as Error).message).toBe('R2 went away');
    } finally {
      await source.close();
    }
  });

  it('stops the download when closed early', async () => {
    const path = join(tmp.dir, 'closed.bin');
    const source = await openProgressiveSource({ path, download: slowDownload(data, path, { partSize: 5_000, gapMs: 100 }) });
    await sleep(120);
    await source.close();
    await expect(source.done).rejects.toThrow('source closed');
  });

  it('lets ffprobe read an MP4 with its index at the end while it downloads', async () => {
    const clip = await makeClip(tmp.dir, 'moov-at-end', { width: 320, height: 240, seconds: 4 });
    const bytes = await readFile(clip);
    expect(bytes.indexOf('moov')).toBeGreaterThan(bytes.indexOf('mdat'));
    const path = join(tmp.dir, 'progressive.mp4');
    const source = await openProgressiveSource({ path, download: slowDownload(bytes, path, { partSize: 64 * 1024, gapMs: 40 }) });
    try {
      const facts = await probeFormat(source.url, { bins: testBins });
      const local = await probeVideo(clip, { bins: testBins });
      expect(facts).toEqual(Object.fromEntries(Object.entries(local).filter(([k]) => k !== 'maxKeyframeIntervalSeconds')));
      expect(await source.done).toBe(bytes.length);
    } finally {
      await source.close();
    }
  });
});
