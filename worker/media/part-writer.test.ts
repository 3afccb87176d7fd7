import { describe, expect, it } from 'vitest';
import { PartWriter } from './part-writer';

function sink() {
  const parts = new Map<number, Uint8Array>();
  return {
    parts,
    async uploadPart(partNumber: number, value: unknown) {
      parts.set(partNumber, new Uint8Array(value as Uint8Array));
      return { partNumber, etag: `e${partNumber}` };
    },
  };
}

describe('PartWriter', () => {
  const data = new Uint8Array(1000).map((_, i) => i % 251);

  it('cuts equal parts whatever the chunk sizes, and a short last part', async () => {
    for (const chunk of [1, 7, 64, 100, 333, 1000]) {
      const s = sink();
      const w = new PartWriter(s as never, 100);
      for (let i = 0; i < data.length - 50; i += chunk) await w.write(data.subarray(i, Math.min(i + chunk, data.length - 50)));
      await w.finishFile();
      expect([...s.parts.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(w.parts.map((p) => p.size)).toEqual([100, 100, 100, 100, 100, 100, 100, 100, 100, 50]);
      const joined = Buffer.concat([...s.parts.values()]);
      expect(joined.equals(Buffer.from(data.subarray(0, 950)))).toBe(true);
    }
  });

  it('resumes from a pending tail at the right part number', async () => {
    const s = sink();
    const first = new PartWriter(s as never, 100);
    await first.write(data.subarray(0, 250));
    const tail = first.tail();
    expect(tail.length).toBe(50);
    const second = new PartWriter(s as never, 100, { firstPartNumber: 3, tail });
    await second.write(data.subarray(250, 1000));
    await second.finishFile();
    expect(Buffer.concat([...s.parts.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1])).equals(Buffer.from(data))).toBe(true);
  });
});
