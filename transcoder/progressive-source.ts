/**
 * The original as ffmpeg and ffprobe see it while it is still downloading: a
 * loopback HTTP endpoint with Range support whose reads wait until the bytes
 * they need are on disk.
 *
 * Why: a transcode used to start only once the whole original was downloaded,
 * about 1.5 s for 90 MB from a local Worker and more for a long video, all of it
 * before the first playable segment. Over this endpoint ffprobe reads the head
 * (and the tail, where a non-faststart MP4 keeps its index: the download fetches
 * that part second) and ffmpeg starts encoding while the rest arrives. The file
 * on disk is the same one, complete when `done` resolves, for the thumbnail and
 * preview.
 *
 * The endpoint listens on 127.0.0.1 under an unguessable path, serves GET and
 * HEAD only, and fails every pending read when the download fails, so ffmpeg
 * stops instead of waiting; the caller reports the download's error (`error`),
 * not ffmpeg's.
 *
 * @example
 * const source = await openProgressiveSource({ path, download: (onPart, stop) => client.download(key, path, stop, onPart) })
 * try { await probeFormat(source.url, …); await source.done } finally { await source.close() }
 */
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type PartListener = (received: number, total: number, part: { offset: number; length: number }) => void;

export interface ProgressiveSource {
  /** http://127.0.0.1:<port>/<token>, for ffmpeg and ffprobe */
  url: string;
  /** the local file; complete once `done` resolves */
  path: string;
  /** the size, once every byte is on disk; rejects with the download's error */
  done: Promise<number>;
  /** the download's error, once it failed */
  readonly error: unknown;
  close(): Promise<void>;
}

/** Sorted, merged [start, end) intervals of bytes on disk. */
function createCoverage() {
  const intervals: [number, number][] = [];
  return {
    add(start: number, end: number) {
      intervals.push([start, end]);
      intervals.sort((a, b) => a[0] - b[0]);
      for (let i = intervals.length - 1; i > 0; i--) {
        const [prev, cur] = [intervals[i - 1], intervals[i]];
        if (cur[0] <= prev[1]) {
          prev[1] = Math.max(prev[1], cur[1]);
          intervals.splice(i, 1);
        }
      }
    },
    /** the end of the stretch on disk that holds `position`, or null */
    endOfRunAt(position: number): number | null {
      const run = intervals.find(([start, end]) => start <= position && position < end);
      return run ? run[1] : null;
    },
  };
}

const CHUNK = 256 * 1024;

/** Parses `bytes=a-` / `bytes=a-b` (one range); null when absent, 'invalid' when unusable. */
export function parseRange(header: string | undefined, total: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const m = /^bytes=(\d+)-(\d*)$/.exec(header.trim());
  if (!m) return 'invalid';
  const start = Number(m[1]);
  const end = m[2] ? Math.min(Number(m[2]), total - 1) : total - 1;
  return start < total && start <= end ? { start, end } : 'invalid';
}

export async function openProgressiveSource(options: {
  path: string;
  /** fills `path`, calling `onPart` for each stored part; stops when `signal` aborts */
  download: (onPart: PartListener, signal: AbortSignal) => Promise<number>;
}): Promise<ProgressiveSource> {
  const { path } = options;
  const token = randomBytes(16).toString('hex');
  const coverage = createCoverage();
  let total: number | null = null;
  let failure: unknown = null;
  let closed = false;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of [...waiters]) w();
  };

  const stop = new AbortController();
  const done = options.download((_received, size, part) => {
    total = size;
    coverage.add(part.offset, part.offset + part.length);
    wake();
  }, stop.signal);
  done.then(wake, (err) => {
    failure = err;
    wake();
  });

  /** Resolves with the end of the stretch on disk from `position` (waiting for it), or rejects. */
  function available(position: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (closed) return finish(() => reject(new Error('source closed')));
        if (failure) return finish(() => reject(failure));
        const end = coverage.endOfRunAt(position);
        if (end !== null) finish(() => resolve(end));
      };
      const finish = (settle: () => void) => {
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });
  }

  const knownTotal = async (): Promise<number> => {
    if (total === null) await available(0);
    return total!;
  };

  async function serve(req: IncomingMessage, res: ServerResponse) {
    if (req.url !== `/${token}`) return void res.writeHead(404).end();
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    let size: number;
    try {
      size = await knownTotal();
    } catch {
      return void res.writeHead(502).end();
    }
    const range = parseRange(req.headers.range, size);
    if (range === 'invalid') return void res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
    const { start, end } = range ?? { start: 0, end: size - 1 };
    res.writeHead(range ? 206 : 200, {
      'content-type': 'application/octet-stream',
      'accept-ranges': 'bytes',
      'content-length': String(end - start + 1),
      ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (req.method === 'HEAD') return void res.end();
    const file = await open(path, 'r');
    let gone = false;
    res.once('close', () => (gone = true));
    try {
      // Bounded: `position` grows by at least one byte per turn up to `end`.
      for (let position = start; position <= end && !gone;) {
        const upTo = Math.min(end + 1, await available(position), position + CHUNK);
        const buffer = Buffer.allocUnsafe(upTo - position);
        const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) throw new Error(`nothing to read at ${position}`);
        position += bytesRead;
        if (!res.write(buffer.subarray(0, bytesRead)) && !gone) {
          await new Promise<void>((resolve) => {
            const go = () => {
              res.off('drain', go);
              res.off('close', go);
              resolve();
            };
            res.once('drain', go);
            res.once('close', go);
            // Closed between the write and here: 'close' has already fired.
            if (res.destroyed) go();
          });
        }
      }
      res.end();
    } catch {
      // The download failed or the source closed: cut the response so the reader fails now.
      res.destroy();
    } finally {
      await file.close();
    }
  }

  const server = createServer((req, res) => {
    void serve(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/${token}`,
    path,
    done,
    get error() {
      return failure;
    },
    async close() {
      closed = true;
      wake();
      // The download may still be running (e.g. ffmpeg failed first): stop it and let it settle before the file goes.
      stop.abort(new Error('source closed'));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await done.catch(() => undefined);
    },
  };
}
