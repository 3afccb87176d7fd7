import { describe, expect, it } from 'vitest';
import { chaptersBody, parseChaptersFromText } from './chapters';
import { parseChaptersObject } from '../federation/remote-videos/chapters';

// PeerTube 6.3's own cases: packages/tests/src/server-helpers/core-utils.ts ("Extract chapters").
describe('parseChaptersFromText (PeerTube parseChapters)', () => {
  it('finds none where PeerTube finds none', () => {
    expect(parseChaptersFromText('my super description\nno?')).toEqual([]);
    expect(parseChaptersFromText('m00:00 super description\nno?')).toEqual([]);
    expect(parseChaptersFromText('00:00super description\nno?')).toEqual([]);
    expect(parseChaptersFromText('my super description\n'.repeat(10) + ' * list1\n * list 2\n * list 3')).toEqual([]);
    expect(parseChaptersFromText('3 Hello coucou')).toEqual([]);
    expect(parseChaptersFromText('00:00 coucou')).toEqual([]);
    expect(parseChaptersFromText(null)).toEqual([]);
  });

  it('extracts the first run of timecoded lines', () => {
    expect(parseChaptersFromText('00:00 coucou\n00:05 hello')).toEqual([
      { timecode: 0, title: 'coucou' },
      { timecode: 5, title: 'hello' },
    ]);
    expect(parseChaptersFromText('my super description\n\n00:01:30 chapter 1\n00:01:35 chapter 2')).toEqual([
      { timecode: 90, title: 'chapter 1' },
      { timecode: 95, title: 'chapter 2' },
    ]);
    expect(parseChaptersFromText('hi\n\n00:01:30 chapter 1\n00:01:35 chapter 2\nhi\n00:01:40 chapter 3')).toEqual([
      { timecode: 90, title: 'chapter 1' },
      { timecode: 95, title: 'chapter 2' },
    ]);
    expect(parseChaptersFromText('1h02m03s one\r\n2m5s two')).toEqual([
      { timecode: 125, title: 'two' },
      { timecode: 3723, title: 'one' },
    ]);
  });

  it('cuts titles to 100 characters', () => {
    expect(parseChaptersFromText(`00:00 ${'a'.repeat(150)}\n00:05 b`)[0].title).toHaveLength(100);
  });
});

describe("the PUT body (PeerTube's areVideoChaptersValid)", () => {
  const ok = (chapters: unknown) => chaptersBody.safeParse({ chapters }).success;

  it('takes integer timecodes ≥ 0 and titles of 1 to 100 characters', () => {
    expect(ok([])).toBe(true);
    expect(
      ok([
        { timecode: 0, title: 'a' },
        { timecode: '5', title: 'b'.repeat(100) },
      ]),
    ).toBe(true);
    expect(chaptersBody.parse({ chapters: [{ timecode: '5', title: 7 }] })).toEqual({ chapters: [{ timecode: 5, title: '7' }] });
  });

  it('refuses the rest, on `chapters`', () => {
    for (const bad of [
      undefined,
      'x',
      [{ timecode: -1, title: 'a' }],
      [{ timecode: 1.5, title: 'a' }],
      [{ timecode: 1, title: '' }],
      [{ timecode: 1, title: 'b'.repeat(101) }],
      [{ title: 'a' }],
      [
        { timecode: 1, title: 'a' },
        { timecode: 1, title: 'b' },
      ],
    ]) {
      const result = chaptersBody.safeParse({ chapters: bad });
      expect(result.success, JSON.stringify(bad)).toBe(false);
      expect(result.error?.issues[0]).toMatchObject({
        path: ['chapters'],
        message: 'Chapters must have a valid title and timecode, and each timecode must be unique',
      });
    }
  });
});

describe('parseChaptersObject (isVideoChaptersObjectValid)', () => {
  const id = 'https://peer.example/videos/watch/u/chapters';
  it('reads names and start offsets', () => {
    expect(
      parseChaptersObject({
        id,
        hasPart: [
          { name: 'intro', startOffset: 0, endOffset: 5 },
          { name: 'end', startOffset: 5, endOffset: 9 },
        ],
      }),
    ).toEqual([
      { title: 'intro', timecode: 0 },
      { title: 'end', timecode: 5 },
    ]);
    expect(parseChaptersObject({ id, hasPart: [] })).toEqual([]);
  });
  it('refuses what PeerTube skips', () => {
    expect(parseChaptersObject({ hasPart: [] })).toBeNull();
    expect(parseChaptersObject({ id, hasPart: {} })).toBeNull();
    expect(parseChaptersObject({ id, hasPart: [{ name: '', startOffset: 0 }] })).toBeNull();
    expect(parseChaptersObject({ id, hasPart: [{ name: 'a', startOffset: -3 }] })).toBeNull();
  });
});
