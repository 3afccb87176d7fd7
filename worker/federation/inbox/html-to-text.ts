/**
 * Remote Notes and Flags carry HTML `content` (ActivityStreams' default, Mastodon's), or Markdown
 * with `mediaType: text/markdown` (PeerTube). We store comments and reasons as text (PeerTube's REST
 * `text`, Markdown), so markup from other servers is never rendered as is.
 */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .trim();
}

/**
 * The text of an object's `content`, as PeerTube's REST API gives it: PeerTube sends the Markdown
 * its user typed with `mediaType: text/markdown` and stores a remote Note's `content` as is
 * (server/core/models/video/video-comment.ts, toActivityPubObject;
 * server/core/lib/activitypub/video-comments.ts, `text: body.content`): that is kept verbatim.
 * Anything else is HTML, read as text.
 */
export function contentToText(object: Record<string, unknown>): string {
  const content = typeof object.content === 'string' ? object.content : '';
  return object.mediaType === 'text/markdown' ? content : htmlToText(content);
}
