/**
 * A rendition's MP4 is the in-order concatenation of its init segment and media segments
 * (ADR 0002). These functions map a byte range of that virtual file onto the segment objects
 * and stream exactly those bytes from R2, one object at a time, never the whole file.
 */
export type Segment = { key: string; size: number };

export type SegmentSlice = { key: string; offset: number; length: number };

/** The total length of the concatenation. */
export function concatenatedSize(segments: readonly Segment[]): number {
  return segments.reduce((n, s) => n + s.size, 0);
}

/** The parts of the segment objects that cover bytes `start..end` (inclusive) of the concatenation. */
export function slicesFor(segments: readonly Segment[], start: number, end: number): SegmentSlice[] {
  const slices: SegmentSlice[] = [];
  let base = 0;
  for (const s of segments) {
    const segStart = base;
    const segEnd = base + s.size - 1;
    base += s.size;
    if (s.size === 0 || segEnd < start) continue;
    if (segStart > end) break;
    const from = Math.max(start, segStart) - segStart;
    const to = Math.min(end, segEnd) - segStart;
    slices.push({ key: s.key, offset: from, length: to - from + 1 });
  }
  return slices;
}

/** What the stream needs of an R2 bucket; `R2Bucket` satisfies it. */
export type RangedBucket = { get(key: string, options: { range: { offset: number; length: number } }): Promise<{ body?: ReadableStream } | object | null> };

/**
 * Streams the slices in order. Each object is fetched only when the consumer has drained the
 * previous one (pull-based), so memory stays at one network chunk and a cancelled download
 * stops fetching.
 */
export function streamSlices(bucket: RangedBucket, slices: readonly SegmentSlice[]): ReadableStream<Uint8Array> {
  let index = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let remaining = 0;
  // The next object's request is started while the current one streams, so segment
  // boundaries cost no round trip; only its headers wait, its body is read when its turn comes.
  let next: Promise<unknown> | undefined;
  const fetchSlice = (i: number) => {
    const slice = slices[i];
    return slice ? bucket.get(slice.key, { range: { offset: slice.offset, length: slice.length } }) : undefined;
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          if (!reader) {
            const slice = slices[index];
            if (!slice) {
              controller.close();
              return;
            }
            const object = await (next ?? fetchSlice(index));
            index += 1;
            next = fetchSlice(index);
            // A prefetch that fails is reported when its turn comes, not as an unhandled rejection.
            next?.catch(() => {});
            const body = object && typeof object === 'object' && 'body' in object ? (object as { body?: ReadableStream }).body : undefined;
            if (!body) {
              controller.error(new Error(`segment object missing: ${slice.key}`));
              return;
            }
            reader = body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
            remaining = slice.length;
          }
          const { done, value } = await reader.read();
          if (done) {
            if (remaining !== 0) {
              controller.error(new Error('segment object shorter than recorded'));
              return;
            }
            reader = undefined;
            continue;
          }
          // Never send more than the recorded size, whatever the object holds.
          const chunk = value.byteLength > remaining ? value.subarray(0, remaining) : value;
          remaining -= chunk.byteLength;
          controller.enqueue(chunk);
          return;
        }
      },
      async cancel(reason) {
        await reader?.cancel(reason);
        // Release a prefetched body nobody will read.
        const pending = (await next?.catch(() => undefined)) as { body?: ReadableStream } | null | undefined;
        await pending?.body?.cancel().catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}
