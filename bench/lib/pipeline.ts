/**
 * (a) This pipeline, as the companion runs it (transcoder/run-transcode.ts) minus the
 * network: probe, ONE ffmpeg for the whole ladder (top copied when the source
 * qualifies), each closed segment read as soon as ffmpeg lists it, a provisional
 * master once every rendition has its init + first segment, then the final
 * playlists, segments-sha256.json and one torrent per rendition (over the
 * init+segments concatenation). Thumbnail/preview are left out (both sides).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildLadder, buildMasterPlaylist, buildMediaPlaylist, buildSegmentsSha256, canQuickTranscode, codecsOfInit,
  createRenditionTorrent, playlistFileOf, probeVideo, transcodeLadder, type Rung, type SegmentEvent, type VideoProbe,
} from '../../transcoder/media';
import { benchOf, childrenCpuSeconds, cpuOf, peakRssMb, plainBins, round, seconds, selfCpuSeconds, type BenchBinaries } from './measure';

export interface PipelineResult {
  renditions: { name: string; copied: boolean; width: number; height: number; bytes: number; segments: number; bitrate: number }[];
  /** probe + ladder encode + segments-sha256 + torrents */
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

export async function runPipeline(options: {
  source: string;
  probe: VideoProbe;
  rungs: Rung[];
  workDir: string;
  bench: BenchBinaries;
}): Promise<PipelineResult> {
  const { source, rungs, workDir, bench } = options;
  const started = performance.now();
  const childCpu0 = await childrenCpuSeconds();
  const selfCpu0 = selfCpuSeconds();

  // Probe again inside the timed section: the companion does it per job.
  const probe = await probeVideo(source, { bins: plainBins });
  const probeSeconds = seconds(performance.now() - started);
  const copyTop = canQuickTranscode(probe);
  const outDir = join(workDir, 'hls');

  let ffmpegStartedAt = 0;
  let ffmpegPid = -1;
  let firstPlayableAt = 0;
  const stored = new Map<string, { rung: Rung; init?: Buffer; first: boolean }>(rungs.map((r) => [r.name, { rung: r, first: false }]));
  const onSegment = async (event: SegmentEvent) => {
    // The companion reads the closed segment and uploads it; here it stays where it is.
    const data = await readFile(event.path);
    const entry = stored.get(event.rendition)!;
    if (event.kind === 'init') {
      entry.init = data;
      return;
    }
    if (event.playlist) await writeFile(join(workDir, `event-${playlistFileOf(event.rendition)}`), event.playlist);
    entry.first = true;
    if (!firstPlayableAt && [...stored.values()].every((s) => s.first && s.init)) {
      const master = buildMasterPlaylist([...stored.values()].map(({ rung, init }) => ({
        playlistFile: playlistFileOf(rung.name), width: rung.width, height: rung.height, fps: rung.fps,
        peakBitrate: rung.maxrate + rung.audioBitrate, bitrate: rung.maxrate + rung.audioBitrate, codecs: codecsOfInit(init!),
      })));
      await writeFile(join(workDir, 'provisional-master.m3u8'), master);
      firstPlayableAt = performance.now();
    }
  };

  const ladder = await transcodeLadder({
    bins: bench.bins,
    input: source,
    outDir,
    probe,
    rungs,
    copyTop,
    onSegment,
    onStart: ({ pid }) => {
      ffmpegStartedAt = performance.now();
      ffmpegPid = pid;
    },
  });
  const ffmpegDone = performance.now();

  // What the companion stores after ffmpeg: final playlists, master, segments-sha256, torrents.
  let playlistBytes = (await readFile(join(outDir, ladder.masterPlaylistFile))).length;
  for (const r of ladder.renditions) {
    playlistBytes += Buffer.byteLength(buildMediaPlaylist({ initFile: r.initFile, segments: r.segments, ended: true }));
  }
  const sha256Bytes = Buffer.byteLength(JSON.stringify(await buildSegmentsSha256(outDir, ladder.renditions)));
  let torrentBytes = 0;
  for (const r of ladder.renditions) {
    const t = await createRenditionTorrent({
      parts: [r.initFile, ...r.segments.map((s) => s.file)].map((f) => join(outDir, f)),
      name: `bench-${r.resolution}.mp4`,
      fileUrl: `http://127.0.0.1/static/streaming-playlists/hls/bench/bench-${r.resolution}.mp4`,
      trackers: ['ws://127.0.0.1/tracker/socket', 'http://127.0.0.1/tracker/announce'],
    });
    torrentBytes += t.torrent.length;
  }
  const ended = performance.now();

  const ffmpeg = await benchOf(bench.logDir, ffmpegPid);
  const segmentBytes = ladder.renditions.reduce((s, r) => s + r.totalSize, 0);
  const storedBytes = segmentBytes + playlistBytes + sha256Bytes + torrentBytes;
  const duration = probe.durationSeconds;
  const firstPlayableSeconds = firstPlayableAt ? seconds(firstPlayableAt - ffmpegStartedAt) : NaN;
  return {
    renditions: ladder.renditions.map((r) => ({
      name: r.name, copied: r.copied, width: r.width, height: r.height, bytes: r.totalSize, segments: r.segments.length, bitrate: r.bitrate,
    })),
    wallSeconds: seconds(ended - started),
    probeSeconds,
    ffmpegWallSeconds: seconds(ffmpegDone - ffmpegStartedAt),
    postSeconds: seconds(ended - ffmpegDone),
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
