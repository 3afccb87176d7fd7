import { hexToBinary, type WsAnnounce } from './wire';

/** One WebRTC peer of one swarm: the socket it announced on, and whether it has everything. */
type Member<S> = { socket: S; peerId: string; complete: boolean };
/** One desktop (HTTP-announcing) peer; it stays until `expiresAt` unless it announces again. */
type HttpMember = { ip: string; port: number; complete: boolean; expiresAt: number };

export type Outgoing<S> = { socket: S; message: Record<string, unknown> };

/** bittorrent-tracker's WebSocket interval: 2 minutes. */
export const WS_INTERVAL_SECONDS = 120;
export const HTTP_INTERVAL_SECONDS = 600;

/**
 * The swarms of the tracker, in memory: who is in which swarm, and the messages an announce
 * sends to whom. Pure, so it is tested without a Durable Object. A peer only ever reaches
 * members of the swarm it announced in: offers and answers never cross swarms.
 */
export class SwarmRegistry<S> {
  private readonly ws = new Map<string, Map<string, Member<S>>>();
  private readonly http = new Map<string, Map<string, HttpMember>>();

  /** Restores a membership (after the Durable Object wakes from hibernation). */
  restore(infoHash: string, peerId: string, socket: S, complete: boolean) {
    this.swarm(infoHash).set(peerId, { socket, peerId, complete });
  }

  /** Handles a WebSocket announce; returns what to send, and whether membership changed. */
  announce(socket: S, req: WsAnnounce, random: () => number = Math.random): { out: Outgoing<S>[]; joined: boolean; left: boolean } {
    const swarm = this.swarm(req.infoHash);
    const out: Outgoing<S>[] = [];
    const existing = swarm.get(req.peerId);
    let joined = false;
    let left = false;
    if (req.event === 'stopped') {
      if (existing && existing.socket === socket) {
        swarm.delete(req.peerId);
        left = true;
      }
      if (swarm.size === 0) this.ws.delete(req.infoHash);
    } else if (!existing || existing.socket !== socket) {
      swarm.set(req.peerId, { socket, peerId: req.peerId, complete: req.left === 0 });
      joined = true;
    } else if (req.left === 0) existing.complete = true;

    const infoHash = hexToBinary(req.infoHash);
    if (!req.answer) out.push({ socket, message: { action: 'announce', interval: WS_INTERVAL_SECONDS, info_hash: infoHash, ...this.counts(req.infoHash) } });

    if (req.offers.length > 0 && req.event !== 'stopped') {
      // Peers, not sockets: clients in one process share one socket per tracker URL (bittorrent-tracker's socketPool).
      const others = [...swarm.values()].filter((m) => m.peerId !== req.peerId);
      shuffle(others, random);
      others.slice(0, req.offers.length).forEach((peer, i) => {
        out.push({
          socket: peer.socket,
          message: { action: 'announce', offer: req.offers[i].offer, offer_id: req.offers[i].offerId, peer_id: hexToBinary(req.peerId), info_hash: infoHash },
        });
      });
    }
    if (req.answer) {
      const to = swarm.get(req.answer.toPeerId);
      if (to)
        out.push({
          socket: to.socket,
          message: { action: 'announce', answer: req.answer.answer, offer_id: req.answer.offerId, peer_id: hexToBinary(req.peerId), info_hash: infoHash },
        });
    }
    return { out, joined, left };
  }

  /** Removes a closed socket from every swarm; returns the swarms it was in. */
  drop(socket: S): string[] {
    const dropped: string[] = [];
    for (const [infoHash, swarm] of this.ws) {
      for (const [peerId, member] of swarm)
        if (member.socket === socket) {
          swarm.delete(peerId);
          dropped.push(infoHash);
        }
      if (swarm.size === 0) this.ws.delete(infoHash);
    }
    return dropped;
  }

  /** Handles an HTTP announce; returns the other desktop peers of the swarm (never WebRTC ones: they cannot be dialled). */
  announceHttp(infoHash: string, peer: { ip: string; port: number; left: number; event: string; numwant: number }, now: number) {
    let swarm = this.http.get(infoHash);
    if (!swarm) {
      swarm = new Map();
      this.http.set(infoHash, swarm);
    }
    for (const [key, m] of swarm) if (m.expiresAt < now) swarm.delete(key);
    const key = `${peer.ip}:${peer.port}`;
    if (peer.event === 'stopped') swarm.delete(key);
    else swarm.set(key, { ip: peer.ip, port: peer.port, complete: peer.left === 0, expiresAt: now + 2 * HTTP_INTERVAL_SECONDS * 1000 });
    const peers = [...swarm.entries()]
      .filter(([k]) => k !== key)
      .slice(0, peer.numwant)
      .map(([, m]) => ({ ip: m.ip, port: m.port }));
    if (swarm.size === 0) this.http.delete(infoHash);
    return { peers, ...this.counts(infoHash) };
  }

  counts(infoHash: string) {
    let complete = 0;
    let incomplete = 0;
    for (const m of this.ws.get(infoHash)?.values() ?? []) m.complete ? complete++ : incomplete++;
    for (const m of this.http.get(infoHash)?.values() ?? []) m.complete ? complete++ : incomplete++;
    return { complete, incomplete };
  }

  /** Figures for the health API. */
  stats() {
    const swarms = new Set([...this.ws.keys(), ...this.http.keys()]);
    let peers = 0;
    for (const s of this.ws.values()) peers += s.size;
    for (const s of this.http.values()) peers += s.size;
    return { swarms: swarms.size, peers };
  }

  private swarm(infoHash: string) {
    let swarm = this.ws.get(infoHash);
    if (!swarm) {
      swarm = new Map();
      this.ws.set(infoHash, swarm);
    }
    return swarm;
  }
}

function shuffle<T>(items: T[], random: () => number) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
