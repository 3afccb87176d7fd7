import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';

export type GuardChecks = {
  /** One address floods announces during the load: the tracker must refuse it and close its socket (1008). */
  rateLimit: { sent: number; refused: boolean; closeCode: number | null };
  /** Announces of infohashes no video has: each must be refused. */
  unknownInfohash: { sent: number; refused: number };
};

/** Addresses of their own, apart from the simulated crowd's (127.0.1.x onwards). */
const FLOODER_ADDRESS = '127.0.200.1';
const PROBER_ADDRESS = '127.0.201.1';
const FLOOD_CAP = 5_000;
const WAIT_MS = 20_000;

const binary = (bytes: Buffer) => bytes.toString('latin1');

/**
 * The tracker's two guards, checked while it is under load (their behaviour alone is pinned by
 * test/tracker.test.ts): the per-address announce limit, and the refusal of unknown infohashes.
 */
export async function checkTrackerGuards(socketUrl: string, knownInfoHash: string): Promise<GuardChecks> {
  const [rateLimit, unknownInfohash] = await Promise.all([flood(socketUrl, knownInfoHash), probeUnknown(socketUrl)]);
  return { rateLimit, unknownInfohash };
}

function open(socketUrl: string, localAddress: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(socketUrl, { localAddress, handshakeTimeout: 10_000 });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function flood(socketUrl: string, infoHash: string): Promise<GuardChecks['rateLimit']> {
  const ws = await open(socketUrl, FLOODER_ADDRESS);
  let refused = false;
  ws.on('message', (data) => {
    if (/too many announces/.test(String(JSON.parse(data.toString())['failure reason'] ?? ''))) refused = true;
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const message = JSON.stringify({
    action: 'announce',
    info_hash: binary(Buffer.from(infoHash, 'hex')),
    peer_id: binary(randomBytes(20)),
    left: 1,
    numwant: 0,
    offers: [],
  });
  let sent = 0;
  // In batches, yielding between them, until the tracker refuses or closes, or the cap.
  while (sent < FLOOD_CAP && !refused && ws.readyState === WebSocket.OPEN) {
    for (let i = 0; i < 100; i++, sent++) ws.send(message);
    await new Promise((r) => setTimeout(r, 20));
  }
  const closeCode = await Promise.race([closed, new Promise<null>((r) => setTimeout(() => r(null), WAIT_MS))]);
  if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
  return { sent, refused, closeCode };
}

async function probeUnknown(socketUrl: string): Promise<GuardChecks['unknownInfohash']> {
  const ws = await open(socketUrl, PROBER_ADDRESS);
  const sent = 5;
  let refused = 0;
  const done = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      if (/unknown info_hash/.test(String(JSON.parse(data.toString())['failure reason'] ?? ''))) refused++;
      if (refused === sent) resolve();
    });
  });
  for (let i = 0; i < sent; i++) {
    ws.send(
      JSON.stringify({
        action: 'announce',
        info_hash: binary(randomBytes(20)),
        peer_id: binary(randomBytes(20)),
        event: 'started',
        left: 1,
        numwant: 0,
        offers: [],
      }),
    );
  }
  await Promise.race([done, new Promise((r) => setTimeout(r, WAIT_MS))]);
  ws.close();
  return { sent, refused };
}
