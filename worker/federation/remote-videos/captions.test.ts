import { describe, expect, it } from 'vitest';
import { parseSubtitleLanguage } from './captions';

describe('parseSubtitleLanguage', () => {
  it("reads PeerTube 6.3's entries (url a string) and later ones (url Links), one per known language", () => {
    expect(
      parseSubtitleLanguage([
        { identifier: 'fr', name: 'French', automaticallyGenerated: false, url: 'https://peer.example/lazy-static/video-captions/a-fr.vtt' },
        {
          identifier: 'en',
          name: 'English',
          automaticallyGenerated: true,
          url: [
            { type: 'Link', mediaType: 'application/x-mpegURL', href: 'https://peer.example/en.m3u8' },
            { type: 'Link', mediaType: 'text/vtt', href: 'https://peer.example/en.vtt' },
          ],
        },
        { identifier: 'fr', name: 'French again', url: 'https://peer.example/other.vtt' },
      ]),
    ).toEqual([
      { language: 'fr', fileUrl: 'https://peer.example/lazy-static/video-captions/a-fr.vtt', automaticallyGenerated: false },
      { language: 'en', fileUrl: 'https://peer.example/en.vtt', automaticallyGenerated: true },
    ]);
  });

  it('drops unknown languages and keeps an entry with a bad URL without one, as PeerTube does', () => {
    expect(
      parseSubtitleLanguage([
        { identifier: 'klingon', name: 'Klingon', url: 'https://peer.example/k.vtt' },
        { identifier: 'toString', name: 'x', url: 'https://peer.example/t.vtt' },
        { identifier: 42, name: 'x' },
        'de',
        { identifier: 'de', name: 'German', url: 'javascript:alert(1)' },
      ]),
    ).toEqual([{ language: 'de', fileUrl: null, automaticallyGenerated: false }]);
    expect(parseSubtitleLanguage(undefined)).toEqual([]);
    expect(parseSubtitleLanguage({ identifier: 'it', name: 'Italian', url: 'https://peer.example/it.vtt' })).toEqual([
      { language: 'it', fileUrl: 'https://peer.example/it.vtt', automaticallyGenerated: false },
    ]);
  });
});
