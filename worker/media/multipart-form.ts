/**
 * A streaming multipart/form-data parser (RFC 7578). Parts come one at a time and a file part's
 * body is a stream, so an upload is never held in memory: only the bytes around a boundary are.
 * Each part's body must be read to its end (or cancelled) before asking for the next part.
 */
export type FormPart = {
  name: string;
  filename?: string;
  contentType?: string;
  body: ReadableStream<Uint8Array>;
};

import { drain } from './drain';
import { readBodyLimited } from '../http/read-limited';

const MAX_HEADER_BYTES = 16 * 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class MultipartError extends Error {}

export function boundaryOf(contentType: string | null | undefined): string | null {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return null;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0];
  const last = haystack.length - needle.length;
  outer: for (let i = haystack.indexOf(first, from); i !== -1 && i <= last; i = haystack.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

class Buffered {
  buf: Uint8Array = new Uint8Array(0);
  done = false;
  constructor(private reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** Reads one more network chunk; false at the end of the body. */
  async more(): Promise<boolean> {
    if (this.done) return false;
    const { done, value } = await this.reader.read();
    if (done) {
      this.done = true;
      return false;
    }
    if (this.buf.length === 0) {
      this.buf = value;
      return true;
    }
    const next = new Uint8Array(this.buf.length + value.length);
    next.set(this.buf, 0);
    next.set(value, this.buf.length);
    this.buf = next;
    return true;
  }

  take(n: number): Uint8Array {
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  /** Waits until at least `n` bytes are buffered; false if the body ends first. */
  async ensure(n: number): Promise<boolean> {
    while (this.buf.length < n) if (!(await this.more())) return false;
    return true;
  }
}

function parseHeaders(raw: string) {
  const headers = new Map<string, string>();
  for (const line of raw.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  const disposition = headers.get('content-disposition') ?? '';
  const param = (key: string) => {
    const m = new RegExp(`(?:^|;)\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition) ?? new RegExp(`(?:^|;)\\s*${key}=([^;]+)`, 'i').exec(disposition);
    return m ? m[1].replace(/\\(.)/g, '$1') : undefined;
  };
  const name = param('name');
  if (name === undefined) throw new MultipartError('a part has no name');
  // WHATWG form encoding escapes these three characters in names and filenames.
  const unescape = (v: string | undefined) => v?.replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
  return { name: unescape(name)!, filename: unescape(param('filename')), contentType: headers.get('content-type') };
}

/**
 * @example for await (const part of parseMultipart(req.body, boundary)) { if (part.filename) await store(part.body); else fields[part.name] = await readText(part) }
 */
export async function* parseMultipart(body: ReadableStream<Uint8Array>, boundary: string, options: { drainOnExit?: number } = {}): AsyncGenerator<FormPart> {
  const reader = body.getReader();
  const input = new Buffered(reader);
  try {
    yield* parseParts(input, boundary);
  } finally {
    // Also when the consumer stops early (an error to answer): let the client finish sending.
    if (!input.done && options.drainOnExit) await drain(reader, options.drainOnExit);
  }
}

async function* parseParts(input: Buffered, boundary: string): AsyncGenerator<FormPart> {
  const dashBoundary = encoder.encode(`--${boundary}`);
  const delimiter = encoder.encode(`\r\n--${boundary}`);

  // Preamble: everything before the first boundary is ignored.
  for (;;) {
    const i = indexOf(input.buf, dashBoundary);
    if (i !== -1) {
      input.take(i + dashBoundary.length);
      break;
    }
    if (input.buf.length > dashBoundary.length) input.take(input.buf.length - dashBoundary.length);
    if (!(await input.more())) throw new MultipartError('no multipart boundary found');
  }

  for (;;) {
    if (!(await input.ensure(2))) throw new MultipartError('truncated multipart body');
    if (input.buf[0] === 0x2d && input.buf[1] === 0x2d) return; // closing "--"
    // Transport padding, then CRLF, then the part's headers up to an empty line.
    let end: number;
    for (;;) {
      end = indexOf(input.buf, encoder.encode('\r\n\r\n'));
      if (end !== -1) break;
      if (input.buf.length > MAX_HEADER_BYTES) throw new MultipartError('part headers too large');
      if (!(await input.more())) throw new MultipartError('truncated part headers');
    }
    const rawHeaders = decoder.decode(input.take(end + 4)).replace(/^[ \t]*\r\n/, '');
    const meta = parseHeaders(rawHeaders.trimEnd());

    let finished!: () => void;
    let failed!: (err: unknown) => void;
    const consumed = new Promise<void>((resolve, reject) => {
      finished = resolve;
      failed = reject;
    });
    // The consumer sees the error through the part's body; this only keeps it from going unhandled.
    consumed.catch(() => {});
    const partBody = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          try {
            for (;;) {
              const i = indexOf(input.buf, delimiter);
              if (i !== -1) {
                if (i > 0) controller.enqueue(input.take(i).slice());
                input.take(delimiter.length);
                controller.close();
                finished();
                return;
              }
              // Keep enough bytes to recognise a delimiter split across two chunks.
              const safe = input.buf.length - (delimiter.length - 1);
              if (safe > 0) {
                controller.enqueue(input.take(safe).slice());
                return;
              }
              if (!(await input.more())) throw new MultipartError('truncated multipart body');
            }
          } catch (err) {
            controller.error(err);
            failed(err);
          }
        },
        async cancel() {
          // Skip the rest of the part so the next one can be parsed.
          try {
            for (;;) {
              const i = indexOf(input.buf, delimiter);
              if (i !== -1) {
                input.take(i + delimiter.length);
                finished();
                return;
              }
              const safe = input.buf.length - (delimiter.length - 1);
              if (safe > 0) input.take(safe);
              if (!(await input.more())) throw new MultipartError('truncated multipart body');
            }
          } catch (err) {
            failed(err);
          }
        },
        // No read-ahead: nothing touches the input until the consumer asks for bytes.
      },
      { highWaterMark: 0 },
    );
    yield { ...meta, body: partBody };
    await consumed;
  }
}

/** Reads a (small) part as text, refusing more than `max` bytes. */
export async function readPartText(part: FormPart, max = 64 * 1024): Promise<string> {
  const bytes = await readPartBytes(part, max);
  return decoder.decode(bytes);
}

export async function readPartBytes(part: FormPart, max: number): Promise<Uint8Array> {
  const bytes = await readBodyLimited(part.body, max);
  if (!bytes) throw new MultipartError(`field ${part.name} is larger than ${max} bytes`);
  return bytes;
}

/**
 * The bytes of the first file part named `field` (later parts and other fields are skipped), read
 * up to `max` and no further. Null when there is none, when `accepts` refuses its declared type,
 * or when it is larger than `max`: the callers answer all three with one message, as PeerTube's
 * file validators do. Throws MultipartError on a malformed body.
 */
export async function readFileField(
  body: ReadableStream<Uint8Array>,
  boundary: string,
  field: string,
  options: { max: number; accepts: (contentType: string) => boolean },
): Promise<{ bytes: Uint8Array; contentType: string } | null> {
  let found: { bytes: Uint8Array; contentType: string } | null | undefined;
  for await (const part of parseMultipart(body, boundary, { drainOnExit: 2 * options.max })) {
    if (part.name !== field || part.filename === undefined || found !== undefined) {
      await part.body.cancel();
      continue;
    }
    const contentType = part.contentType ?? '';
    if (!options.accepts(contentType)) return null;
    const bytes = await readBodyLimited(part.body, options.max);
    if (!bytes) return null;
    found = { bytes, contentType };
  }
  return found ?? null;
}
