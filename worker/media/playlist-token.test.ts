import { describe, it, expect } from 'vitest';
import { reinjectVideoFileToken } from './playlist-token';

describe('reinjectVideoFileToken', () => {
  it("gives a master playlist's variants the token and the reinject flag", () => {
    const master = [
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="audio",URI="audio/index.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=320x240,CODECS="avc1.64000d,mp4a.40.2",AUDIO="a"',
      '240/index.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x480',
      'https://cdn.example/v/480.m3u8?x=1',
      '',
    ].join('\n');
    expect(reinjectVideoFileToken(master, 'tok')).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:7',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="audio",URI="audio/index.m3u8?videoFileToken=tok&reinjectVideoFileToken=true"',
        '#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=320x240,CODECS="avc1.64000d,mp4a.40.2",AUDIO="a"',
        '240/index.m3u8?videoFileToken=tok&reinjectVideoFileToken=true',
        '#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x480',
        'https://cdn.example/v/480.m3u8?x=1&videoFileToken=tok&reinjectVideoFileToken=true',
        '',
      ].join('\n'),
    );
  });

  it("gives a media playlist's init segment and segments the token alone, keeping CRLF line ends", () => {
    const media =
      '#EXTM3U\r\n#EXT-X-TARGETDURATION:4\r\n#EXT-X-MAP:URI="init.mp4"\r\n#EXTINF:1.000,\r\nseg-00000.m4s\r\n#EXTINF:4.000,\r\nseg-00001.m4s\r\n#EXT-X-ENDLIST\r\n';
    expect(reinjectVideoFileToken(media, 'tok')).toBe(
      '#EXTM3U\r\n#EXT-X-TARGETDURATION:4\r\n#EXT-X-MAP:URI="init.mp4?videoFileToken=tok"\r\n#EXTINF:1.000,\r\nseg-00000.m4s?videoFileToken=tok\r\n#EXTINF:4.000,\r\nseg-00001.m4s?videoFileToken=tok\r\n#EXT-X-ENDLIST\r\n',
    );
  });

  it('URL-encodes the token and leaves tags without a URI untouched', () => {
    const out = reinjectVideoFileToken('#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n', 'a b&c');
    expect(out).toBe('#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8?videoFileToken=a%20b%26c&reinjectVideoFileToken=true\n');
  });
});
