// The HTTP face of the server: routes, auth, and the pipeline and cursor endpoints.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { isObject, parseBaton, parseBatch, parseStreamRequest } from './codec';
import type { Engine } from './connections';
import { HttpError, internalError, protocolError } from './errors';
import { methodNotAllowed, readJsonBody, sendJson } from './http-io';
import { handleStreamRequest, runBatch } from './requests';
import { newBaton, type StreamRegistry } from './streams';

const SERVER_VERSION = 'edgetube-libsql-dev/1';
const INFO_PATHS = new Set(['/', '/v2', '/v3', '/health', '/version']);
const POST_PATHS = new Map([
  ['/v2/pipeline', 2],
  ['/v3/pipeline', 3],
  ['/v3/cursor', 3],
]);

export interface HttpContext {
  engine: Engine;
  streams: StreamRegistry;
  maxBodyBytes: number;
  /** sha256 of the bearer token that requests need, or null when none is needed */
  tokenDigest: Buffer | null;
}

async function handlePipeline(ctx: HttpContext, req: IncomingMessage, res: ServerResponse, version: number): Promise<void> {
  const body = await readJsonBody(req, ctx.maxBodyBytes);
  if (!isObject(body) || !Array.isArray(body.requests)) throw protocolError('The body must be an object with requests');
  const baton = parseBaton(body);
  const requests = body.requests.map((r: any) => parseStreamRequest(r, version));
  const stream = ctx.streams.acquire(baton);
  const results = [];
  try {
    for (const r of requests) results.push(await handleStreamRequest(ctx.engine, ctx.streams, stream, r));
  } catch (err) {
    // A protocol error leaves the stream in an unknown state; sqld drops it too.
    ctx.streams.close(stream);
    throw err;
  }
  sendJson(res, 200, { baton: ctx.streams.release(stream), base_url: null, results });
}

async function handleCursor(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJsonBody(req, ctx.maxBodyBytes);
  if (!isObject(body)) throw protocolError('The body must be an object with a batch');
  const baton = parseBaton(body);
  const batch = parseBatch(body.batch, 3);
  const stream = ctx.streams.acquire(baton);
  // The next baton goes out in the first line, but the stream only becomes
  // available once the batch is done. A request that uses the baton
  // earlier is refused, instead of running on a busy connection.
  const nextBaton = newBaton();
  res.writeHead(200, { 'content-type': 'text/plain' });
  const line = (entry: unknown) => res.write(`${JSON.stringify(entry)}\n`);
  line({ baton: nextBaton, base_url: null });
  try {
    await runBatch(ctx.engine, stream, batch, (step, result, error) => {
      if (error || !result) {
        line({ type: 'step_error', step, error });
        return;
      }
      line({ type: 'step_begin', step, cols: result.cols });
      for (const row of result.rows) line({ type: 'row', row });
      line({ type: 'step_end', affected_row_count: result.affected_row_count, last_insert_rowid: result.last_insert_rowid });
    });
    ctx.streams.release(stream, nextBaton);
  } catch (err) {
    ctx.streams.close(stream);
    const e = err instanceof HttpError ? err : internalError(err);
    line({ type: 'error', error: { message: e.message, code: e.code } });
  }
  res.end();
}

function checkAuth(ctx: HttpContext, req: IncomingMessage): void {
  if (!ctx.tokenDigest) return;
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  const given = createHash('sha256')
    .update(match ? match[1].trim() : '')
    .digest();
  // Compare digests: equal lengths, and no timing hint about the token.
  if (!match || !timingSafeEqual(given, ctx.tokenDigest)) {
    throw new HttpError(401, 'UNAUTHORIZED', 'Authentication failed: a valid bearer token is required');
  }
}

function sendInfo(req: IncomingMessage, res: ServerResponse, path: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(res, 'GET, HEAD');
  // GET /v2 and GET /v3 answer 200, so a client that probes for a version finds it.
  const text = path === '/version' ? SERVER_VERSION : path === '/health' ? 'ok' : `Hello, this is HTTP API ${path === '/v3' ? 'v3' : 'v2'} (Hrana over HTTP)`;
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
  res.end(req.method === 'HEAD' ? undefined : text);
}

async function route(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // The path without its query; cheaper than new URL() on every request, and the same for origin-form targets.
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  if (ctx.engine.closing) throw new HttpError(503, 'SHUTTING_DOWN', 'The server is shutting down');
  if (path === '/stats') {
    if (req.method !== 'GET') throw methodNotAllowed(res, 'GET');
    checkAuth(ctx, req);
    sendJson(res, 200, ctx.engine.stats);
    return;
  }
  if (INFO_PATHS.has(path)) return sendInfo(req, res, path);
  const version = POST_PATHS.get(path);
  if (version === undefined) {
    // This includes /v3-protobuf: @libsql/client probes it, and on a 404 it falls back to JSON.
    throw new HttpError(404, 'NOT_FOUND', `No endpoint at ${path}`);
  }
  if (req.method !== 'POST') throw methodNotAllowed(res, 'POST');
  checkAuth(ctx, req);
  ctx.engine.stats.requests++;
  if (path === '/v3/cursor') await handleCursor(ctx, req, res);
  else await handlePipeline(ctx, req, res, version);
}

/** The HTTP server, not yet listening. `inFlight()` counts the requests being answered. */
export function createHranaServer(ctx: HttpContext): { server: Server; inFlight: () => number } {
  let inFlight = 0;
  const server = createServer((req, res) => {
    inFlight++;
    route(ctx, req, res)
      .catch((err) => {
        const e = err instanceof HttpError ? err : internalError(err);
        if (res.headersSent) {
          res.destroy();
          return;
        }
        // After a 413 the rest of the body is not read, so the connection cannot be reused.
        sendJson(res, e.status, { error: e.message, message: e.message, code: e.code }, e.status === 413);
      })
      .finally(() => {
        inFlight--;
        // In-flight requests keep a closing server's connections open; the last one closes them.
        if (ctx.engine.closing && inFlight === 0) server.closeAllConnections();
      });
  });
  return { server, inFlight: () => inFlight };
}
