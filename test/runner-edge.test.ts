/**
 * What the local runner (ADR 0018) guarantees at its two edges, against an instance of its own
 * started as `npm start` starts one, with production's defaults: no loopback federation and the
 * default login rate limit.
 * - Outbound: a hostname that resolves to 127.0.0.1 (an /etc/hosts entry) is refused at connect
 *   time, for search and for follows (issue 13).
 * - Inbound: the client address is the socket's, whatever `CF-Connecting-IP` says (issue 13);
 *   an idle keep-alive connection outlives PeerTube's 6 s (issue 14, item 6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInstance, type Instance } from '../scripts/instance';
import { waitFor } from './helpers/internal';

const HOSTS = '/etc/hosts';
const ROOT_PASSWORD = 'runner-edge-root-password';
const name = `ssrf-${process.pid}-${Date.now().toString(36)}.test`;
let instance: Instance;
let dir: string;
let listener: Server;
let listenerPort: number;
let connections = 0;

async function call(path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const res = await fetch(`${instance.url}${path}`, { ...init, headers });
  const text = await res.text();
  let data: any;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  return { status: res.status, data };
}

async function tokenFor(password: string, clientIp?: string) {
  const client = await call('/api/v1/oauth-clients/local');
  return call('/api/v1/users/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(clientIp ? { 'cf-connecting-ip': clientIp } : {}) },
    body: new URLSearchParams({
      client_id: client.data.client_id,
      client_secret: client.data.client_secret,
      grant_type: 'password',
      username: 'root',
      password,
    }).toString(),
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgetube-runner-edge-'));
  // Stands for an internal service on this machine: it must never see a connection.
  listener = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', () => r()));
  listenerPort = (listener.address() as { port: number }).port;
  await writeFile(HOSTS, `${(await readFile(HOSTS, 'utf8')).replace(/\n?$/, '\n')}127.0.0.1 ${name}\n`);
  instance = await startInstance({ dataDir: dir, rootPassword: ROOT_PASSWORD, logFile: join(dir, 'worker.log'), vars: { ALLOW_LOOPBACK_FEDERATION: 'false' } });
});

afterAll(async () => {
  const hosts = await readFile(HOSTS, 'utf8');
  await writeFile(
    HOSTS,
    hosts
      .split('\n')
      .filter((line) => !line.includes(name))
      .join('\n'),
  );
  await instance?.stop();
  listener?.close();
  if (dir && !process.env.KEEP_TEST_DATA) await rm(dir, { recursive: true, force: true });
});

describe('outbound fetches, checked against the resolved address', () => {
  it('resolves the name to loopback on this machine (the premise)', async () => {
    const { lookup } = await import('node:dns/promises');
    expect((await lookup(name)).address).toBe('127.0.0.1');
  });

  it('refuses a searched URL whose host resolves to loopback', async () => {
    const token = (await tokenFor(ROOT_PASSWORD)).data.access_token as string;
    const res = await call(`/api/v1/search/videos?search=${encodeURIComponent(`https://${name}:${listenerPort}/videos/watch/x`)}`, { token });
    expect(res.status).toBeLessThan(500);
    expect(res.data?.total ?? 0).toBe(0);
    expect(connections).toBe(0);
  });

  it('refuses to follow an instance whose host resolves to loopback', async () => {
    const token = (await tokenFor(ROOT_PASSWORD)).data.access_token as string;
    const host = `${name}:${listenerPort}`;
    const follow = await call('/api/v1/server/following', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hosts: [host] }),
    });
    expect(follow.status).toBe(204);
    // The follow is a job: wait until it has been tried at least once.
    await waitFor(
      'the follow job to have run',
      async () => {
        for (const state of ['delayed', 'failed', 'completed']) {
          const jobs = await call(`/api/v1/jobs/${state}?count=100`, { token });
          if (JSON.stringify(jobs.data?.data ?? []).includes(name)) return true;
        }
        return undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(connections).toBe(0);
  });
});

describe('inbound requests, as the edge would pass them', () => {
  it('keys the login rate limit on the socket, not on CF-Connecting-IP', async () => {
    // The default limit is 30 a minute per address; each attempt claims another address.
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await tokenFor('a-wrong-password', `203.0.113.${i + 1}`)).status);
    expect(statuses).toContain(429);
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true); // a few logins above count too
  });

  it('keeps an idle keep-alive connection usable after 7 s (longer than PeerTube keeps one)', async () => {
    const url = new URL(instance.url);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    try {
      expect(await getOver(socket, url.host)).toMatch(/^HTTP\/1\.1 200/);
      await new Promise((r) => setTimeout(r, 7_000));
      expect(socket.destroyed).toBe(false);
      expect(await getOver(socket, url.host)).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      socket.destroy();
    }
  });
});

/** One GET of /api/v1/config on an open socket; resolves with the whole response once its body is in. */
function getOver(socket: Socket, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = /content-length: *(\d+)/i.exec(buffer.slice(0, end));
      const chunked = /transfer-encoding: *chunked/i.test(buffer.slice(0, end));
      const complete = length ? buffer.length >= end + 4 + Number(length[1]) : chunked ? buffer.endsWith('0\r\n\r\n') : false;
      if (complete) {
        cleanup();
        resolve(buffer);
      }
    };
    const onClose = () => {
      cleanup();
      reject(new Error(`connection closed; got ${JSON.stringify(buffer.slice(0, 80))}`));
    };
    const cleanup = () => {
      socket.off('data', onData);
      socket.off('close', onClose);
    };
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write(`GET /api/v1/config HTTP/1.1\r\nHost: ${host}\r\nAccept: application/json\r\n\r\n`);
  });
}
