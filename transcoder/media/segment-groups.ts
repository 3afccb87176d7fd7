/**
 * Turns ffmpeg's parts (one per keyframe interval) into the segments we
 * publish: the first part alone, then parts joined so that every later segment
 * ends on a multiple of HLS_SEGMENT_SECONDS. With keyframes at 0, 1, 2, 4, 6, …
 * that gives 1 s, 3 s, then 4 s segments aligned across renditions.
 *
 * Why: ffmpeg closes a segment only once the keyframe after it is encoded, and
 * x264 (PeerTube's 16 B-frames, threaded lookahead) holds about 35 frames back,
 * so a 4 s first segment of every rendition appeared ~4 s of encoding plus that
 * delay after the start. A 1 s first segment goes out as soon as its keyframe
 * follows; every later segment still spans 4 s (fewer objects, fewer requests).
 * Apple's HLS authoring guide allows a shorter first segment, and players start
 * sooner with one. See docs/adr/0012-short-first-segment.md.
 *
 * Joining is byte-level: an fMP4 media segment may hold several moof/mdat
 * fragments. The joined file keeps the first part's `styp`, and drops the other
 * parts' `styp` and every `sidx`: ffmpeg's sidx boxes each index only their
 * own part, and no HLS player reads them.
 *
 * @example
 * const groups = createSegmentGrouper({ dir, initFile: '720-init.mp4', name: '720' })
 * const first = await groups.add({ file: '720-part-00000.m4s', durationSeconds: 1 }) // → 720-00000.m4s
 * const last = await groups.flush()
 */
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HLS_SEGMENT_SECONDS, segmentFileOf } from './hls-ladder-args';
import { buildMediaPlaylist, type PlaylistSegment } from './segment-watcher';

/** A part ending this much before a boundary still closes the segment (frame-rate rounding). */
const TOLERANCE_SECONDS = 0.05;

export interface JoinedSegment {
  index: number;
  file: string;
  path: string;
  durationSeconds: number;
  bytes: number;
  /** an EVENT playlist of every joined segment so far, this one included */
  playlist: string;
}

const DROPPED_AFTER_FIRST = new Set(['styp', 'sidx']);

/** The top-level boxes of an ISO BMFF buffer as [type, start, end]; throws on a truncated box. */
export function topLevelBoxes(data: Uint8Array): [type: string, start: number, end: number][] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const boxes: [string, number, number][] = [];
  let p = 0;
  while (p < data.length) {
    if (p + 8 > data.length) throw new Error('truncated box header');
    let size = view.getUint32(p);
    const type = String.fromCharCode(data[p + 4], data[p + 5], data[p + 6], data[p + 7]);
    if (size === 1) {
      if (p + 16 > data.length) throw new Error('truncated box header');
      size = Number(view.getBigUint64(p + 8));
    } else if (size === 0) {
      size = data.length - p;
    }
    if (size < 8 || p + size > data.length) throw new Error(`box ${type} at ${p} runs past the end`);
    boxes.push([type, p, p + size]);
    p += size;
  }
  return boxes;
}

/** The bytes of one joined segment: part 1 minus its sidx, then only the moof/mdat (and other) boxes of the rest. */
export function joinParts(parts: readonly Uint8Array[]): Buffer[] {
  return parts.flatMap((part, i) =>
    topLevelBoxes(part)
      .filter(([type]) => type !== 'sidx' && (i === 0 || !DROPPED_AFTER_FIRST.has(type)))
      .map(([, start, end]) => Buffer.from(part.buffer, part.byteOffset + start, end - start)),
  );
}

export function createSegmentGrouper(options: { dir: string; name: string; initFile: string; segmentSeconds?: number }) {
  const { dir, name, initFile } = options;
  const segmentSeconds = options.segmentSeconds ?? HLS_SEGMENT_SECONDS;
  const joined: PlaylistSegment[] = [];
  let pending: PlaylistSegment[] = [];
  /** end of the last closed segment, and of the last part, from the start of the rendition */
  let closedAt = 0;
  let elapsed = 0;

  async function close(): Promise<JoinedSegment | null> {
    if (pending.length === 0) return null;
    const parts = pending;
    pending = [];
    const index = joined.length;
    const file = segmentFileOf(name, index);
    const path = join(dir, file);
    const buffers = joinParts(await Promise.all(parts.map((p) => readFile(join(dir, p.file)))));
    const handle = await open(path, 'w');
    try {
      await handle.writev(buffers);
    } finally {
      await handle.close();
    }
    await Promise.all(parts.map((p) => rm(join(dir, p.file), { force: true })));
    const durationSeconds = Math.round(parts.reduce((sum, p) => sum + p.durationSeconds, 0) * 1e6) / 1e6;
    joined.push({ file, durationSeconds });
    closedAt = elapsed;
    return {
      index,
      file,
      path,
      durationSeconds,
      bytes: buffers.reduce((sum, b) => sum + b.length, 0),
      playlist: buildMediaPlaylist({ initFile, segments: joined, ended: false }),
    };
  }

  return {
    /** Adds ffmpeg's next closed part; resolves with a segment when one is complete. */
    async add(part: PlaylistSegment): Promise<JoinedSegment | null> {
      pending.push(part);
      elapsed += part.durationSeconds;
      // The first segment is a single part: it is what makes the video playable.
      if (joined.length === 0) return close();
      const boundary = (Math.floor((closedAt + TOLERANCE_SECONDS) / segmentSeconds) + 1) * segmentSeconds;
      return elapsed >= boundary - TOLERANCE_SECONDS ? close() : null;
    },
    /** Closes the last, possibly shorter, segment once ffmpeg is done. */
    flush: close,
    /** The segments joined so far. */
    segments: (): readonly PlaylistSegment[] => joined,
  };
}
