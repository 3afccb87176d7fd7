import { describe, expect, it } from 'vitest';
import { buildMediaPlaylist, parseMediaPlaylist } from './segment-watcher';

const ffmpegPlaylist = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:4
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:EVENT
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-MAP:URI="720-init.mp4"
#EXTINF:4.000000,
720-00000.m4s
#EXTINF:3.966667,
720-00001.m4s
#EXT-X-ENDLIST
`;

describe('parseMediaPlaylist', () => {
  it('reads the init segment, segments and end marker', () => {
    expect(parseMediaPlaylist(ffmpegPlaylist)).toEqual({
      initFile: '720-init.mp4',
      targetDuration: 4,
      segments: [
        { file: '720-00000.m4s', durationSeconds: 4 },
        { file: '720-00001.m4s', durationSeconds: 3.966667 },
      ],
      ended: true,
    });
  });

  it('ignores an unterminated last line', () => {
    const cut = ffmpegPlaylist.slice(0, ffmpegPlaylist.indexOf('720-00001.m4s') + 6);
    expect(parseMediaPlaylist(cut).segments.map((s) => s.file)).toEqual(['720-00000.m4s']);
  });
});

describe('buildMediaPlaylist', () => {
  it('round-trips through the parser', () => {
    const parsed = parseMediaPlaylist(ffmpegPlaylist);
    const text = buildMediaPlaylist({ initFile: parsed.initFile!, segments: parsed.segments, ended: false });
    expect(text).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
    expect(parseMediaPlaylist(text)).toEqual({ ...parsed, ended: false });
  });
});
