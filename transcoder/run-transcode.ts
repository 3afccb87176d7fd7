import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildLadder,
  isAbortError,
  probeFormat,
  probeKeyframeInterval,
  ProbeError,
  quickTranscodeDecision,
  type LadderOptions,
  type MediaBinaries,
} from './media';
import { openProgressiveSource, type ProgressiveSource } from './progressive-source';
import type { DoneReport, TranscodeRequest } from '../worker/jobs/companion-protocol';
import type { TranscodeEvent, TranscodeJob } from './transcode-job';
import { encodeAndStore } from './transcode-ladder';
import { storeImages, storeRenditions } from './transcode-outputs';
import { trackProgress } from './transcode-progress';
import type { TranscodeStorage } from './transcode-storage';
import { StaleAttemptError } from './worker-client';

/**
 * One attempt of a `video-transcode` job, end to end: read the original in
 * parts while ffprobe and ffmpeg already read it (progressive-source.ts), probe
 * it, encode and store the ladder as it comes (transcode-ladder.ts), then the
 * torrents, metadata and images (transcode-outputs.ts), and report `done`.
 * Everything goes through a storage port (transcode-storage.ts): the Worker's
 * internal API in the companion, local files in the bench. Failures are
 * reported as `failed` (not retryable when the input itself is unreadable).
 * The work directory is always removed.
 */

export type TranscodeDeps = {
  storage: TranscodeStorage;
  bins: MediaBinaries;
  tmpDir: string;
  signal: AbortSignal;
  log?: (message: string) => void;
  /** Give up (retryably) when nothing moves for this long: a hung ffmpeg must not hold the lease forever. */
  stallTimeoutMs?: number;
  /** Which resolutions to make; by default, those buildLadder enables. */
  ladder?: LadderOptions;
  onEvent?: (event: TranscodeEvent) => void;
};

export type TranscodeOutcome = 'done' | 'failed' | 'stale';

export async function runTranscode(req: TranscodeRequest, deps: TranscodeDeps): Promise<TranscodeOutcome> {
  const baseLog = deps.log ?? (() => {});
  const log = (message: string) => baseLog(`job ${req.jobId}: ${message}`);
  await mkdir(deps.tmpDir, { recursive: true });
  const workDir = await mkdtemp(join(deps.tmpDir, `job-${req.jobId}-${req.attempt}-`));
  const progress = trackProgress({
    storage: deps.storage,
    attempt: req.attempt,
    heartbeatSeconds: req.heartbeatSeconds,
    signal: deps.signal,
    stallTimeoutMs: deps.stallTimeoutMs ?? 10 * 60_000,
    log,
  });
  const job: TranscodeJob = {
    req,
    attempt: req.attempt,
    storage: deps.storage,
    bins: deps.bins,
    progress,
    workDir,
    hlsPrefix: `${req.output.prefix}/hls`,
    log,
    onEvent: deps.onEvent,
  };
  let input: ProgressiveSource | null = null;
  try {
    progress.set(0, true);
    input = await openOriginal(job);
    const done = await transcode(job, input, deps.ladder);
    progress.stop();
    await progress.settled();
    await deps.storage.report('done', done, progress.jobSignal);
    log('done');
    return 'done';
  } catch (caught) {
    progress.stop();
    // When the download failed, ffprobe or ffmpeg failed because of it: report the cause (retryable).
    return await reportFailure(job, input?.error ?? caught, deps.signal);
  } finally {
    progress.stop();
    await input?.close();
    await progress.settled();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Starts reading the original into the work directory, readable by ffmpeg as it arrives. */
async function openOriginal(job: TranscodeJob): Promise<ProgressiveSource> {
  const path = join(job.workDir, 'source');
  const input = await openProgressiveSource({
    path,
    download: (onPart, stop) =>
      job.storage.readOriginal(path, AbortSignal.any([job.progress.jobSignal, stop]), (received, total, part) => {
        job.progress.moved();
        onPart(received, total, part);
      }),
  });
  input.done.then(
    (bytes) => job.log(`downloaded ${bytes} bytes of ${job.req.input.key}`),
    () => undefined,
  );
  return input;
}

/** Probe, ladder, outputs: everything the `done` report describes. */
async function transcode(job: TranscodeJob, input: ProgressiveSource, ladderOptions?: LadderOptions): Promise<DoneReport> {
  const probeOptions = { bins: job.bins, signal: job.progress.jobSignal };
  const probe = await probeFormat(input.url, probeOptions);
  const rungs = buildLadder(probe, ladderOptions);
  // The keyframe scan reads the start of the file: only worth waiting for when nothing else rules the copy out.
  const { copy: copyTop } = await quickTranscodeDecision(probe, () => probeKeyframeInterval(input.url, probeOptions));
  job.onEvent?.({ type: 'probed', copyTop });
  job.log(`${probe.width}x${probe.height} ${probe.durationSeconds}s → ${rungs.map((r) => r.name).join('/')}${copyTop ? ' (top copied)' : ''}`);

  const stored = await encodeAndStore(job, input.url, probe, rungs, copyTop);
  job.progress.set(93, true);
  const renditions = await storeRenditions(job, stored);
  job.progress.set(96);
  // The images are cut from the local copy, complete by now in practice.
  await input.done;
  const images = await storeImages(job, input.path, probe);
  return {
    attempt: job.attempt,
    durationSeconds: probe.durationSeconds,
    aspectRatio: rungs[0] ? Math.round((probe.width / probe.height) * 10000) / 10000 : null,
    masterKey: stored.masterKey,
    segmentsSha256Key: stored.segmentsSha256Key,
    renditions,
    ...images,
  };
}

/** Sorts a failure into a lost lease or an abort ('stale'), or a failure to report. */
async function reportFailure(job: TranscodeJob, err: unknown, signal: AbortSignal): Promise<TranscodeOutcome> {
  const staleErr = err instanceof StaleAttemptError ? err : job.progress.staleReason();
  if (staleErr) {
    job.log(`attempt ${job.attempt}: lease lost, stopping (${staleErr.message})`);
    return 'stale';
  }
  const stalled = job.progress.stallReason();
  if (!stalled && (signal.aborted || isAbortError(err))) {
    job.log('aborted');
    return 'stale';
  }
  const permanent = err instanceof ProbeError;
  const message = permanent ? `The file cannot be transcoded: ${err.message}` : `Transcoding failed: ${(stalled ?? (err as Error)).message ?? String(err)}`;
  job.log(message);
  try {
    await job.storage.report('failed', { attempt: job.attempt, error: message.slice(0, 4000), retryable: !permanent });
  } catch (reportErr) {
    // The lease will lapse and the sweep will hand the job out again.
    job.log(`could not report the failure: ${(reportErr as Error).message}`);
  }
  return 'failed';
}
