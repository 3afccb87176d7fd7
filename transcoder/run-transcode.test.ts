import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import type { DoneReport, TranscodeRequest } from '../worker/jobs/companion-protocol';
import { makeClip, makeTempDir, testBins } from './media/test-clips';
import { runTranscode } from './run-transcode';
import type { TranscodeEvent } from './transcode-job';
import type { TranscodeStorage } from './transcode-storage';

/**
 * runTranscode behind its storage port alone, without HTTP: what the transcode bench relies
 * on (an original read in parts, out of order; the ladder options; the milestone events).
 * The companion's tests cover the same steps over the Worker's internal API.
 */
let clips: { dir: string; remove: () => Promise<void> };
let tmp: { dir: string; remove: () => Promise<void> };
let clip: Buffer;

beforeAll(async () => {
  clips = await makeTempDir('edgetube-run-transcode-clips-');
  tmp = await makeTempDir('edgetube-run-transcode-tmp-');
  clip = await readFile(await makeClip(clips.dir, 'clip', { width: 640, height: 360, seconds: 4 }));
});
afterAll(async () => {
  await clips?.remove();
  await tmp?.remove();
});

const request = (jobId: number): TranscodeRequest => ({
  jobId,
  attempt: 1,
  type: 'video-transcode',
  videoUuid: '0a2b3c4d-1111-4222-8333-444455556666',
  input: { key: 'originals/clip.mp4' },
  output: { prefix: `videos/job-${jobId}` },
  generate: { thumbnail: true, preview: false },
  torrent: { webSeedBase: 'http://edge.example/download/videos/x', announce: ['ws://edge.example/tracker/socket'] },
  heartbeatSeconds: 60,
});

/** An in-memory port; the original arrives tail first, then head, as the companion's download sends a non-faststart MP4. */
function memoryStorage(readOriginal: TranscodeStorage['readOriginal']) {
  const objects = new Map<string, { data: Buffer; type: string }>();
  const reports: { kind: string; body: any }[] = [];
  const storage: TranscodeStorage = {
    readOriginal,
    put: async (key, data, type) => {
      objects.set(key, { data: Buffer.from(data), type });
    },
    report: async (kind, body) => {
      reports.push({ kind, body });
    },
  };
  return { storage, objects, reports };
}

const inTwoParts: TranscodeStorage['readOriginal'] = async (path, _signal, onPart) => {
  const half = Math.floor(clip.length / 2);
  await writeFile(path, Buffer.alloc(0));
  const { open } = await import('node:fs/promises');
  const file = await open(path, 'r+');
  try {
    await file.write(clip, half, clip.length - half, half);
    onPart(clip.length - half, clip.length, { offset: half, length: clip.length - half });
    await file.write(clip, 0, half, 0);
    onPart(clip.length, clip.length, { offset: 0, length: half });
  } finally {
    await file.close();
  }
  return clip.length;
};

describe('runTranscode behind a storage port', () => {
  it('reads the original in parts, makes only the ladder asked for, and stores what its done report names', async () => {
    const { storage, objects, reports } = memoryStorage(inTwoParts);
    const events: TranscodeEvent['type'][] = [];
    const outcome = await runTranscode(request(1), {
      storage,
      bins: testBins,
      tmpDir: tmp.dir,
      signal: new AbortController().signal,
      ladder: { enabledResolutions: [240], keepOriginalResolution: false },
      onEvent: (e) => events.push(e.type),
    });
    expect(outcome, JSON.stringify(reports.find((r) => r.kind === 'failed'))).toBe('done');
    expect(events).toEqual(['probed', 'ffmpeg-started', 'ffmpeg-done']);
    const kinds = reports.map((r) => r.kind);
    expect(kinds[0]).toBe('progress');
    expect(kinds.indexOf('playable')).toBeLessThan(kinds.indexOf('done'));
    expect(kinds.at(-1)).toBe('done');

    const done = reports.at(-1)!.body as DoneReport;
    expect(done.renditions.map((r) => r.resolution)).toEqual([240]);
    expect(objects.get(done.masterKey)?.type).toBe('application/vnd.apple.mpegurl');
    for (const r of done.renditions) {
      for (const s of r.segments) expect(objects.get(s.key)?.data.length, s.key).toBe(s.size);
      expect(objects.get(r.torrentKey)?.type).toBe('application/x-bittorrent');
    }
    expect(objects.get(done.thumbnailKey!)?.type).toBe('image/jpeg');
    expect(done.previewKey).toBeUndefined();
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it('reports a failed read of the original as a retryable failure, with its cause', async () => {
    const { storage, reports } = memoryStorage(async () => {
      throw new Error('the bucket is gone');
    });
    const outcome = await runTranscode(request(2), { storage, bins: testBins, tmpDir: tmp.dir, signal: new AbortController().signal });
    expect(outcome).toBe('failed');
    const failed = reports.find((r) => r.kind === 'failed')!;
    expect(failed.body).toMatchObject({ attempt: 1, retryable: true });
    expect(failed.body.error).toContain('the bucket is gone');
    expect(await readdir(tmp.dir)).toEqual([]);
  });
});
