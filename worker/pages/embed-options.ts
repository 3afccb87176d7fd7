import { timeToInt } from '../services/time-codes';

/**
 * The player's URL parameters, PeerTube's names and forms (client/src/standalone/videos/embed.ts
 * and core-utils timeToInt): `start`/`stop` as `90`, `1m30s` or `1:30`; flags as 1/0 or true/false.
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

/**
 * A time parameter: none when absent; else PeerTube's timeToInt, which reads one it cannot parse as
 * 0 (a start from the beginning, which also skips resuming, as PeerTube's watch page does).
 */
const timeParam = (value: string | null) => (value === null ? undefined : timeToInt(value));

function flag(value: string | null, fallback: boolean): boolean {
  if (value === null) return fallback;
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  return fallback;
}

export function parsePlayerOptions(q: URLSearchParams, defaults: { p2p?: boolean } = {}): PlayerOptions {
  return {
    // The watch page also takes PeerTube's `t=` alias.
    start: timeParam(q.get('start') ?? q.get('t')),
    stop: timeParam(q.get('stop')),
    autoplay: flag(q.get('autoplay'), false),
    muted: flag(q.get('muted'), false),
    loop: flag(q.get('loop'), false),
    p2p: flag(q.get('p2p'), defaults.p2p ?? true),
    title: flag(q.get('title'), true),
    warningTitle: flag(q.get('warningTitle'), true),
  };
}
