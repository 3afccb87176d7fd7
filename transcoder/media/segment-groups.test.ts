import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSegmentGrouper, joinParts, topLevelBoxes } from './segment-groups';
import { parseMediaPlaylist } from './segment-watcher';

/** A box of `type` with `payload` bytes of value `fill`. */
function box(type: string, payload: number, fill = 0): Buffer {
  const b = Buffer.alloc(8 + payload, fill);
  b.writeUInt32BE(8 + payload, 0);
  b.write(type, 4, 'latin1');
  return b;
}
/** What ffmpeg writes per part: styp, one sidx per track, moof, mdat. */
const part = (n: number) => Buffer.concat([box('styp', 16), box('sidx', 44), box('sidx', 44), box('moof', 20, n), box('mdat', 100, n)]);

describe('joinParts', () => {
  it('keeps the first styp and every moof/mdat, and drops sidx and later styp boxes', () => {
    const joined = Buffer.concat(joinParts([part(1), part(2), part(3)]));
    expect(topLevelBoxes(joined).map(([type]) => type)).toEqual(['styp', 'moof', 'mdat', 'moof', 'mdat', 'moof', 'mdat']);
    expect(joined.length).toBe(24 + 3 * (28 + 108));
  });

  it('refuses a truncated part', () => {
    expect(() => joinParts([part(1).subarray(0, 50)])).toThrow(/runs past the end/);
  });
});

describe('createSegmentGrouper', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'groups-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const writePart = async (i: number, durationSeconds: number) => {
    const file = `720-part-${String(i).padStart(5, '0')}.m4s`;
    await writeFile(join(dir, file), part(i));
    return { file, durationSeconds };
  };

  it('publishes the first part alone, then segments ending on multiples of 4 s, then the remainder', async () => {
    const groups = createSegmentGrouper({ dir, name: '720', initFile: '720-init.mp4' });
    // Keyframes at 0, 1, 2, 4, 6, 7.966667 (frame-rate rounding), 10, 12, 13.5; the end at 15.
    const durations = [1, 1, 2, 2, 1.966667, 2.033333, 2, 1.5, 1.5];
    const out = [];
    for (const [i, d] of durations.entries()) out.push(await groups.add(await writePart(i, d)));
    out.push(await groups.flush());
    expect(await groups.flush()).toBeNull();

    const closed = out.filter((s) => s !== null);
    expect(closed.map((s) => [s.file, s.durationSeconds])).toEqual([
      ['720-00000.m4s', 1],
      ['720-00001.m4s', 3],
      ['720-00002.m4s', 3.966667], // ends 0.03 s before 8 s: within the tolerance
      ['720-00003.m4s', 4.033333],
      ['720-00004.m4s', 3],
    ]);
    // The parts are gone once joined; only the published segments stay.
    expect((await readdir(dir)).sort()).toEqual(closed.map((s) => s.file));
    const second = await readFile(join(dir, '720-00001.m4s'));
    expect(second.length).toBe(closed[1].bytes);
    expect(topLevelBoxes(second).map(([t]) => t)).toEqual(['styp', 'moof', 'mdat', 'moof', 'mdat']);
    // Each segment's playlist lists it and every earlier one, without an end marker.
    const playlist = parseMediaPlaylist(closed[2].playlist);
    expect(playlist).toMatchObject({ initFile: '720-init.mp4', ended: false });
    expect(playlist.segments.map((s) => s.file)).toEqual(['720-00000.m4s', '720-00001.m4s', '720-00002.m4s']);
    expect(groups.segments()).toHaveLength(5);
  });

  it('keeps a long part (a copied source with sparse keyframes) as one segment', async () => {
    const groups = createSegmentGrouper({ dir, name: '720', initFile: '720-init.mp4' });
    expect((await groups.add(await writePart(0, 15)))?.durationSeconds).toBe(15);
    expect((await groups.add(await writePart(1, 15)))?.durationSeconds).toBe(15);
  });
});
