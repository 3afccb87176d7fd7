import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcodeLadder, type LadderResult } from './hls-ladder';
import { buildLadder } from './ladder';
import { probeVideo } from './probe';
import { addSegmentSha256, buildSegmentsSha256, sha256Hex } from './segments-sha256';
import { makeClip, makeTempDir, testBins } from './test-clips';

describe('buildSegmentsSha256', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let outDir: string;
  let result: LadderResult;
  beforeAll(async () => {
    tmp = await makeTempDir();
    const src = await makeClip(tmp.dir, 'src', { width: 640, height: 360, seconds: 6 });
    const probe = await probeVideo(src, { bins: testBins });
    outDir = join(tmp.dir, 'hls');
    result = await transcodeLadder({
      bins: testBins,
      input: src,
      outDir,
      probe,
      rungs: buildLadder(probe, { enabledResolutions: [360, 144] }),
      copyTop: true,
      preset: 'ultrafast',
    });
  });
  afterAll(() => tmp?.remove());

  it('maps every media segment file name of every rendition to its sha256, as PeerTube’s player looks them up', async () => {
    const json = await buildSegmentsSha256(outDir, result.renditions);
    const segments = result.renditions.flatMap((r) => r.segments.map((s) => s.file));
    expect(result.renditions.map((r) => r.name)).toEqual(['360', '144']);
    expect(Object.keys(json).sort()).toEqual([...segments].sort());
    expect(Object.keys(json)).not.toContain(result.renditions[0].initFile);
    for (const file of segments) {
      expect(json[file]).toBe(sha256Hex(await readFile(join(outDir, file))));
      expect(json[file]).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('refuses names that would collide in the player’s lookup', () => {
    const json = {};
    addSegmentSha256(json, 'seg-00000.m4s', 'a'.repeat(64));
    expect(() => addSegmentSha256(json, 'seg-00000.m4s', 'b'.repeat(64))).toThrow('duplicate segment name');
    expect(() => addSegmentSha256(json, '720/seg-00000.m4s', 'b'.repeat(64))).toThrow('bare file name');
  });
});
