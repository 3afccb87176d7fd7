/**
 * (a) This pipeline: the companion's own runTranscode (transcoder/run-transcode.ts), with
 * a storage port over local files instead of the Worker. The original is copied into the
 * work directory in parts (as the download arrives); ffprobe and ONE ffmpeg for the whole
 * ladder (top copied when the source qualifies) read it as it comes; each closed segment
 * and EVENT playlist is "stored" (counted); a provisional master and `playable` once every
 * rendition has its init + first segment; then the final playlists, segments-sha256.json,
 * one torrent and ffprobe's metadata per rendition. Thumbnail/preview are left out (both sides).
 */
import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import { buildLadder, type Rung, type VideoProbe } from '../../transcoder/media';
import type { PartListener } from '../../transcoder/progressive-source';
import { runTranscode } from '../../transcoder/run-transcode';
import type { TranscodeEvent } from '../../transcoder/transcode-job';
import type { TranscodeStorage } from '../../transcoder/transcode-storage';
import type { DoneReport } from '../../worker/jobs/companion-protocol';
import { benchOf, childrenCpuSeconds, cpuOf, peakRssMb, round, seconds, selfCpuSeconds, type BenchBinaries } from './measure';

export interface PipelineResult {
  renditions: { name: string; copied: boolean; width: number; height: number; bytes: number; segments: number; bitrate: number }[];
  /** copy of the original + probe + ladder encode + segments-sha256 + torrents + metadata */
  wallSeconds: number;
  probeSeconds: number;
  ffmpegWallSeconds: number;
  postSeconds: number;
  /** ffmpeg's own getrusage (utime+stime) */
  ffmpegCpuSeconds: number;
  /** ffmpeg + ffprobe (children of this process) + hashing/torrents in this process */
  totalCpuSeconds: number;
  peakRssMb: number;
  /** from ffmpeg start: master playlist + init + first segment of EVERY rendition on disk */
  firstPlayableSeconds: number;
  firstPlayableFraction: number;
  /** init + media segments of every rendition (= the MP4s' bytes) */
  segmentBytes: number;
  playlistBytes: number;
  sha256Bytes: number;
  torrentBytes: number;
  storedBytes: number;
  storedOverSegments: number;
  storedMbPerMinute: number;
}

const COPY_PART = 8 * 1024 * 1024;

/** "Downloads" the original: a copy in parts, as the companion's download stores them. */
async function copyInParts(from: string, to: string, signal: AbortSignal, onPart: PartListener): Promise<number> {
  const src = await open(from, 'r');
  const dst = await open(to, 'w');
  try {
    const total = (await src.stat()).size;
    const buffer = Buffer.alloc(COPY_PART);
    for (let offset = 0; offset < total; offset += COPY_PART) {
      signal.throwIfAborted();
      const { bytesRead } = await src.read(buffer, 0, Math.min(COPY_PART, total - offset), offset);
      await dst.write(buffer, 0, bytesRead, offset);
      onPart(offset + bytesRead, total, { offset, length: bytesRead });
    }
    return total;
  } finally {
    await src.close();
    await dst.close();
  }
}

/**
 * A storage port that reads the original from `source`, keeps only the size of each stored
 * object (the last write of a key counts), and notes when `playable` came.
 */
function countingStorage(source: string) {
  const sizes = new Map<string, number>();
  const state = { playableAt: 0, done: null as DoneReport | null, failure: '' };
  const storage: TranscodeStorage = {
    readOriginal: (path, signal, onPart) => copyInParts(source, path, signal, onPart),
    put: async (key, data) => {
      sizes.set(key, typeof data === 'string' ? Buffer.byteLength(data) : data.length);
    },
    report: async (kind, body) => {
      if (kind === 'playable' && !state.playableAt) state.playableAt = performance.now();
      if (kind === 'done') state.done = body as DoneReport;
      if (kind === 'failed') state.failure = (body as { error: string }).error;
    },
  };
  const bytesOf = (test: (key: string) => boolean) => [...sizes].reduce((sum, [key, size]) => sum + (test(key) ? size : 0), 0);
  return { storage, state, bytesOf };
}

export async function runPipeline(options: {
  source: string;
  probe: VideoProbe;
  rungs: Rung[];
  workDir: string;
  bench: BenchBinaries;
}): Promise<PipelineResult> {
  const { source, probe, rungs, workDir, bench } = options;
  const { storage, state, bytesOf } = countingStorage(source);
  const times = { probed: 0, ffmpegStarted: 0, ffmpegDone: 0 };
  let ffmpegPid = -1;
  let copyTop = false;
  const onEvent = (event: TranscodeEvent) => {
    if (event.type === 'probed') [times.probed, copyTop] = [performance.now(), event.copyTop];
    if (event.type === 'ffmpeg-started') [times.ffmpegStarted, ffmpegPid] = [performance.now(), event.pid];
    if (event.type === 'ffmpeg-done') times.ffmpegDone = performance.now();
  };
  const videoUuid = randomUUID();
  const req = {
    jobId: 1,
    attempt: 1,
    type: 'video-transcode' as const,
    videoUuid,
    input: { key: 'original' },
    output: { prefix: `videos/${videoUuid}` },
    generate: { thumbnail: false, preview: false },
    torrent: { webSeedBase: `http://127.0.0.1/download/videos/${videoUuid}`, announce: ['ws://127.0.0.1/tracker/socket'] },
    heartbeatSeconds: 3600,
  };

  const started = performance.now();
  const childCpu0 = await childrenCpuSeconds();
  const selfCpu0 = selfCpuSeconds();
  const outcome = await runTranscode(req, {
    storage,
    bins: bench.bins,
    tmpDir: workDir,
    signal: new AbortController().signal,
    ladder: { enabledResolutions: rungs.map((r) => r.resolution) },
    onEvent,
  });
  const ended = performance.now();
  if (outcome !== 'done' || !state.done) throw new Error(`the transcode ended ${outcome}: ${state.failure}`);

  const ffmpeg = await benchOf(bench.logDir, ffmpegPid);
  const segmentBytes = bytesOf((k) => k.endsWith('.m4s') || (k.includes('/hls/') && k.endsWith('.mp4')));
  const playlistBytes = bytesOf((k) => k.endsWith('.m3u8'));
  const sha256Bytes = bytesOf((k) => k.endsWith('segments-sha256.json'));
  const torrentBytes = bytesOf((k) => k.endsWith('.torrent'));
  const storedBytes = segmentBytes + playlistBytes + sha256Bytes + torrentBytes;
  const duration = probe.durationSeconds;
  const firstPlayableSeconds = state.playableAt ? seconds(state.playableAt - times.ffmpegStarted) : NaN;
  return {
    renditions: state.done.renditions.map((r, i) => ({
      name: String(r.resolution),
      copied: copyTop && i === 0,
      width: r.width,
      height: r.height,
      bytes: r.size,
      segments: r.segments.length - 1,
      bitrate: r.bitrate,
    })),
    wallSeconds: seconds(ended - started),
    probeSeconds: seconds(times.probed - started),
    ffmpegWallSeconds: seconds(times.ffmpegDone - times.ffmpegStarted),
    postSeconds: seconds(ended - times.ffmpegDone),
    ffmpegCpuSeconds: ffmpeg ? cpuOf([ffmpeg]) : NaN,
    totalCpuSeconds: round((await childrenCpuSeconds()) - childCpu0 + selfCpuSeconds() - selfCpu0, 2),
    peakRssMb: ffmpeg ? peakRssMb([ffmpeg]) : NaN,
    firstPlayableSeconds,
    firstPlayableFraction: round(firstPlayableSeconds / duration, 3),
    segmentBytes,
    playlistBytes,
    sha256Bytes,
    torrentBytes,
    storedBytes,
    storedOverSegments: round(storedBytes / segmentBytes, 4),
    storedMbPerMinute: round(storedBytes / 1e6 / (duration / 60), 2),
  };
}

export const ladderFor = (probe: VideoProbe, resolutions: readonly number[]) => buildLadder(probe, { enabledResolutions: resolutions });
