/**
 * Captions in HLS (RFC 8216): the master playlist gets a SUBTITLES group with one rendition per
 * caption, and each rendition is a media playlist whose one segment is the caption's WebVTT file,
 * so hls.js (and Safari) list the captions as subtitle tracks.
 */

export const SUBTITLES_GROUP = 'subtitles';

export type SubtitleRendition = { language: string; name: string; uri: string };

/** A quoted-string attribute value may hold neither `"` nor a line end (RFC 8216, 4.2). */
const quoted = (value: string) => `"${value.replace(/["\r\n]/g, '')}"`;

/**
 * The master playlist with an `#EXT-X-MEDIA:TYPE=SUBTITLES` line per caption before its variants,
 * and every `#EXT-X-STREAM-INF` naming the group (4.3.4.2: SUBTITLES). Unchanged without captions.
 *
 * @example withSubtitlesGroup('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n240/index.m3u8\n', [{ language: 'fr', name: 'French', uri: 'captions-fr.m3u8' }])
 */
export function withSubtitlesGroup(master: string, renditions: SubtitleRendition[]): string {
  if (renditions.length === 0) return master;
  const media = renditions.map(
    (r) =>
      `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="${SUBTITLES_GROUP}",NAME=${quoted(r.name)},LANGUAGE=${quoted(r.language)},` +
      `DEFAULT=NO,AUTOSELECT=NO,FORCED=NO,URI=${quoted(r.uri)}`,
  );
  const lines = master.split('\n');
  const firstVariant = lines.findIndex((l) => l.startsWith('#EXT-X-STREAM-INF:'));
  const out = lines.map((l) => (l.startsWith('#EXT-X-STREAM-INF:') && !/(^|[:,])SUBTITLES=/.test(l) ? `${l},SUBTITLES="${SUBTITLES_GROUP}"` : l));
  out.splice(firstVariant === -1 ? out.length : firstVariant, 0, ...media);
  return out.join('\n');
}

/** The media playlist of one caption: its whole WebVTT file as the one segment of a VOD playlist. */
export function subtitlesMediaPlaylist(durationSeconds: number, vttUri: string): string {
  const duration = Math.max(1, durationSeconds);
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${Math.ceil(duration)}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    `#EXTINF:${duration.toFixed(3)},`,
    vttUri,
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}
