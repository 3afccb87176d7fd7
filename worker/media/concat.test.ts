import { describe, expect, it } from 'vitest';
import { concatenatedSize, slicesFor, streamSlices } from './concat';

/** An in-memory stand-in for R2's `get(key, {range})`, enough to check the byte mapping. */
function fakeBucket(objects: Record<string, Uint8Array>) {
  const gets: string[] = [];
  return {
    gets,
    async get(key: string, options?: { range?: { offset: number; length: number } }) {
      const data = objects[key];
      if (!data) return null;
      const { offset = 0, length = data.byteLength - offset } = (options?.range ?? {}) as { offset?: number; length?: number };
      gets.push(`${key}@${offset}+${length}`);
      const bytes = data.slice(offset, offset + length);
      // Deliver in small chunks, as a network body would.
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < bytes.length; i += 3) c.enqueue(bytes.slice(i, i + 3));
          c.close();
        },
      });
      return { body } as unknown as R2ObjectBody;
    },
  };
}

async function readAll(stream: ReadableStream<Uint8Array>) {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('MP4 as a concatenation of segments', () => {
  const parts = [new Uint8Array([1, 2, 3, 4]), new Uint8Array([5, 6, 7, 8, 9, 10]), new Uint8Array([11, 12])];
  const objects = { init: parts[0], s1: parts[1], s2: parts[2] };
  const segments = [
    { key: 'init', size: 4 },
    { key: 's1', size: 6 },
    { key: 's2', size: 2 },
  ];
  const whole = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

  it('computes the size and the slices of any range', () => {
    expect(concatenatedSize(segments)).toBe(12);
    expect(slicesFor(segments, 0, 11)).toEqual([
      { key: 'init', offset: 0, length: 4 },
      { key: 's1', offset: 0, length: 6 },
      { key: 's2', offset: 0, length: 2 },
    ]);
    expect(slicesFor(segments, 3, 4)).toEqual([
      { key: 'init', offset: 3, length: 1 },
      { key: 's1', offset: 0, length: 1 },
    ]);
    expect(slicesFor(segments, 5, 8)).toEqual([{ key: 's1', offset: 1, length: 4 }]);
  });

  it('streams every range byte-exactly, fetching only the objects it needs', async () => {
    for (let start = 0; start < 12; start++) {
      for (let end = start; end < 12; end++) {
        const bucket = fakeBucket(objects);
        const got = await readAll(streamSlices(bucket, slicesFor(segments, start, end)));
        expect(Array.from(got)).toEqual(Array.from(whole.slice(start, end + 1)));
      }
    }
    const bucket = fakeBucket(objects);
    await readAll(streamSlices(bucket, slicesFor(segments, 5, 8)));
    expect(bucket.gets).toEqual(['s1@1+4']);
    // The next object is requested while the current one streams, never further ahead.
    const ahead = fakeBucket(objects);
    const reader = streamSlices(ahead, slicesFor(segments, 0, 11)).getReader();
    await reader.read();
    expect(ahead.gets).toEqual(['init@0+4', 's1@0+6']);
    await reader.cancel();
  });

  it('errors instead of sending a short file when a segment is missing', async () => {
    const bucket = fakeBucket({ init: parts[0] });
    await expect(readAll(streamSlices(bucket, slicesFor(segments, 0, 11)))).rejects.toThrow(/missing/);
  });
});
