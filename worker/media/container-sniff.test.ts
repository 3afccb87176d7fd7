import { describe, expect, it } from 'vitest';
import { looksLikeMediaContainer } from './container-sniff';

const enc = (s: string) => new TextEncoder().encode(s);
const withAt = (size: number, at: Record<number, number[]>) => {
  const b = new Uint8Array(size);
  for (const [i, bytes] of Object.entries(at)) b.set(bytes, Number(i));
  return b;
};

describe('looksLikeMediaContainer', () => {
  it('recognises MP4/MOV, Matroska/WebM, AVI, FLV, Ogg, MPEG-TS and MPEG-PS heads', () => {
    expect(looksLikeMediaContainer(enc('\0\0\0\x20ftypisom\0\0\x02\0'))).toBe(true);
    expect(looksLikeMediaContainer(enc('\0\0\0\x08wide\0\0\0\x10mdat'))).toBe(true);
    expect(looksLikeMediaContainer(withAt(64, { 0: [0x1a, 0x45, 0xdf, 0xa3] }))).toBe(true);
    expect(looksLikeMediaContainer(enc('RIFF\x10\0\0\0AVI LIST'))).toBe(true);
    expect(looksLikeMediaContainer(enc('FLV\x01\x05'))).toBe(true);
    expect(looksLikeMediaContainer(enc('OggS\0\x02'))).toBe(true);
    expect(looksLikeMediaContainer(withAt(400, { 0: [0x47], 188: [0x47] }))).toBe(true);
    expect(looksLikeMediaContainer(withAt(64, { 0: [0, 0, 1, 0xba] }))).toBe(true);
  });

  it('refuses text, HTML, an image and an empty file', () => {
    expect(looksLikeMediaContainer(enc('<!doctype html><script>alert(1)</script>'))).toBe(false);
    expect(looksLikeMediaContainer(enc('definitely not a video file '))).toBe(false);
    expect(looksLikeMediaContainer(withAt(16, { 0: [0x89, 0x50, 0x4e, 0x47] }))).toBe(false);
    expect(looksLikeMediaContainer(new Uint8Array(0))).toBe(false);
    expect(looksLikeMediaContainer(withAt(100, { 0: [0x47] }))).toBe(false); // one sync byte is not a stream
  });
});
