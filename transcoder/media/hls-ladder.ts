/**
 * Transcodes a source into the whole HLS ladder with ONE ffmpeg process and
 * reports every segment as soon as it is closed, so the caller can store it
 * while the encode goes on.
 *
 * @example
 * const probe = await probeVideo(src, { bins })
 * const result = await transcodeLadder({
 *   bins, input: src, outDir, probe,
 *   rungs: buildLadder(probe), copyTop: canQuickTranscode(probe),
 *   onProgress: (p) => job.report(p),
 *   onSegment: async (s) => storage.put(`${uuid}/hls/${s.file}`, s.path),
 * })
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { resolveInput, runFfmpeg, type MediaBinaries } from './ffmpeg';
import { buildLadderArgs, MASTER_PLAYLIST_FILE, type PlannedRendition } from './hls-ladder-args';
import type { Rung } from './ladder';
import { buildMasterPlaylist, codecsOfInit } from './master-playlist';
import type { MediaFacts } from './probe';
import { createSegmentGrouper } from './segment-groups';
import { buildMediaPlaylist, createSegmentWatcher, type MediaPlaylist, type PartEvent, type PlaylistSegment } from './segment-watcher';

/** A published segment (or the init segment) of one rendition, stored on disk and complete. */
export interface SegmentEvent {
  rendition: string;
  kind: 'init' | 'media';
  /** 0-based media segment number; -1 for the init segment */
  index: number;
  file: string;
  path: string;
  durationSeconds: number;
  bytes: number;
  /** media only: an EVENT playlist listing this segment and every earlier one */
  playlist?: string;
}

export interface TranscodeLadderOptions {
  bins: MediaBinaries;
  input: string;
  /** created if missing; owned by this call: removed on failure or abort */
  outDir: string;
  probe: MediaFacts;
  rungs: readonly Rung[];
  copyTop: boolean;
  preset?: string;
  signal?: AbortSignal;
  /** 0..1, from ffmpeg's out_time over the source duration */
  onProgress?: (fraction: number) => void;
  /**
   * Called once per closed segment: the init segment first, then media
   * segments in order. Calls are serialized per rendition and awaited; a
   * rejection aborts the encode and rejects transcodeLadder with that error.
   */
  onSegment?: (event: SegmentEvent) => Promise<void> | void;
  /** ffmpeg's pid and arguments, once it runs */
  onStart?: (info: { pid: number; args: string[] }) => void;
  pollIntervalMs?: number;
}

export interface RenditionSummary {
  name: string;
  resolution: number;
  width: number;
  height: number;
  fps: number;
  copied: boolean;
  /** measured mean bit rate of the rendition (init + segments), bit/s */
  bitrate: number;
  /** highest segment bit rate, bit/s (HLS BANDWIDTH) */
  peakBitrate: number;
  codecs: string;
  durationSeconds: number;
  playlistFile: string;
  initFile: string;
  initSize: number;
  segments: { file: string; durationSeconds: number; size: number }[];
  /** size of the rendition's MP4, i.e. init + every segment */
  totalSize: number;
}

export interface LadderResult {
  renditions: RenditionSummary[];
  masterPlaylistFile: string;
  args: string[];
  /** `Date.now()` when ffmpeg exited */
  exitedAt: number;
  wallMs: number;
}

async function summarize(
  outDir: string,
  planned: PlannedRendition,
  parts: MediaPlaylist | null,
  joined: readonly PlaylistSegment[],
): Promise<RenditionSummary> {
  const { rung, copied } = planned;
  if (!parts?.initFile || joined.length === 0 || !parts.ended) {
    throw new Error(`rendition ${rung.name}: ffmpeg exited without a complete playlist`);
  }
  const init = await readFile(join(outDir, parts.initFile));
  const segments = await Promise.all(joined.map(async (s) => ({ ...s, size: (await stat(join(outDir, s.file))).size })));
  await writeFile(join(outDir, planned.playlistFile), buildMediaPlaylist({ initFile: parts.initFile, segments: joined, ended: true }));
  const totalSize = init.length + segments.reduce((sum, s) => sum + s.size, 0);
  const durationSeconds = segments.reduce((sum, s) => sum + s.durationSeconds, 0);
  const peakBitrate = Math.max(...segments.map((s) => (s.size * 8) / Math.max(s.durationSeconds, 0.001)));
  return {
    name: rung.name,
    resolution: rung.resolution,
    width: rung.width,
    height: rung.height,
    fps: rung.fps,
    copied,
    bitrate: Math.round((totalSize * 8) / Math.max(durationSeconds, 0.001)),
    peakBitrate: Math.round(peakBitrate),
    codecs: codecsOfInit(init),
    durationSeconds: Math.round(durationSeconds * 1000) / 1000,
    playlistFile: planned.playlistFile,
    initFile: parts.initFile,
    initSize: init.length,
    segments,
    totalSize,
  };
}

/** Runs the ladder encode; see TranscodeLadderOptions. */
export async function transcodeLadder(options: TranscodeLadderOptions): Promise<LadderResult> {
  const { bins, probe, onSegment, onProgress, signal } = options;
  const outDir = resolve(options.outDir);
  const { args, renditions } = buildLadderArgs({
    input: resolveInput(options.input),
    probe,
    rungs: options.rungs,
    copyTop: options.copyTop,
    preset: options.preset,
  });
  signal?.throwIfAborted();
  await mkdir(outDir, { recursive: true });

  // Aborted by the caller, or by us when onSegment fails.
  const internal = new AbortController();
  let cancelled = false;
  const runSignal = signal ? AbortSignal.any([signal, internal.signal]) : internal.signal;
  runSignal.addEventListener('abort', () => (cancelled = true), { once: true });
  let segmentError: unknown = null;
  // One queue per rendition: parts are joined and reported in order, one at a time.
  const queues = new Map<string, Promise<void>>(renditions.map((r) => [r.rung.name, Promise.resolve()]));
  const groupers = new Map<string, ReturnType<typeof createSegmentGrouper>>();
  const grouperOf = (rendition: string, initFile: string) => {
    let grouper = groupers.get(rendition);
    if (!grouper) groupers.set(rendition, (grouper = createSegmentGrouper({ dir: outDir, name: rendition, initFile })));
    return grouper;
  };
  const enqueue = (rendition: string, task: () => Promise<SegmentEvent | null>) => {
    const previous = queues.get(rendition) ?? Promise.resolve();
    queues.set(
      rendition,
      previous.then(async () => {
        if (cancelled || segmentError) return;
        try {
          const event = await task();
          if (event) await onSegment?.(event);
        } catch (err) {
          segmentError ??= err;
          internal.abort(err);
        }
      }),
    );
  };
  const onPart = (part: PartEvent) =>
    enqueue(part.rendition, async () => {
      if (part.kind === 'init') {
        return {
          rendition: part.rendition,
          kind: 'init',
          index: -1,
          file: part.file,
          path: part.path,
          durationSeconds: 0,
          bytes: (await stat(part.path)).size,
        };
      }
      const joined = await grouperOf(part.rendition, part.initFile).add({ file: part.file, durationSeconds: part.durationSeconds });
      return joined && { rendition: part.rendition, kind: 'media', ...joined };
    });
  const drain = () => Promise.all(queues.values());

  const watcher = createSegmentWatcher({
    dir: outDir,
    renditions: renditions.map((r) => ({ name: r.rung.name, playlistFile: r.partsPlaylistFile })),
    emit: onPart,
    pollIntervalMs: options.pollIntervalMs,
  });

  const duration = probe.durationSeconds;
  try {
    watcher.start();
    const run = await runFfmpeg(bins, args, {
      cwd: outDir,
      signal: runSignal,
      onSpawn: (pid) => options.onStart?.({ pid, args }),
      onProgress: onProgress && duration > 0 ? ({ outTimeSeconds }) => onProgress(Math.min(1, Math.max(0, outTimeSeconds / duration))) : undefined,
    });
    const finals = await watcher.finish();
    for (const [rendition, grouper] of groupers) {
      enqueue(rendition, async () => {
        const last = await grouper.flush();
        return last && { rendition, kind: 'media', ...last };
      });
    }
    await drain();
    if (segmentError) throw segmentError;
    // An abort while the last uploads drained skipped some of them: that is not a success.
    signal?.throwIfAborted();
    const summaries = await Promise.all(
      renditions.map((r) => summarize(outDir, r, finals.get(r.rung.name) ?? null, groupers.get(r.rung.name)?.segments() ?? [])),
    );
    await writeFile(join(outDir, MASTER_PLAYLIST_FILE), buildMasterPlaylist(summaries));
    onProgress?.(1);
    return { renditions: summaries, masterPlaylistFile: MASTER_PLAYLIST_FILE, args, exitedAt: run.exitedAt, wallMs: run.wallMs };
  } catch (err) {
    cancelled = true;
    await watcher.stop();
    // Let an upload in flight finish reading its file before the directory goes.
    await drain();
    await rm(outDir, { recursive: true, force: true });
    throw segmentError ?? err;
  }
}
