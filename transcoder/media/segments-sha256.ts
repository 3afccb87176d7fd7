/**
 * PeerTube's `segments-sha256.json`, which the player checks every segment
 * received from a peer against.
 *
 * What PeerTube does (Chocobozzz/PeerTube):
 * - VOD, one fragmented MP4 per rendition addressed by byte ranges
 *   (server/core/lib/hls.ts, updateSha256VODSegments):
 *   `{ "<uuid>-720-fragmented.mp4": { "<start>-<end>": "<sha256 hex>" } }`.
 * - Live, one file per segment (server/core/lib/live/live-segment-sha-store.ts):
 *   `{ "<segment file name>": "<sha256 hex>" }`.
 * - The player (client/src/assets/player/shared/p2p-media-loader/segment-validator.ts)
 *   takes the last path component of the segment URL, looks it up at the top
 *   level, and compares against the string, or, for an object, against the
 *   entry for the request's `bytes=start-end` range.
 *
 * Our segments are separate files, so we emit the live form: a flat map from
 * segment file name to hash. Names must therefore be unique across renditions
 * (hls-ladder-args.ts names them `<rendition>-NNNNN.m4s`); duplicates throw.
 * Init segments are left out, as PeerTube leaves out the EXT-X-MAP range:
 * p2p-media-loader only shares media segments.
 *
 * @example
 * const json = await buildSegmentsSha256(outDir, result.renditions)
 * await storage.put(`${uuid}/hls/segments-sha256.json`, JSON.stringify(json))
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';

export type SegmentsSha256 = Record<string, string>;

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Adds one segment's hash; throws if another rendition already used the name. */
export function addSegmentSha256(json: SegmentsSha256, file: string, sha256: string): void {
  if (file.includes('/')) throw new Error(`segment name "${file}" must be a bare file name`);
  if (Object.hasOwn(json, file) && json[file] !== sha256) throw new Error(`duplicate segment name "${file}" in segments-sha256`);
  json[file] = sha256;
}

/** The JSON for every media segment of the given renditions (files read from `dir`). */
export async function buildSegmentsSha256(dir: string, renditions: readonly { segments: readonly { file: string }[] }[]): Promise<SegmentsSha256> {
  const json: SegmentsSha256 = {};
  for (const rendition of renditions) {
    const hashes = await Promise.all(rendition.segments.map((s) => sha256File(join(dir, s.file))));
    rendition.segments.forEach((s, i) => addSegmentSha256(json, s.file, hashes[i]));
  }
  return json;
}
