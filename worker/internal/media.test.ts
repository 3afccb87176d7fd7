import { describe, expect, it } from 'vitest';
import { isSafeMediaKey } from './media';

describe('isSafeMediaKey', () => {
  it('accepts the keys the pipeline writes', () => {
    for (const key of ['originals/abc.mp4', 'videos/0a2b/hls/master.m3u8', 'videos/0a2b/hls/720-00001.m4s', 'videos/0a2b/torrents/0a2b-720.torrent']) {
      expect(isSafeMediaKey(key), key).toBe(true);
    }
  });

  it('refuses anything that could leave the namespace or confuse a path', () => {
    for (const key of ['', '/abs', 'a/../b', '..', 'a/./b', 'a//b', 'trailing/', 'back\\slash', 'nul\u0000byte', 'x'.repeat(1025)]) {
      expect(isSafeMediaKey(key), JSON.stringify(key)).toBe(false);
    }
  });
});
