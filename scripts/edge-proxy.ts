import http, { type IncomingMessage } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * How long an idle client connection stays open. PeerTube's unicast agent reuses keep-alive
 * sockets and its own server closes them after 6 s (issue 14, item 6); workerd's HTTP server
 * closes idle connections after 5 s, which made every second delivery from PeerTube fail with
 * `socket hang up`. Longer than any peer keeps an idle socket, as Cloudflare's edge does.
 */
export const CLIENT_KEEP_ALIVE_MS = 75_000;

export type EdgeProxy = { url: string; close: () => Promise<void> };

/**
 * The local stand-in for Cloudflare's edge in front of workerd (ADR 0018): it listens on the
 * instance's port, sets `CF-Connecting-IP` from the socket (overwriting whatever the client sent,
 * so a client cannot pick the address the rate limits key on) and keeps idle connections open
 * for `CLIENT_KEEP_ALIVE_MS`. Bodies stream both ways; WebSocket upgrades are piped.
 */
export async function startEdgeProxy(options: { port: number; host?: string; upstream: URL }): Promise<EdgeProxy> {
  const upstream = options.upstream;
  const upstreamAgents = upstreamConnections();

  const server = http.createServer((req, res) => {
    const bodiless = hasNoBody(req);
    let answered = false;
    let out: http.ClientRequest | undefined;
    res.on('close', () => {
      if (!res.writableFinished) out?.destroy();
    });
    const send = (agent: http.Agent) => {
      const request = http.request(
        {
          agent,
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: withoutHopByHop(forwardedHeaders(req)),
        },
        (answer) => {
          answered = true;
          // workerd's `Connection: close` must not close the client's connection.
          const headers: string[] = [];
          for (let i = 0; i < answer.rawHeaders.length; i += 2) {
            if (!HOP_BY_HOP.has(answer.rawHeaders[i].toLowerCase())) headers.push(answer.rawHeaders[i], answer.rawHeaders[i + 1]);
          }
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers);
          answer.on('error', () => res.destroy());
          answer.pipe(res);
        },
      );
      out = request;
      request.on('error', (err: NodeJS.ErrnoException) => {
        // An answer given before the whole request body was written (a 413, a 403 to an upload)
        // makes the write fail; the answer itself still streams to the client, so leave it be.
        if (answered) return;
        // A kept connection that workerd closed as this request went out, before any answer: a
        // GET, HEAD or OPTIONS without a body is safe to send again, once, on a new connection.
        if (bodiless && request.reusedSocket && agent === upstreamAgents.kept && RETRYABLE.has(err.code ?? '')) return send(upstreamAgents.fresh);
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('edgetube: the Worker is unreachable\n');
        else res.destroy();
      });
      if (bodiless) request.end();
      else req.pipe(request);
    };
    send(bodiless ? upstreamAgents.kept : upstreamAgents.fresh);
  });
  server.keepAliveTimeout = CLIENT_KEEP_ALIVE_MS;
  // Node closes a connection whose next request headers take longer than this; it must exceed
  // the keep-alive window or idle sockets die early.
  server.headersTimeout = CLIENT_KEEP_ALIVE_MS + 5_000;
  server.requestTimeout = 0; // uploads stream for as long as they need
  server.on('upgrade', (req, socket, head) => pipeUpgrade(req, socket, head, upstream));
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      upstreamAgents.kept.destroy();
      upstreamAgents.fresh.destroy();
    },
  };
}

/** workerd closes a connection idle for 5 s; a kept one is dropped well before that. */
const UPSTREAM_IDLE_MS = 2_000;
const RETRYABLE = new Set(['ECONNRESET', 'EPIPE']);

/**
 * Connections to workerd. A request without a body goes on a kept connection: a new loopback
 * connection per request cost workerd about 0.2 ms of CPU and this process more (bench:api).
 * A request with a body gets its own connection, closed after the answer: workerd may answer
 * before reading the body (a 403 to a PUT) and close, and a streamed body cannot be sent again.
 */
function upstreamConnections() {
  return {
    // `timeout` applies to idle sockets of the pool: closed here before workerd closes them.
    kept: new http.Agent({ keepAlive: true, timeout: UPSTREAM_IDLE_MS, maxFreeSockets: 64 }),
    fresh: new http.Agent({ keepAlive: false }),
  };
}

/** GET, HEAD and the like with neither a length nor a chunked body: safe to send again. */
function hasNoBody(req: IncomingMessage) {
  if (req.headers['transfer-encoding']) return false;
  const length = req.headers['content-length'];
  return (length === undefined || length === '0') && ['GET', 'HEAD', 'OPTIONS'].includes(req.method ?? '');
}

/** Headers that describe one connection, not the message (RFC 9110, section 7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade']);

function withoutHopByHop(headers: Record<string, string | string[]>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/** The client's headers, with `CF-Connecting-IP` replaced by the socket's address. */
function forwardedHeaders(req: IncomingMessage): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cf-connecting-ip') headers[name] = value;
  }
  headers['cf-connecting-ip'] = clientAddress(req.socket);
  return headers;
}

/** `::ffff:127.0.0.1` is how Node reports IPv4 peers on a dual-stack socket. */
export function clientAddress(socket: net.Socket): string {
  const address = socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

function pipeUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, upstream: URL) {
  const target = net.connect(Number(upstream.port), upstream.hostname, () => {
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (const [name, value] of Object.entries(forwardedHeaders(req))) {
      for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`);
    }
    target.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length) target.write(head);
    target.pipe(socket);
    socket.pipe(target);
  });
  const close = () => {
    target.destroy();
    socket.destroy();
  };
  target.on('error', close);
  socket.on('error', close);
  target.on('close', close);
  socket.on('close', close);
}
