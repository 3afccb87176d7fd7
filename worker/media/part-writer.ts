/**
 * Feeds a byte stream into an R2 multipart upload as equal parts (R2 wants every part but the
 * last to have the same size, at least 5 MiB). At most one part is held in memory.
 * Part n always covers bytes [(n-1)·partSize, n·partSize) of the file, so re-sending the same
 * bytes after an interruption re-uploads the same parts with the same content.
 */
export type UploadedPart = { partNumber: number; etag: string; size: number };

/** R2's minimum part size. */
export const PART_SIZE = 5 * 1024 * 1024;

type PartSink = Pick<R2MultipartUpload, 'uploadPart'>;

export class PartWriter {
  readonly parts: UploadedPart[] = [];
  private buf: Uint8Array;
  private fill = 0;
  private nextPart: number;
  /** Bytes accepted by `write`, not counting the initial tail. */
  written = 0;

  constructor(
    private sink: PartSink,
    private partSize = PART_SIZE,
    options: { firstPartNumber?: number; tail?: Uint8Array } = {},
  ) {
    this.buf = new Uint8Array(partSize);
    this.nextPart = options.firstPartNumber ?? 1;
    if (options.tail) {
      if (options.tail.length >= partSize) throw new Error('a pending tail is always shorter than a part');
      this.buf.set(options.tail, 0);
      this.fill = options.tail.length;
    }
  }

  async write(chunk: Uint8Array) {
    let at = 0;
    while (at < chunk.length) {
      const n = Math.min(chunk.length - at, this.partSize - this.fill);
      this.buf.set(chunk.subarray(at, at + n), this.fill);
      this.fill += n;
      at += n;
      this.written += n;
      if (this.fill === this.partSize) await this.flush();
    }
  }

  private async flush() {
    const bytes = this.fill === this.buf.length ? this.buf : this.buf.slice(0, this.fill);
    const part = await this.sink.uploadPart(this.nextPart, bytes);
    this.parts.push({ partNumber: part.partNumber, etag: part.etag, size: bytes.length });
    this.nextPart += 1;
    // A fresh buffer: the binding may still hold the one it was given.
    this.buf = new Uint8Array(this.partSize);
    this.fill = 0;
  }

  /** The last, possibly short, part of the file. */
  async finishFile() {
    if (this.fill > 0) await this.flush();
  }

  /** The bytes after the last full part, to keep until the next chunk arrives. */
  tail(): Uint8Array {
    return this.buf.slice(0, this.fill);
  }

  /** Copies a whole stream in. */
  async writeStream(stream: ReadableStream<Uint8Array>, limit = Number.POSITIVE_INFINITY) {
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (this.written + value.length > limit) {
        await reader.cancel();
        throw new RangeError('more bytes than announced');
      }
      await this.write(value);
    }
  }
}
