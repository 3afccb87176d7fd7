/**
 * The player's URL parameters, PeerTube's names and forms (client/src/standalone/videos/embed.ts
 * and core-utils timeToInt): `start`/`stop` as seconds or `1h2m3s`; flags as 1/0 or true/false.
 */
export type PlayerOptions = {
  start?: number;
  stop?: number;
  autoplay: boolean;
  muted: boolean;
  loop: boolean;
  /** Peer-to-peer loading, for the P2P module; on unless `p2p=0` or the viewer turned it off. */
  p2p: boolean;
  /** The embed's title bar. */
  title: boolean;
  /** The embed's sensitive-content warning. */
  warningTitle: boolean;
  /** The watch page sends a signed-in viewer's position to their history (set by the route, never from the URL). */
  history?: boolean;
};

/** `90`, `1m30s`, `1h2m3s` → seconds; undefined when it is none of those. */
export function timeToSeconds(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
  if (!m || (!m[1] && !m[2] && !m[3])) return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

function flag(value: string | null, fallback: boolean): boolean {
  if (value === null) return fallback;
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  return fallback;
}

export function parsePlayerOptions(q: URLSearchParams, defaults: { p2p?: boolean } = {}): PlayerOptions {
  return {
    // The watch page also takes PeerTube's `t=` alias.
    start: timeToSeconds(q.get('start') ?? q.get('t')),
    stop: timeToSeconds(q.get('stop')),
    autoplay: flag(q.get('autoplay'), false),
    muted: flag(q.get('muted'), false),
    loop: flag(q.get('loop'), false),
    p2p: flag(q.get('p2p'), defaults.p2p ?? true),
    title: flag(q.get('title'), true),
    warningTitle: flag(q.get('warningTitle'), true),
  };
}
