import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { instanceUrl } from './api';

/** 20 random bytes as the tracker's "binary string" (one char per byte). */
export const randomBinaryId = () => randomBytes(20).toString('latin1');
export const hexToBinaryString = (hex: string) => Buffer.from(hex, 'hex').toString('latin1');

export type TrackerSocket = {
  ws: WebSocket;
  send(message: Record<string, unknown>): void;
  /** The next message matching `match`, waiting at most `timeoutMs`. */
  next(match?: (m: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
  /** Every message received so far. */
  received: Record<string, any>[];
  closed: Promise<number>;
  close(): void;
};

/** A raw WebSocket to the instance's `/tracker/socket`, as bittorrent-tracker's client opens it. */
export async function openTrackerSocket(options: { localAddress?: string } = {}): Promise<TrackerSocket> {
  const ws = new WebSocket(instanceUrl('/tracker/socket').replace(/^http/, 'ws'), { localAddress: options.localAddress });
  const received: Record<string, any>[] = [];
  const waiters: Array<{ match: (m: Record<string, any>) => boolean; resolve: (m: Record<string, any>) => void }> = [];
  let seen = 0;
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString());
    received.push(message);
    const i = waiters.findIndex((w) => w.match(message));
    if (i >= 0) {
      waiters[i].resolve(message);
      waiters.splice(i, 1);
    }
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    received,
    closed,
    send: (m) => ws.send(JSON.stringify(m)),
    next: (match = () => true, timeoutMs = 10_000) => {
      const already = received.slice(seen).find(match);
      if (already) {
        seen = received.indexOf(already) + 1;
        return Promise.resolve(already);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no matching tracker message in time')), timeoutMs);
        waiters.push({
          match,
          resolve: (m) => {
            clearTimeout(timer);
            seen = received.indexOf(m) + 1;
            resolve(m);
          },
        });
      });
    },
    close: () => ws.close(),
  };
}
