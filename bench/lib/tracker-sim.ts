/**
 * Simulated WebTorrent viewers against the instance's real tracker (the Durable Object behind
 * `/tracker/socket`, reached through the Worker as `npm start` runs it). Each simulated peer is
 * one WebSocket, as each browser tab is: it announces in one swarm with offers, answers every
 * offer relayed to it, re-announces, and leaves at the end. Bounded: a fixed number of peers, a
 * fixed duration, a timeout on every wait. Used by `npm run bench:tracker` and `npm run bench:p2p`.
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { hlsSwarmInfohashes } from '../../worker/tracker/known-infohashes';
import { workerdUsage, type WorkerdUsage } from './workerd-usage';
import { checkTrackerGuards, type GuardChecks } from './tracker-guards';

export type TrackerSimOptions = {
  /** The instance, e.g. http://127.0.0.1:8787 (the WebSocket goes to /tracker/socket). */
  baseUrl: string;
  /** Hex infohashes of published videos; peers are spread over them round-robin. */
  infoHashes: string[];
  /** Simulated peers, each with its own WebSocket. */
  peers: number;
  /** How long the peers stay, after all have connected. */
  seconds: number;
  /** Re-announce period of each peer; bittorrent-tracker's clients wait 120 s, so 10 s is 12 times their load. */
  announceEverySeconds?: number;
  /** Offers per announce (p2p-media-loader and webtorrent send a handful). */
  offersPerAnnounce?: number;
  /** Peers per loopback source address: the tracker rate-limits per address, as a real crowd is spread over many. */
  peersPerAddress?: number;
  /** Whose process tree holds the instance's workerd (default: this process, which started it). */
  instancePid?: number;
  /** Also check that the rate limit and the unknown-infohash refusal hold during the load (default true). */
  checkGuards?: boolean;
};

export type TrackerSimResult = {
  peers: number;
  connected: number;
  swarms: number;
  seconds: number;
  announces: number;
  /** Announces answered by the tracker (a response with `interval`). */
  answered: number;
  offersRelayed: number;
  answersRelayed: number;
  latencyMs: { p50: number; p99: number; max: number };
  errors: {
    connect: number;
    /** Failure reasons the tracker sent to simulated peers, by reason. */
    failures: Record<string, number>;
    /** Announces still without a response at the end (after a grace period). */
    unanswered: number;
    /** Offers or answers that reached a peer of another swarm: must be 0. */
    crossSwarm: number;
    /** Sockets the tracker closed before the end. */
    closedEarly: number;
  };
  /** The workerd process tree: RSS before, peak and after, and the CPU time spent during the run. Null if not found. */
  tracker: { rssKbBefore: number; rssKbPeak: number; rssKbAfter: number; cpuSeconds: number; pids: number[] } | null;
  guards?: GuardChecks;
};

const CONNECT_TIMEOUT_MS = 10_000;
const RESPONSE_GRACE_MS = 5_000;
const CLOSE_TIMEOUT_MS = 5_000;
const CONNECT_BATCH = 50;
/** A real offer is an SDP of ~0.5–1 KiB; the tracker relays it without reading it. */
const FAKE_SDP = `v=0\r\no=- ${'4'.repeat(19)} 2 IN IP4 127.0.0.1\r\ns=-\r\n${'a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\n'.repeat(8)}`;

const binary = (bytes: Buffer) => bytes.toString('latin1');
const hexToBinary = (hex: string) => binary(Buffer.from(hex, 'hex'));

/** The source address of peer `i`: 127.0.x.y from 127.0.1.1 on, `perAddress` peers each. */
export function loopbackAddress(index: number, perAddress: number): string {
  const n = Math.floor(index / perAddress);
  return `127.0.${1 + Math.floor(n / 250)}.${1 + (n % 250)}`;
}

export async function simulateTracker(options: TrackerSimOptions): Promise<TrackerSimResult> {
  const every = (options.announceEverySeconds ?? 10) * 1000;
  const offers = options.offersPerAnnounce ?? 5;
  const perAddress = options.peersPerAddress ?? 4;
  const socketUrl = `${options.baseUrl.replace(/\/+$/, '').replace(/^http/, 'ws')}/tracker/socket`;
  const loopback = ['127.0.0.1', 'localhost'].includes(new URL(options.baseUrl).hostname);
  if (options.infoHashes.length === 0) throw new Error('simulateTracker: no infohashes');
  if (loopback && options.peers / perAddress > 250 * 190) throw new Error('simulateTracker: too many peers for the loopback addresses');
  const instancePid = options.instancePid ?? process.pid;

  const latencies: number[] = [];
  const errors: TrackerSimResult['errors'] = { connect: 0, failures: {}, unanswered: 0, crossSwarm: 0, closedEarly: 0 };
  const counts = { announces: 0, answered: 0, offersRelayed: 0, answersRelayed: 0 };
  let ending = false;

  type Peer = { ws: WebSocket; info: string; peerId: string; seed: boolean; pending: number[]; closed: Promise<void> };
  const peers: Peer[] = [];

  const announce = (peer: Peer, event: 'started' | 'update' | 'stopped') => {
    if (peer.ws.readyState !== WebSocket.OPEN) return;
    const withOffers = event !== 'stopped';
    peer.ws.send(
      JSON.stringify({
        action: 'announce',
        info_hash: peer.info,
        peer_id: peer.peerId,
        event: event === 'update' ? undefined : event,
        left: peer.seed ? 0 : 1_000_000,
        numwant: withOffers ? offers : 0,
        offers: withOffers ? Array.from({ length: offers }, () => ({ offer_id: binary(randomBytes(20)), offer: { type: 'offer', sdp: FAKE_SDP } })) : [],
      }),
    );
    if (event !== 'stopped') {
      counts.announces++;
      peer.pending.push(performance.now());
    }
  };

  const onMessage = (peer: Peer, data: WebSocket.RawData) => {
    const m = JSON.parse(data.toString()) as Record<string, any>;
    if (m.info_hash !== undefined && m.info_hash !== peer.info && (m.offer || m.answer)) errors.crossSwarm++;
    if (m['failure reason'] !== undefined) {
      const reason = String(m['failure reason']);
      errors.failures[reason] = (errors.failures[reason] ?? 0) + 1;
      peer.pending.shift();
    } else if (m.interval !== undefined) {
      const sent = peer.pending.shift();
      if (sent !== undefined) {
        latencies.push(performance.now() - sent);
        counts.answered++;
      }
    } else if (m.offer !== undefined) {
      counts.offersRelayed++;
      if (!ending && peer.ws.readyState === WebSocket.OPEN) {
        peer.ws.send(
          JSON.stringify({
            action: 'announce',
            info_hash: peer.info,
            peer_id: peer.peerId,
            to_peer_id: m.peer_id,
            offer_id: m.offer_id,
            answer: { type: 'answer', sdp: FAKE_SDP },
          }),
        );
      }
    } else if (m.answer !== undefined) counts.answersRelayed++;
  };

  const connect = (i: number): Promise<Peer | null> =>
    new Promise((resolve) => {
      const ws = new WebSocket(socketUrl, { localAddress: loopback ? loopbackAddress(i, perAddress) : undefined, handshakeTimeout: CONNECT_TIMEOUT_MS });
      const peer: Peer = {
        ws,
        info: hexToBinary(options.infoHashes[i % options.infoHashes.length]),
        peerId: binary(randomBytes(20)),
        seed: i % 10 === 0,
        pending: [],
        closed: new Promise((r) => ws.once('close', () => r())),
      };
      ws.on('message', (data) => onMessage(peer, data));
      ws.once('close', () => {
        if (!ending) errors.closedEarly++;
      });
      ws.once('open', () => resolve(peer));
      ws.once('error', () => {
        errors.connect++;
        resolve(null);
      });
    });

  const sample = () => workerdUsage(instancePid);
  const before = sample();
  let peak = before;
  const sampler = setInterval(() => {
    const now = sample();
    if (now && (!peak || now.rssKb > peak.rssKb)) peak = now;
  }, 500);
  let guards: GuardChecks | undefined;
  const timers: NodeJS.Timeout[] = [];
  try {
    for (let start = 0; start < options.peers; start += CONNECT_BATCH) {
      const batch = await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, options.peers - start) }, (_, k) => connect(start + k)));
      for (const peer of batch) {
        if (!peer) continue;
        peers.push(peer);
        announce(peer, 'started');
      }
    }
    // Re-announces spread over the period, so the load is steady rather than in waves.
    for (const [k, peer] of peers.entries()) {
      const first = setTimeout(
        () => {
          announce(peer, 'update');
          timers.push(setInterval(() => announce(peer, 'update'), every));
        },
        Math.floor((k / peers.length) * every),
      );
      timers.push(first);
    }
    const checks = options.checkGuards === false || !loopback ? undefined : checkTrackerGuards(socketUrl, options.infoHashes[0]);
    await new Promise((r) => setTimeout(r, options.seconds * 1000));
    guards = await checks;
  } finally {
    for (const t of timers) clearTimeout(t);
    ending = true;
    // Wait (bounded) for the last responses, then leave as clients do: `stopped`, and close.
    const grace = Date.now() + RESPONSE_GRACE_MS;
    while (peers.some((p) => p.pending.length > 0 && p.ws.readyState === WebSocket.OPEN) && Date.now() < grace) await new Promise((r) => setTimeout(r, 100));
    errors.unanswered = peers.reduce((n, p) => n + p.pending.length, 0);
    for (const peer of peers) peer.pending = []; // the `stopped` responses below are not measured
    for (const peer of peers) {
      announce(peer, 'stopped');
      peer.ws.close();
    }
    await Promise.race([Promise.all(peers.map((p) => p.closed)), new Promise((r) => setTimeout(r, CLOSE_TIMEOUT_MS))]);
    for (const peer of peers) if (peer.ws.readyState !== WebSocket.CLOSED) peer.ws.terminate();
    clearInterval(sampler);
  }
  const after = sample();
  return {
    peers: options.peers,
    connected: peers.length,
    swarms: new Set(peers.map((p) => p.info)).size,
    seconds: options.seconds,
    ...counts,
    latencyMs: percentiles(latencies),
    errors,
    tracker: trackerFigures(before, peak, after),
    guards,
  };
}

function trackerFigures(before: WorkerdUsage | null, peak: WorkerdUsage | null, after: WorkerdUsage | null): TrackerSimResult['tracker'] {
  if (!before || !after) return null;
  return {
    rssKbBefore: before.rssKb,
    rssKbPeak: Math.max(peak?.rssKb ?? 0, after.rssKb),
    rssKbAfter: after.rssKb,
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
    pids: after.pids,
  };
}

function percentiles(values: number[]) {
  if (values.length === 0) return { p50: NaN, p99: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]) };
}
const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * The infohashes a published video's viewers announce: each MP4 rendition's torrent (from its
 * magnet), and each HLS variant's swarm as p2p-media-loader names it (worker/tracker/known-infohashes.ts).
 */
export async function videoInfohashes(baseUrl: string, uuid: string): Promise<string[]> {
  const res = await fetch(`${baseUrl.replace(/\/+$/, '')}/api/v1/videos/${uuid}`, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`GET /api/v1/videos/${uuid}: ${res.status}`);
  const video = (await res.json()) as {
    files?: Array<{ magnetUri?: string }>;
    streamingPlaylists?: Array<{ playlistUrl: string; files?: Array<{ magnetUri?: string }> }>;
  };
  const hashes = new Set<string>();
  const playlist = video.streamingPlaylists?.[0];
  for (const file of [...(video.files ?? []), ...(playlist?.files ?? [])]) {
    const hash = /xt=urn:btih:([0-9a-f]{40})/i.exec(file.magnetUri ?? '')?.[1];
    if (hash) hashes.add(hash.toLowerCase());
  }
  if (playlist) {
    const variants = playlist.files?.length || video.files?.length || 0;
    for (const hash of await hlsSwarmInfohashes(playlist.playlistUrl, variants)) hashes.add(hash);
  }
  return [...hashes];
}

/** The figures as a few lines of text. */
export function formatTrackerSim(r: TrackerSimResult): string {
  const mib = (kb: number) => (kb / 1024).toFixed(1);
  const failures = Object.entries(r.errors.failures).map(([reason, n]) => `${n}× "${reason}"`);
  const lines = [
    `tracker: ${r.connected}/${r.peers} WebSocket peers over ${r.swarms} swarms for ${r.seconds} s`,
    `  announces ${r.announces}, answered ${r.answered}; offers relayed ${r.offersRelayed}, answers relayed ${r.answersRelayed}`,
    `  announce latency p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms`,
    `  errors: connect ${r.errors.connect}, unanswered ${r.errors.unanswered}, cross-swarm ${r.errors.crossSwarm}, closed early ${r.errors.closedEarly}${failures.length ? `, failures ${failures.join(', ')}` : ''}`,
  ];
  if (r.tracker) {
    lines.push(
      `  workerd RSS ${mib(r.tracker.rssKbBefore)} MiB before, ${mib(r.tracker.rssKbPeak)} MiB peak, ${mib(r.tracker.rssKbAfter)} MiB after; CPU ${r.tracker.cpuSeconds.toFixed(2)} s over the run (pids ${r.tracker.pids.join(', ')})`,
    );
  } else lines.push('  workerd: not found in this process tree (memory and CPU not measured)');
  if (r.guards) {
    const g = r.guards;
    lines.push(
      `  under load: a flood of ${g.rateLimit.sent} announces from one address was ${g.rateLimit.refused ? `refused and closed (${g.rateLimit.closeCode})` : 'NOT refused'}; ${g.unknownInfohash.refused}/${g.unknownInfohash.sent} announces of unknown infohashes refused`,
    );
  }
  return lines.join('\n');
}
