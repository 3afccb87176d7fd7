import { describe, expect, it } from 'vitest';
import { isCaptionMimeType, toWebVtt } from './caption-files';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('toWebVtt', () => {
  it('keeps a WebVTT file, with its line ends made \\n and its byte order mark dropped', () => {
    const vtt = '\uFEFFWEBVTT - a title\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nHello\r\n';
    expect(toWebVtt(bytes(vtt))).toBe('WEBVTT - a title\n\n00:00:01.000 --> 00:00:02.000\nHello\n');
  });

  it('converts SubRip: comma fractions, missing and short fractions, positions dropped, cue numbers kept', () => {
    const srt = [
      '1',
      '00:00:01,000 --> 00:00:02,500',
      'Hello',
      '<i>world</i>',
      '',
      '2',
      '0:00:03 --> 00:00:04,5 X1:10 X2:20 Y1:5 Y2:6',
      'a --> b',
      '',
      '',
    ].join('\r\n');
    expect(toWebVtt(bytes(srt))).toBe(
      ['WEBVTT', '', '1', '00:00:01.000 --> 00:00:02.500', 'Hello', '<i>world</i>', '', '2', '00:00:03.000 --> 00:00:04.500', 'a --&gt; b', ''].join('\n'),
    );
  });

  it('takes SubRip cues without numbers', () => {
    expect(toWebVtt(bytes('00:01:02,003 --> 00:01:04,000\nNo number\n'))).toBe('WEBVTT\n\n00:01:02.003 --> 00:01:04.000\nNo number\n');
  });

  it('refuses what is not a subtitle file', () => {
    expect(toWebVtt(bytes('just some text\nwithout cues\n'))).toBeNull();
    expect(toWebVtt(bytes(''))).toBeNull();
    expect(toWebVtt(bytes('WEBVTTX\n'))).toBeNull();
    expect(toWebVtt(bytes('1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\nnot a timing\n'))).toBeNull();
    expect(toWebVtt(bytes('1\n00:61:01,000 --> 00:00:02,000\nbad minutes\n'))).toBeNull();
    expect(toWebVtt(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe]))).toBeNull();
    expect(toWebVtt(bytes('WEBVTT\n\0binary'))).toBeNull();
  });
});

describe('isCaptionMimeType', () => {
  it("accepts PeerTube's caption types and octet-stream, nothing else", () => {
    for (const t of ['text/vtt', 'text/vtt; charset=utf-8', 'application/x-subrip', 'text/plain', 'application/octet-stream', '']) {
      expect(isCaptionMimeType(t), t).toBe(true);
    }
    for (const t of ['image/png', 'video/mp4', 'text/html']) expect(isCaptionMimeType(t), t).toBe(false);
  });
});
