import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildLadder, buildMasterPlaylist, buildMediaPlaylist, buildSegmentsSha256, codecsOfInit, createRenditionTorrent,
  generateImages, isAbortError, playlistFileOf, probeFormat, probeKeyframeInterval, probeRenditionMetadata, ProbeError, quickTranscodeDecision,
  transcodeLadder, type MediaBinaries, type Rung, type SegmentEvent,
} from './media';
import { openProgressiveSource, type ProgressiveSource } from './progressive-source';
import type { DoneReport, RenditionReport, TranscodeRequest } from '../worker/jobs/companion-protocol';
import { StaleAttemptError, type WorkerClient } from './worker-client';

/**
 * One attempt of a `video-transcode` job, end to end: download the original in
 * parts while ffprobe and ffmpeg already read it (progressive-source.ts), probe
 * it, run the whole ladder in one ffmpeg (transcoder/media), store
 * each segment as soon as it closes, grow each rendition's EVENT playlist, store
 * the master playlist once every rendition has a first segment (and tell the
 * Worker: `playable`), then the final playlists, segments-sha256, torrents and
 * images, and report `done`. Failures are reported as `failed` (not retryable when
 * the input itself is unreadable). The work directory is always removed.
 */

export type TranscodeDeps = {
  client: WorkerClient;
  bins: MediaBinaries;
  tmpDir: string;
  signal: AbortSignal;
  log?: (message: string) => void;
  /** Give up (retryably) when nothing moves for this long: a hung ffmpeg must not hold the lease forever. */
  stallTimeoutMs?: number;
};

class StalledError extends Error {
  override readonly name = 'StalledError';
}

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.json': 'application/json',
  '.torrent': 'application/x-bittorrent',
  '.jpg': 'image/jpeg',
};
const contentType = (name: string) => CONTENT_TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';

/** Progress bands: download 0–5, encode 5–90, finishing 90–100. */
const ENCODE_BAND = [5, 90] as const;

export async function runTranscode(req: TranscodeRequest, deps: TranscodeDeps): Promise<'done' | 'failed' | 'stale'> {
  const { client, bins, signal } = deps;
  const log = deps.log ?? (() => {});
  const attempt = req.attempt;
  await mkdir(deps.tmpDir, { recursive: true });
  const workDir = await mkdtemp(join(deps.tmpDir, `job-${req.jobId}-${attempt}-`));
  const hlsPrefix = `${req.output.prefix}/hls`;

  // Progress doubles as the lease heartbeat: at least every heartbeatSeconds, at most once a second.
  let progress = 0;
  let lastSent = 0;
  let reporting: Promise<void> = Promise.resolve();
  const abortOnStale = new AbortController();
  const abortOnStall = new AbortController();
  const jobSignal = AbortSignal.any([signal, abortOnStale.signal, abortOnStall.signal]);
  const stallTimeoutMs = deps.stallTimeoutMs ?? 10 * 60_000;
  let movedAt = Date.now();
  const moved = () => { movedAt = Date.now(); };
  let inFlight = false;
  const sendProgress = (force = false) => {
    const now = Date.now();
    // One report at a time: a slow Worker must not make them pile up.
    if (inFlight || (!force && now - lastSent < 1000)) return;
    inFlight = true;
    lastSent = now;
    const value = Math.round(progress * 10) / 10;
    reporting = client.report(req.jobId, 'progress', { attempt, progress: value }, jobSignal).then(() => undefined, (err) => {
      if (err instanceof StaleAttemptError) abortOnStale.abort(err);
      else if (!jobSignal.aborted) log(`job ${req.jobId}: progress report failed: ${(err as Error).message}`);
    }).finally(() => { inFlight = false; });
  };
  const heartbeat = setInterval(() => {
    if (Date.now() - movedAt > stallTimeoutMs) abortOnStall.abort(new StalledError(`no progress for ${Math.round(stallTimeoutMs / 1000)} s`));
    else sendProgress(true);
  }, req.heartbeatSeconds * 1000);

  let input: ProgressiveSource | null = null;
  try {
    sendProgress(true);
    const source = join(workDir, 'source');
    input = await openProgressiveSource({
      path: source,
      download: (onPart, stop) => client.download(req.input.key, source, AbortSignal.any([jobSignal, stop]), (received, total, part) => {
        moved();
        onPart(received, total, part);
      }),
    });
    input.done.then((bytes) => log(`job ${req.jobId}: downloaded ${bytes} bytes of ${req.input.key}`), () => undefined);

    const probeOptions = { bins, signal: jobSignal };
    const probe = await probeFormat(input.url, probeOptions);
    const rungs = buildLadder(probe);
    // The keyframe scan reads the start of the file: only worth waiting for when nothing else rules the copy out.
    const { copy: copyTop } = await quickTranscodeDecision(probe, () => probeKeyframeInterval(input!.url, probeOptions));
    log(`job ${req.jobId}: ${probe.width}x${probe.height} ${probe.durationSeconds}s → ${rungs.map((r) => r.name).join('/')}${copyTop ? ' (top copied)' : ''}`);

    // What has been stored of each rendition while ffmpeg runs.
    const stored = new Map<string, { rung: Rung; init?: Buffer; firstSegment: boolean }>(rungs.map((r) => [r.name, { rung: r, firstSegment: false }]));
    let playableSent = false;
    const masterKey = `${hlsPrefix}/master.m3u8`;

    const onSegment = async (event: SegmentEvent) => {
      moved();
      const data = await readFile(event.path);
      await client.upload(`${hlsPrefix}/${event.file}`, data, contentType(event.file), jobSignal);
      const entry = stored.get(event.rendition)!;
      if (event.kind === 'init') {
        entry.init = data;
        return;
      }
      // The rendition's EVENT playlist grows with every stored segment.
      if (event.playlist) await client.upload(`${hlsPrefix}/${playlistFileOf(event.rendition)}`, event.playlist, contentType('.m3u8'), jobSignal);
      if (!entry.firstSegment) log(`job ${req.jobId}: ${event.rendition} first segment stored`);
      entry.firstSegment = true;
      if (!playableSent && [...stored.values()].every((s) => s.firstSegment && s.init)) {
        playableSent = true;
        // A provisional master (the final one, written after ffmpeg, carries measured bit rates).
        const master = buildMasterPlaylist([...stored.values()].map(({ rung, init }) => ({
          playlistFile: playlistFileOf(rung.name),
          width: rung.width,
          height: rung.height,
          fps: rung.fps,
          peakBitrate: rung.maxrate + rung.audioBitrate,
          bitrate: rung.maxrate + rung.audioBitrate,
          codecs: codecsOfInit(init!),
        })));
        await client.upload(masterKey, master, contentType('.m3u8'), jobSignal);
        await client.report(req.jobId, 'playable', { attempt, masterKey, resolutions: rungs.map((r) => r.resolution) }, jobSignal);
        log(`job ${req.jobId}: playable`);
      }
    };

    const outDir = join(workDir, 'hls');
    const ladder = await transcodeLadder({
      bins,
      input: input.url,
      outDir,
      probe,
      rungs,
      copyTop,
      signal: jobSignal,
      onProgress: (fraction) => {
        moved();
        progress = ENCODE_BAND[0] + fraction * (ENCODE_BAND[1] - ENCODE_BAND[0]);
        sendProgress();
      },
      onSegment,
      onStart: ({ pid }) => log(`job ${req.jobId}: ffmpeg ${pid} started`),
    });

    // Final playlists: the same segments, now with #EXT-X-ENDLIST.
    for (const r of ladder.renditions) {
      const playlist = buildMediaPlaylist({ initFile: r.initFile, segments: r.segments.map((s) => ({ file: s.file, durationSeconds: s.durationSeconds })), ended: true });
      await client.upload(`${hlsPrefix}/${r.playlistFile}`, playlist, contentType('.m3u8'), jobSignal);
    }
    await client.upload(masterKey, await readFile(join(outDir, ladder.masterPlaylistFile)), contentType('.m3u8'), jobSignal);
    if (!playableSent) await client.report(req.jobId, 'playable', { attempt, masterKey, resolutions: rungs.map((r) => r.resolution) }, jobSignal);

    const segmentsSha256Key = `${hlsPrefix}/segments-sha256.json`;
    await client.upload(segmentsSha256Key, JSON.stringify(await buildSegmentsSha256(outDir, ladder.renditions)), contentType('.json'), jobSignal);
    progress = 93;
    sendProgress(true);

    const renditions: RenditionReport[] = [];
    for (const r of ladder.renditions) {
      const name = `${req.videoUuid}-${r.resolution}.mp4`;
      const parts = [r.initFile, ...r.segments.map((s) => s.file)].map((f) => join(outDir, f));
      const torrent = await createRenditionTorrent({
        parts,
        name,
        fileUrl: `${req.torrent.webSeedBase}-${r.resolution}.mp4`,
        trackers: req.torrent.announce,
      });
      const torrentKey = `${req.output.prefix}/torrents/${req.videoUuid}-${r.resolution}.torrent`;
      await client.upload(torrentKey, torrent.torrent, contentType('.torrent'), jobSignal);
      renditions.push({
        resolution: r.resolution,
        width: r.width,
        height: r.height,
        fps: r.fps,
        bitrate: r.bitrate,
        playlistKey: `${hlsPrefix}/${r.playlistFile}`,
        segments: [
          { key: `${hlsPrefix}/${r.initFile}`, size: r.initSize, duration: 0 },
          ...r.segments.map((s) => ({ key: `${hlsPrefix}/${s.file}`, size: s.size, duration: s.durationSeconds })),
        ],
        size: r.totalSize,
        infoHash: torrent.infoHash,
        torrentKey,
        metadata: await probeRenditionMetadata({ bins, parts, publicName: name, listDir: workDir, signal: jobSignal, log: (m) => log(`job ${req.jobId}: ${m}`) }),
      });
    }
    progress = 96;

    // The images are cut from the local copy, complete by now in practice.
    await input.done;
    let thumbnailKey: string | undefined;
    let previewKey: string | undefined;
    if (req.generate.thumbnail || req.generate.preview) {
      const thumbnailPath = join(workDir, 'thumbnail.jpg');
      const previewPath = join(workDir, 'preview.jpg');
      await generateImages({ bins, input: source, durationSeconds: probe.durationSeconds, thumbnailPath, previewPath, signal: jobSignal });
      if (req.generate.thumbnail) {
        thumbnailKey = `${req.output.prefix}/thumbnail.jpg`;
        await client.upload(thumbnailKey, await readFile(thumbnailPath), contentType('.jpg'), jobSignal);
      }
      if (req.generate.preview) {
        previewKey = `${req.output.prefix}/preview.jpg`;
        await client.upload(previewKey, await readFile(previewPath), contentType('.jpg'), jobSignal);
      }
    }

    const top = rungs[0];
    const done: DoneReport = {
      attempt,
      durationSeconds: probe.durationSeconds,
      aspectRatio: top ? Math.round((probe.width / probe.height) * 10000) / 10000 : null,
      masterKey,
      segmentsSha256Key,
      renditions,
      thumbnailKey,
      previewKey,
    };
    clearInterval(heartbeat);
    await reporting;
    await client.report(req.jobId, 'done', done, jobSignal);
    log(`job ${req.jobId}: done`);
    return 'done';
  } catch (caught) {
    clearInterval(heartbeat);
    // When the download failed, ffprobe or ffmpeg failed because of it: report the cause (retryable).
    const err = input?.error ?? caught;
    const staleErr = err instanceof StaleAttemptError ? err : abortOnStale.signal.aborted ? abortOnStale.signal.reason : null;
    if (staleErr) {
      log(`job ${req.jobId} attempt ${attempt}: lease lost, stopping (${(staleErr as Error).message})`);
      return 'stale';
    }
    const stalled = abortOnStall.signal.aborted ? (abortOnStall.signal.reason as Error) : null;
    if (!stalled && (signal.aborted || isAbortError(err))) {
      log(`job ${req.jobId}: aborted`);
      return 'stale';
    }
    const permanent = err instanceof ProbeError;
    const message = permanent
      ? `The file cannot be transcoded: ${err.message}`
      : `Transcoding failed: ${(stalled ?? (err as Error)).message ?? String(err)}`;
    log(`job ${req.jobId}: ${message}`);
    try {
      await client.report(req.jobId, 'failed', { attempt, error: message.slice(0, 4000), retryable: !permanent });
    } catch (reportErr) {
      // The lease will lapse and the sweep will hand the job out again.
      log(`job ${req.jobId}: could not report the failure: ${(reportErr as Error).message}`);
    }
    return 'failed';
  } finally {
    clearInterval(heartbeat);
    await input?.close();
    await reporting.catch(() => undefined);
    await rm(workDir, { recursive: true, force: true });
  }
}
