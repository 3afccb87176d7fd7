import { describe, expect, it } from 'vitest';
import { createSegmentValidator, SegmentHashMismatch } from './segment-validator';

const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
async function sha256(text: string) {
  const digest = await crypto.subtle.digest('SHA-256', bytes(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('segment validator (segments-sha256)', () => {
  it("accepts a segment whose hash matches edgetube's flat form, and refuses an altered one", async () => {
    const table = { '720-00003.m4s': await sha256('segment three') };
    const validate = createSegmentValidator('https://a.example/s.json', async () => table);
    await validate({ url: 'https://a.example/hls/uuid/720-00003.m4s', data: bytes('segment three') });
    await expect(validate({ url: 'https://a.example/hls/uuid/720-00003.m4s', data: bytes('segment thrEe') })).rejects.toBeInstanceOf(SegmentHashMismatch);
  });

  it("reads PeerTube's VOD form, one hash per byte range of a file", async () => {
    const table = { 'uuid-720-fragmented.mp4': { '100-199': await sha256('range a'), '200-299': await sha256('range b') } };
    const validate = createSegmentValidator('https://pt.example/s.json', async () => table);
    await validate({ url: 'https://pt.example/hls/uuid-720-fragmented.mp4?x=1', range: 'bytes=200-299', data: bytes('range b') });
    await expect(validate({ url: 'https://pt.example/hls/uuid-720-fragmented.mp4', range: 'bytes=100-199', data: bytes('range b') })).rejects.toThrow(
      /mismatch/,
    );
    await expect(validate({ url: 'https://pt.example/hls/uuid-720-fragmented.mp4', data: bytes('range a') })).rejects.toThrow(/no hash/);
  });

  it('reads the table again once for a segment it does not list, then refuses it', async () => {
    let reads = 0;
    const hash = await sha256('late');
    const validate = createSegmentValidator('u', async () => (++reads === 1 ? {} : { 'late.m4s': hash }));
    await validate({ url: 'https://a.example/late.m4s', data: bytes('late') });
    expect(reads).toBe(2);
    await expect(validate({ url: 'https://a.example/unknown.m4s', data: bytes('x') })).rejects.toThrow(/no hash/);
    expect(reads).toBe(2);
  });

  it('tries the table again after a failed fetch', async () => {
    let reads = 0;
    const hash = await sha256('s');
    const validate = createSegmentValidator('u', async () => {
      if (++reads === 1) throw new Error('offline');
      return { 's.m4s': hash };
    });
    await expect(validate({ url: 'https://a.example/s.m4s', data: bytes('s') })).rejects.toThrow('offline');
    await validate({ url: 'https://a.example/s.m4s', data: bytes('s') });
  });
});
