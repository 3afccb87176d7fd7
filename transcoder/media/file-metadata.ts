/**
 * PeerTube's VideoFileMetadata (`GET /api/v1/videos/{id}/metadata/{videoFileId}`):
 * ffprobe's `streams`, `format` and `chapters` for one rendition's MP4. That MP4
 * exists only as init + media segments (ADR 0002), so ffprobe reads them in order
 * through the `concatf:` protocol, without a joined copy on disk.
 *
 * @example
 * const metadata = await probeRenditionMetadata({
 *   bins, parts: [initPath, ...segmentPaths], publicName: `${uuid}-360.mp4`, listDir: workDir,
 * })
 */
import { rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { isAbortError, runFfprobe, type MediaBinaries } from './ffmpeg';
import { MAX_FILE_METADATA_BYTES, type VideoFileMetadata } from '../../worker/jobs/companion-protocol';

type JsonObject = Record<string, unknown>;

const NUMERIC = /^[0-9]+(\.[0-9]+)?$/;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * PeerTube stores what fluent-ffmpeg makes of ffprobe's output, which turns numeric
 * strings into numbers everywhere but in tags (`duration: 6.02`, not `"6.02"`).
 * Strings that mention a local path are dropped: the caller names them.
 */
function shapeBlock(block: unknown, leaks: (s: string) => boolean): JsonObject {
  const out: JsonObject = {};
  if (!isObject(block)) return out;
  for (const [key, value] of Object.entries(block)) {
    if (typeof value === 'string') {
      if (leaks(value)) continue;
      out[key] = NUMERIC.test(value) ? Number(value) : value;
    } else if (key === 'tags' && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).filter(([, v]) => !(typeof v === 'string' && leaks(v))));
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * The pure part: ffprobe's JSON (`-show_format -show_streams -show_chapters`) → VideoFileMetadata,
 * with `format.filename` set to the public file name and nothing that contains one of `localPaths`.
 */
export function shapeFileMetadata(json: unknown, publicName: string, localPaths: readonly string[]): VideoFileMetadata {
  const root = isObject(json) ? json : {};
  const roots = localPaths.filter((p) => isAbsolute(p) && p.length > 1);
  const leaks = (s: string) => roots.some((p) => s.includes(p));
  const blocks = (v: unknown) => (Array.isArray(v) ? v.map((b) => shapeBlock(b, leaks)) : []);
  return {
    streams: blocks(root.streams),
    format: { ...shapeBlock(root.format, leaks), filename: publicName },
    chapters: blocks(root.chapters),
  };
}

/** One `concatf:` list entry; av_get_token() reads `\` as an escape, and `file:` keeps a `:` in a path from reading as a protocol. */
const listEntry = (path: string) => `file:${path.replace(/[\\'\s]/g, (c) => `\\${c}`)}`;

export interface RenditionMetadataOptions {
  bins: MediaBinaries;
  /** absolute paths: the init segment, then every media segment in playback order */
  parts: readonly string[];
  /** the name the file is served under (`format.filename`) */
  publicName: string;
  /** where the short-lived part list goes */
  listDir: string;
  signal?: AbortSignal;
  log?: (message: string) => void;
}

/**
 * Probes a rendition over its parts. Metadata is informative: a failed probe or an answer over
 * the protocol's bound is logged and yields undefined rather than failing the transcode.
 */
export async function probeRenditionMetadata(options: RenditionMetadataOptions): Promise<VideoFileMetadata | undefined> {
  const { bins, parts, publicName, listDir, signal, log = () => {} } = options;
  const list = join(listDir, `${publicName}.parts.txt`);
  try {
    await writeFile(list, parts.map(listEntry).join('\n') + '\n');
    const out = await runFfprobe(bins, ['-show_format', '-show_streams', '-show_chapters', '-print_format', 'json', `concatf:${list}`], { signal });
    const localPaths = [list, listDir, ...new Set(parts.map((p) => dirname(p)))];
    const metadata = shapeFileMetadata(JSON.parse(out), publicName, localPaths);
    const bytes = Buffer.byteLength(JSON.stringify(metadata));
    if (bytes > MAX_FILE_METADATA_BYTES) {
      log(`${publicName}: metadata left out (${bytes} bytes, over ${MAX_FILE_METADATA_BYTES})`);
      return undefined;
    }
    return metadata;
  } catch (err) {
    if (isAbortError(err) || signal?.aborted) throw err;
    log(`${publicName}: metadata probe failed: ${(err as Error).message}`);
    return undefined;
  } finally {
    await rm(list, { force: true });
  }
}
