/**
 * The WebTorrent tracker wire format (bittorrent-tracker's `lib/server/parse-websocket.js`, BEP 3
 * for HTTP): info hashes and peer ids travel as 20-character "binary strings" (one char per byte)
 * in JSON, and as percent-encoded bytes in HTTP query strings.
 */
import { concatBytes } from '../crypto/encoding';

/** A 20-char binary string to 40 lowercase hex digits; null when it is not one. */
export function binaryToHex(value: unknown): string | null {
  if (typeof value !== 'string' || value.length !== 20) return null;
  let hex = '';
  for (let i = 0; i < 20; i++) {
    const code = value.charCodeAt(i);
    if (code > 0xff) return null;
    hex += code.toString(16).padStart(2, '0');
  }
  return hex;
}

export function hexToBinary(hex: string): string {
  let out = '';
  for (let i = 0; i < hex.length; i += 2) out += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return out;
}

export type WsAnnounce = {
  action: 'announce';
  infoHash: string;
  peerId: string;
  event: 'started' | 'stopped' | 'completed' | 'update';
  left: number;
  offers: Array<{ offer: unknown; offerId: unknown }>;
  answer?: { answer: unknown; offerId: unknown; toPeerId: string };
};
export type WsScrape = { action: 'scrape'; infoHashes: string[] };
export type WsRequest = WsAnnounce | WsScrape;

/** Most peers one announce may reach, as bittorrent-tracker's MAX_ANNOUNCE_PEERS. */
export const MAX_OFFERS = 20;

/** Parses one client message; throws an Error whose message goes back as `failure reason`. */
export function parseWsRequest(text: string): WsRequest {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error('invalid JSON');
  }
  if (!raw || typeof raw !== 'object') throw new Error('invalid request');
  if (raw.action === 'scrape') {
    const list = Array.isArray(raw.info_hash) ? raw.info_hash : raw.info_hash === undefined ? [] : [raw.info_hash];
    const infoHashes = list.map(binaryToHex);
    if (infoHashes.some((h) => h === null)) throw new Error('invalid info_hash');
    return { action: 'scrape', infoHashes: infoHashes as string[] };
  }
  if (raw.action !== 'announce') throw new Error(`invalid action in WS request: ${String(raw.action)}`);
  const infoHash = binaryToHex(raw.info_hash);
  if (!infoHash) throw new Error('invalid info_hash');
  const peerId = binaryToHex(raw.peer_id);
  if (!peerId) throw new Error('invalid peer_id');
  const event = raw.event === 'started' || raw.event === 'stopped' || raw.event === 'completed' ? raw.event : 'update';
  const left = Number(raw.left);
  const offers = Array.isArray(raw.offers)
    ? raw.offers
        .slice(0, MAX_OFFERS)
        .filter((o): o is Record<string, unknown> => !!o && typeof o === 'object')
        .map((o) => ({ offer: o.offer, offerId: o.offer_id }))
    : [];
  const request: WsAnnounce = { action: 'announce', infoHash, peerId, event, left: Number.isNaN(left) ? Infinity : left, offers };
  if (raw.answer !== undefined) {
    const toPeerId = binaryToHex(raw.to_peer_id);
    if (!toPeerId) throw new Error('invalid `to_peer_id` (required with `answer`)');
    request.answer = { answer: raw.answer, offerId: raw.offer_id, toPeerId };
  }
  return request;
}

/** Percent-decodes a raw query value to bytes (URLSearchParams would mangle non-UTF-8 bytes). */
function percentDecodeBytes(value: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (ch === '+') bytes.push(0x20);
    else bytes.push(...new TextEncoder().encode(ch));
  }
  return new Uint8Array(bytes);
}

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export type HttpAnnounce = {
  infoHash: string;
  peerId: string;
  port: number;
  left: number;
  event: 'started' | 'stopped' | 'completed' | 'update';
  numwant: number;
};

/** Parses a BEP 3 announce query string (`?info_hash=%..&peer_id=%..&port=…`). */
export function parseHttpAnnounce(search: string): HttpAnnounce {
  const fields = new Map<string, string>();
  for (const pair of search.replace(/^\?/, '').split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0) fields.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  const infoHash = percentDecodeBytes(fields.get('info_hash') ?? '');
  if (infoHash.length !== 20) throw new Error('invalid info_hash');
  const peerId = percentDecodeBytes(fields.get('peer_id') ?? '');
  if (peerId.length !== 20) throw new Error('invalid peer_id');
  const port = Number(fields.get('port'));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error('invalid port');
  const ev = fields.get('event');
  const left = Number(fields.get('left'));
  const numwant = Number(fields.get('numwant') ?? 50);
  return {
    infoHash: toHex(infoHash),
    peerId: toHex(peerId),
    port,
    left: Number.isNaN(left) ? Infinity : left,
    event: ev === 'started' || ev === 'stopped' || ev === 'completed' ? ev : 'update',
    numwant: Number.isFinite(numwant) ? Math.max(0, Math.min(50, numwant)) : 50,
  };
}

type Bencodable = number | string | Uint8Array | Bencodable[] | { [key: string]: Bencodable };

/** BEP 3 bencoding, enough for tracker responses (keys sorted as the spec requires). */
export function bencode(value: Bencodable): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  const enc = new TextEncoder();
  const walk = (v: Bencodable) => {
    if (typeof v === 'number') parts.push(enc.encode(`i${Math.trunc(v)}e`));
    else if (typeof v === 'string') {
      const b = enc.encode(v);
      parts.push(enc.encode(`${b.length}:`), b);
    } else if (v instanceof Uint8Array) parts.push(enc.encode(`${v.length}:`), v);
    else if (Array.isArray(v)) {
      parts.push(enc.encode('l'));
      v.forEach(walk);
      parts.push(enc.encode('e'));
    } else {
      parts.push(enc.encode('d'));
      for (const key of Object.keys(v).sort()) {
        walk(key);
        walk(v[key]);
      }
      parts.push(enc.encode('e'));
    }
  };
  walk(value);
  return concatBytes(parts);
}

/** BEP 23 compact peers: 4 bytes of IPv4 address and 2 of port each; other addresses are left out. */
export function compactPeers(peers: Array<{ ip: string; port: number }>): Uint8Array {
  const v4 = peers.filter((p) => /^\d{1,3}(\.\d{1,3}){3}$/.test(p.ip));
  const out = new Uint8Array(v4.length * 6);
  v4.forEach((p, i) => {
    p.ip.split('.').forEach((octet, j) => {
      out[i * 6 + j] = Number(octet);
    });
    out[i * 6 + 4] = p.port >> 8;
    out[i * 6 + 5] = p.port & 0xff;
  });
  return out;
}
