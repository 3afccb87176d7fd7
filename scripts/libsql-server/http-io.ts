// Reading and writing the JSON bodies of the HTTP server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, protocolError } from './errors';

/**
 * Sends JSON. The content type must be exactly `application/json`: the client
 * compares it as a whole string before it reads `message` and `code` from an
 * error body.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, closeConnection = false): void {
  const data = JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) };
  if (closeConnection) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(data);
}

/** Reads the body, at most `limit` bytes (413 beyond), and parses it as JSON (400 if it is not). */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<any> {
  return new Promise((resolveBody, rejectBody) => {
    const tooLarge = () => new HttpError(413, 'BODY_TOO_LARGE', `The request body is larger than ${limit} bytes`);
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      rejectBody(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        rejectBody(tooLarge());
      } else {
        chunks.push(chunk);
      }
    });
    req.on('error', () => {
      // The client went away mid-body. Nobody is left to answer, and it is not a server fault.
      failed = true;
      rejectBody(new HttpError(400, 'REQUEST_ABORTED', 'The request was aborted'));
    });
    req.on('end', () => {
      if (failed) return;
      try {
        resolveBody(JSON.parse(Buffer.concat(chunks, size).toString('utf8')));
      } catch {
        rejectBody(protocolError('The request body is not valid JSON'));
      }
    });
  });
}

export function methodNotAllowed(res: ServerResponse, allow: string): HttpError {
  res.setHeader('allow', allow);
  return new HttpError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed');
}
