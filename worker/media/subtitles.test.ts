import { describe, expect, it } from 'vitest';
import { subtitlesMediaPlaylist, withSubtitlesGroup } from './subtitles';

const MASTER = [
  '#EXTM3U',
  '#EXT-X-VERSION:7',
  '#EXT-X-INDEPENDENT-SEGMENTS',
  '',
  '#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=320x240,CODECS="avc1.64000d,mp4a.40.2"',
  '240/index.m3u8',
  '#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x480',
  '480/index.m3u8',
  '',
].join('\n');

describe('withSubtitlesGroup', () => {
  it('adds one SUBTITLES rendition per caption before the variants, and names the group on each variant', () => {
    const out = withSubtitlesGroup(MASTER, [
      { language: 'en', name: 'English', uri: 'captions-en.m3u8' },
      { language: 'fr', name: 'Fr"ench', uri: 'captions-fr.m3u8' },
    ]);
    expect(out).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:7',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '',
        '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subtitles",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=NO,FORCED=NO,URI="captions-en.m3u8"',
        '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subtitles",NAME="French",LANGUAGE="fr",DEFAULT=NO,AUTOSELECT=NO,FORCED=NO,URI="captions-fr.m3u8"',
        '#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=320x240,CODECS="avc1.64000d,mp4a.40.2",SUBTITLES="subtitles"',
        '240/index.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x480,SUBTITLES="subtitles"',
        '480/index.m3u8',
        '',
      ].join('\n'),
    );
  });

  it('leaves a master without captions as it is', () => {
    expect(withSubtitlesGroup(MASTER, [])).toBe(MASTER);
  });
});

describe('subtitlesMediaPlaylist', () => {
  it('is a VOD playlist whose one segment, as long as the video, is the WebVTT file', () => {
    expect(subtitlesMediaPlaylist(6.2, '/lazy-static/video-captions/x-fr.vtt')).toBe(
      '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:7\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:6.200,\n/lazy-static/video-captions/x-fr.vtt\n#EXT-X-ENDLIST\n',
    );
    expect(subtitlesMediaPlaylist(0, 'a.vtt')).toContain('#EXT-X-TARGETDURATION:1\n');
  });
});
