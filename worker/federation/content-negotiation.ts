/**
 * Content negotiation between the ActivityPub representation and the HTML page
 * of the same URL (ActivityPub §3.2; PeerTube's `executeIfActivityPub`).
 */

const AP_TYPES = ['application/activity+json', 'application/ld+json'];

type MediaRange = { type: string; q: number; index: number };

function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part, index) => {
      const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
      let q = 1;
      for (const p of params) {
        const m = /^q=([0-9.]+)$/.exec(p);
        if (m) q = Number(m[1]);
      }
      return { type: type ?? '', q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => r.type !== '' && r.q > 0);
}

/**
 * True when the client prefers ActivityPub JSON over HTML. Only explicit
 * ActivityPub types count: `*\/*` (curl, many crawlers) gets the HTML page, as on PeerTube.
 * On a tie in quality the type listed first wins.
 *
 * @example
 * wantsActivityPub('application/ld+json; profile="https://www.w3.org/ns/activitystreams"') // true
 * wantsActivityPub('text/html,application/xhtml+xml,*\/*;q=0.8') // false
 */
export function wantsActivityPub(accept: string | undefined | null): boolean {
  if (!accept) return false;
  const ranges = parseAccept(accept);
  const ap = ranges.filter((r) => AP_TYPES.includes(r.type)).sort((a, b) => b.q - a.q || a.index - b.index)[0];
  if (!ap) return false;
  const html = ranges.filter((r) => r.type === 'text/html' || r.type === 'application/xhtml+xml').sort((a, b) => b.q - a.q || a.index - b.index)[0];
  if (!html) return true;
  return ap.q > html.q || (ap.q === html.q && ap.index < html.index);
}
