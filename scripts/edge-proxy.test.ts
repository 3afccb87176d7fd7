import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net, { connect } from 'node:net';
import { startEdgeProxy, type EdgeProxy } from './edge-proxy';

// A real upstream that echoes what it received, standing in for workerd.
let upstream: http.Server;
let proxy: EdgeProxy;

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ method: req.method, url: req.url, ip: req.headers['cf-connecting-ip'], host: req.headers.host, body }));
    });
  });
  // workerd closes idle connections after 5 s; so does this stand-in.
  upstream.keepAliveTimeout = 5_000;
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  const { port } = upstream.address() as { port: number };
  proxy = await startEdgeProxy({ port: 0, upstream: new URL(`http://127.0.0.1:${port}`) });
});

afterAll(async () => {
  await proxy?.close();
  await new Promise((r) => upstream?.close(r));
});

describe('the edge proxy', () => {
  it('passes method, path, host and body through', async () => {
    const res = await fetch(`${proxy.url}/api/v1/videos?count=2`, { method: 'POST', body: 'hello' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ method: 'POST', url: '/api/v1/videos?count=2', host: new URL(proxy.url).host, body: 'hello' });
  });

  it("replaces a client's CF-Connecting-IP with the socket's address", async () => {
    const res = await fetch(`${proxy.url}/`, { headers: { 'cf-connecting-ip': '203.0.113.9' } });
    expect(((await res.json()) as { ip: string }).ip).toBe('127.0.0.1');
  });

  it('keeps an idle client connection usable past the upstream idle close', async () => {
    const { port } = new URL(proxy.url);
    const socket = connect(Number(port), '127.0.0.1');
    const responses: string[] = [];
    let buffer = '';
    socket.on('data', (d) => {
      buffer += d;
      // Each answer is small and ends with its JSON body.
      const m = /\r\n\r\n(\{.*?\})/s.exec(buffer);
      if (m) {
        responses.push(m[1]);
        buffer = '';
      }
    });
    const ask = async (n: number) => {
      socket.write(`GET /${n} HTTP/1.1\r\nHost: x\r\n\r\n`);
      for (let i = 0; i < 100 && responses.length < n; i++) await new Promise((r) => setTimeout(r, 50));
    };
    await new Promise<void>((r) => socket.once('connect', () => r()));
    await ask(1);
    await new Promise((r) => setTimeout(r, 7_000)); // longer than PeerTube's 6 s and workerd's 5 s
    await ask(2);
    socket.destroy();
    expect(responses.map((r) => JSON.parse(r).url)).toEqual(['/1', '/2']);
  });
});

describe('connections to the upstream', () => {
  // A raw upstream that counts connections, and drops a kept connection's second request unanswered
  // (as workerd closing an idle connection just as a request goes out on it).
  let raw: net.Server;
  let rawProxy: EdgeProxy;
  const connections: string[][] = [];

  beforeAll(async () => {
    raw = net.createServer((socket) => {
      const requests: string[] = [];
      connections.push(requests);
      let buffer = '';
      socket.on('data', (d) => {
        buffer += d.toString('latin1');
        for (let end = buffer.indexOf('\r\n\r\n'); end >= 0; end = buffer.indexOf('\r\n\r\n')) {
          const head = buffer.slice(0, end);
          buffer = buffer.slice(end + 4);
          const [line] = head.split('\r\n');
          const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
          buffer = buffer.slice(length); // the bodies here are small and come in one piece
          requests.push(line);
          if (line.includes('/drop-second') && requests.length === 2) return socket.destroy();
          const body = line;
          socket.write(`HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
        }
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', () => r()));
    rawProxy = await startEdgeProxy({ port: 0, upstream: new URL(`http://127.0.0.1:${(raw.address() as net.AddressInfo).port}`) });
  });

  afterAll(async () => {
    await rawProxy?.close();
    await new Promise((r) => raw?.close(r));
  });

  it('sends GETs one after another on one kept connection, and each POST on its own', async () => {
    connections.length = 0;
    for (let i = 0; i < 5; i++) expect(await (await fetch(`${rawProxy.url}/get-${i}`)).text()).toBe(`GET /get-${i} HTTP/1.1`);
    for (let i = 0; i < 2; i++) expect((await fetch(`${rawProxy.url}/post-${i}`, { method: 'POST', body: 'x' })).status).toBe(200);
    const gets = connections.filter((c) => c.some((l) => l.startsWith('GET')));
    expect(gets).toHaveLength(1);
    expect(gets[0]).toHaveLength(5);
    expect(connections.filter((c) => c.some((l) => l.startsWith('POST'))).map((c) => c.length)).toEqual([1, 1]);
  });

  it('sends a GET again on a new connection when the kept one closes without an answer', async () => {
    await rawProxy.close();
    rawProxy = await startEdgeProxy({ port: 0, upstream: new URL(`http://127.0.0.1:${(raw.address() as net.AddressInfo).port}`) });
    connections.length = 0;
    expect(await (await fetch(`${rawProxy.url}/drop-second`)).text()).toBe('GET /drop-second HTTP/1.1');
    const again = await fetch(`${rawProxy.url}/drop-second`);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe('GET /drop-second HTTP/1.1');
    expect(connections.map((c) => c.length)).toEqual([2, 1]);
  });
});
