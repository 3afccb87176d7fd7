import { describe, expect, it } from 'vitest';
import { isVideoChaptersObjectValid } from '../../../test/helpers/peertube-validators';
import { serializeChaptersObject } from './serialize-chapters';

const videoUrl = 'https://edge.example/videos/watch/0b1f8a2e-6f2d-4b1e-9d7e-3f0c2a1b4c5d';

describe('serializeChaptersObject', () => {
  it("is PeerTube's shape, which its validator takes, also with no chapters", () => {
    const empty = serializeChaptersObject(videoUrl, [], 60);
    expect(empty).toMatchObject({ id: `${videoUrl}/chapters`, hasPart: [] });
    expect(isVideoChaptersObjectValid(empty)).toBe(true);
  });

  it("ends each chapter where the next starts, the last at the video's end", () => {
    const object = serializeChaptersObject(
      videoUrl,
      [
        { timecode: 30, title: 'Second' },
        { timecode: 0, title: 'First' },
      ],
      95,
    );
    expect(object.hasPart).toEqual([
      { name: 'First', startOffset: 0, endOffset: 30 },
      { name: 'Second', startOffset: 30, endOffset: 95 },
    ]);
    expect(isVideoChaptersObjectValid(object)).toBe(true);
    expect(object['@context'].at(-1)).toMatchObject({ hasPart: 'sc:hasPart', startOffset: 'sc:startOffset', endOffset: 'sc:endOffset' });
  });
});
