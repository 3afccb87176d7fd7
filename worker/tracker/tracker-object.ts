import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import { getConfig, type Config } from '../config';
import { createDb } from '../db/client';
import { AnnounceLimiter } from './announce-limit';
import { Catalogue } from './catalogue';
import { catalogueVersion, readCatalogue } from './known-infohashes';
import { HTTP_INTERVAL_SECONDS, SwarmRegistry, type Outgoing } from './swarms';
import { bencode, compactPeers, hexToBinary, parseHttpAnnounce, parseWsRequest, type WsAnnounce } from './wire';

/** Set by the Worker's tracker routes: the client address, and the origin the client used. */
export const CLIENT_IP_HEADER = 'x-edgetube-tracker-ip';
export const ORIGIN_HEADER = 'x-edgetube-tracker-origin';

/** What each hibernatable socket carries across hibernation (at most 2 KiB). */
type SocketAttachment = { id: string; ip: string; origin: string };

/** The catalogue is read whole again after this long (a deleted video is refused within it). */
const CATALOGUE_TTL_MS = 60_000;
const TOO_MANY = 'too many announces from this address';
/** The rate limit's key for announces of infohashes this tracker does not serve, whatever they are. */
const UNKNOWN = 'unknown';
const CATALOGUE_UNAVAILABLE = 'the tracker cannot read its catalogue just now; announce again later';

/**
 * The instance's WebTorrent tracker (ADR 0021): one Durable Object for every swarm, because
 * p2p-media-loader and webtorrent multiplex all their swarms over one socket per tracker URL.
 * Sockets are accepted through the hibernation API, so idle viewers cost no duration: swarm
 * membership lives in the object's SQLite storage and is rebuilt when the object wakes.
 */
export class TrackerObject extends DurableObject<Env> {
  private readonly registry = new SwarmRegistry<WebSocket>();
  private limiter: AnnounceLimiter | undefined;
  private catalogue: Catalogue | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      'CREATE TABLE IF NOT EXISTS members (socket_id TEXT NOT NULL, info_hash TEXT NOT NULL, peer_id TEXT NOT NULL, complete INTEGER NOT NULL, PRIMARY KEY (socket_id, info_hash))',
    );
    this.restoreMembers();
  }

  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const ip = request.headers.get(CLIENT_IP_HEADER) ?? 'local';
    const origin = request.headers.get(ORIGIN_HEADER) ?? url.origin;
    if (url.pathname === '/tracker/socket') {
      const pair = new WebSocketPair();
      const attachment: SocketAttachment = { id: crypto.randomUUID(), ip, origin };
      this.ctx.acceptWebSocket(pair[1]);
      pair[1].serializeAttachment(attachment);
      return new Response(null, { status: 101, webSocket: pair[0] });
    }
    if (url.pathname === '/tracker/announce') return this.announceHttp(url, ip, origin);
    if (url.pathname === '/tracker/stats') return Response.json({ ...this.registry.stats(), sockets: this.ctx.getWebSockets().length });
    return new Response('not found', { status: 404 });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    const attachment = ws.deserializeAttachment() as SocketAttachment;
    const text = typeof message === 'string' ? message : new TextDecoder().decode(message);
    let request;
    try {
      request = parseWsRequest(text);
    } catch (err) {
      return send(ws, { 'failure reason': (err as Error).message });
    }
    const action = request.action;
    const cutOff = () => {
      // As PeerTube does, a flooding client is cut off; it may come back in the next window.
      send(ws, { action, 'failure reason': TOO_MANY });
      ws.close(1008, 'too many announces');
    };
    const { ip, origin } = attachment;
    if (!this.allowed(origin, ip, request.action === 'scrape' ? 'scrape' : request.infoHash)) return cutOff();
    const known = await this.knownInfohashes(origin, request.action === 'scrape' ? request.infoHashes : [request.infoHash]);
    if (!known) return send(ws, { action, 'failure reason': CATALOGUE_UNAVAILABLE });
    if (request.action === 'scrape') {
      const files: Record<string, unknown> = {};
      for (const h of request.infoHashes) if (known.has(h)) files[hexToBinary(h)] = { ...this.registry.counts(h), downloaded: 0 };
      return send(ws, { action: 'scrape', files });
    }
    if (!known.has(request.infoHash)) {
      if (!this.allowed(origin, ip, UNKNOWN)) return cutOff();
      return send(ws, {
        action: 'announce',
        'failure reason': 'unknown info_hash: this tracker only serves videos of this instance',
        info_hash: hexToBinary(request.infoHash),
      });
    }
    this.applyAnnounce(ws, attachment, request);
  }

  override async webSocketClose(ws: WebSocket, code: number) {
    this.forget(ws);
    // Complete the closing handshake: without the reply, the client's side and its connection through
    // the runtime stay open until the client gives up (30 s for ws), and workerd holds the connection.
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, 'bye');
    } catch {
      /* already closed */
    }
  }
  override async webSocketError(ws: WebSocket) {
    this.forget(ws);
  }

  private applyAnnounce(ws: WebSocket, attachment: SocketAttachment, request: WsAnnounce) {
    const { out, joined, left } = this.registry.announce(ws, request);
    if (joined)
      this.ctx.storage.sql.exec(
        'INSERT OR REPLACE INTO members VALUES (?, ?, ?, ?)',
        attachment.id,
        request.infoHash,
        request.peerId,
        request.left === 0 ? 1 : 0,
      );
    if (left) this.ctx.storage.sql.exec('DELETE FROM members WHERE socket_id = ? AND info_hash = ?', attachment.id, request.infoHash);
    deliver(out);
  }

  private async announceHttp(url: URL, ip: string, origin: string): Promise<Response> {
    const reply = (body: Parameters<typeof bencode>[0]) => new Response(bencode(body), { headers: { 'content-type': 'text/plain' } });
    let request;
    try {
      request = parseHttpAnnounce(url.search);
    } catch (err) {
      return reply({ 'failure reason': (err as Error).message });
    }
    if (!this.allowed(origin, ip, request.infoHash)) return reply({ 'failure reason': TOO_MANY });
    const known = await this.knownInfohashes(origin, [request.infoHash]);
    if (!known) return reply({ 'failure reason': CATALOGUE_UNAVAILABLE });
    if (!known.has(request.infoHash)) {
      if (!this.allowed(origin, ip, UNKNOWN)) return reply({ 'failure reason': TOO_MANY });
      return reply({ 'failure reason': 'unknown info_hash: this tracker only serves videos of this instance' });
    }
    const result = this.registry.announceHttp(
      request.infoHash,
      { ip, port: request.port, left: request.left, event: request.event, numwant: request.numwant },
      Date.now(),
    );
    return reply({ interval: HTTP_INTERVAL_SECONDS, complete: result.complete, incomplete: result.incomplete, peers: compactPeers(result.peers) });
  }

  /**
   * Counts one message of `ip` about `what`: a swarm's infohash, `scrape`, or UNKNOWN for an
   * infohash this tracker does not serve. Keyed per address and swarm, as PeerTube's tracker keys
   * its limit (ip + infohash), so a seeder or a household in many swarms is never cut off; a
   * client spraying infohashes is, by the UNKNOWN key.
   */
  private allowed(origin: string, ip: string, what: string): boolean {
    this.limiter ??= new AnnounceLimiter(getConfig(this.env, origin).tracker.announcesPerMinute, 60_000);
    return this.limiter.allow(`${ip} ${what}`, Date.now());
  }

  /** Which of `wanted` this instance serves (`catalogue.ts`); undefined when the database did not answer. */
  private async knownInfohashes(origin: string, wanted: string[]): Promise<Set<string> | undefined> {
    this.catalogue ??= this.newCatalogue(getConfig(this.env, origin));
    try {
      return await this.catalogue.known(wanted);
    } catch (err) {
      console.error('tracker: the catalogue could not be read:', (err as Error).message);
      return undefined;
    }
  }

  private newCatalogue(config: Config) {
    // A client per query: I/O objects may not outlive the event that made them (design.md).
    return new Catalogue({ read: () => readCatalogue(createDb(config.db), config), version: () => catalogueVersion(createDb(config.db)) }, CATALOGUE_TTL_MS);
  }

  private forget(ws: WebSocket) {
    const attachment = ws.deserializeAttachment() as SocketAttachment | null;
    this.registry.drop(ws);
    if (attachment) this.ctx.storage.sql.exec('DELETE FROM members WHERE socket_id = ?', attachment.id);
  }

  /** After hibernation: the sockets survive, the memory does not. Rows of vanished sockets are dropped. */
  private restoreMembers() {
    const sockets = new Map<string, WebSocket>();
    for (const ws of this.ctx.getWebSockets()) {
      const a = ws.deserializeAttachment() as SocketAttachment | null;
      if (a) sockets.set(a.id, ws);
    }
    const rows = this.ctx.storage.sql
      .exec<{ socket_id: string; info_hash: string; peer_id: string; complete: number }>('SELECT socket_id, info_hash, peer_id, complete FROM members')
      .toArray();
    for (const row of rows) {
      const ws = sockets.get(row.socket_id);
      if (ws) this.registry.restore(row.info_hash, row.peer_id, ws, row.complete === 1);
      else this.ctx.storage.sql.exec('DELETE FROM members WHERE socket_id = ?', row.socket_id);
    }
  }
}

function send(ws: WebSocket, message: Record<string, unknown>) {
  // A peer that went away between two events is not an error of the sender's.
  try {
    ws.send(JSON.stringify(message));
  } catch {
    /* closed */
  }
}

function deliver(out: Outgoing<WebSocket>[]) {
  for (const { socket, message } of out) send(socket, message);
}
