/**
 * PeerTube 6's `reinjectVideoFileToken=true`: a player that got a playlist with `?videoFileToken=`
 * resolves the URIs inside it relative to the playlist, which drops the query; so the playlist is
 * rewritten to carry the token on every URI it references. As PeerTube does
 * (server/core/controllers/shared/m3u8-playlist.ts, buildReinjectVideoFileTokenQuery), a playlist
 * URI (a master's variants) also gets `reinjectVideoFileToken=true`, so its own answer is rewritten
 * in turn; segments and init segments get the token alone.
 *
 * @example
 * reinjectVideoFileToken('#EXT-X-MAP:URI="init.mp4"\nseg-1.m4s\n', 't')
 * // '#EXT-X-MAP:URI="init.mp4?videoFileToken=t"\nseg-1.m4s?videoFileToken=t\n'
 */
export function reinjectVideoFileToken(playlist: string, token: string): string {
  const tokenQuery = `videoFileToken=${encodeURIComponent(token)}`;
  const withToken = (uri: string) => {
    const isPlaylist = uri.split(/[?#]/, 1)[0].endsWith('.m3u8');
    const query = isPlaylist ? `${tokenQuery}&reinjectVideoFileToken=true` : tokenQuery;
    return `${uri}${uri.includes('?') ? '&' : '?'}${query}`;
  };
  return playlist
    .split('\n')
    .map((line) => {
      const [, indent, content, eol] = /^(\s*)(.*?)(\s*)$/.exec(line)!;
      if (!content) return line;
      // Tags: only their quoted URI attribute (RFC 8216, 4.3.2.5 EXT-X-MAP, 4.3.4.1 EXT-X-MEDIA…).
      if (content.startsWith('#')) return line.replace(/\bURI="([^"]+)"/g, (_, uri: string) => `URI="${withToken(uri)}"`);
      return `${indent}${withToken(content)}${eol}`;
    })
    .join('\n');
}
