/**
 * The progress of one transcode attempt, which doubles as the lease heartbeat: reported at
 * least every `heartbeatSeconds`, at most once a second, one report at a time. It also
 * watches for a stall: when nothing moves for `stallTimeoutMs`, the job signal aborts
 * with a StalledError, so a hung ffmpeg does not hold the lease forever. A report answered
 * "stale attempt" aborts the job signal too.
 */
import type { TranscodeStorage } from './transcode-storage';
import { StaleAttemptError } from './worker-client';

export class StalledError extends Error {
  override readonly name = 'StalledError';
}

export type ProgressTracker = ReturnType<typeof trackProgress>;

export function trackProgress(options: {
  storage: TranscodeStorage;
  attempt: number;
  heartbeatSeconds: number;
  signal: AbortSignal;
  stallTimeoutMs: number;
  log: (message: string) => void;
}) {
  const { storage, attempt, stallTimeoutMs, log } = options;
  const abortOnStale = new AbortController();
  const abortOnStall = new AbortController();
  /** Aborts when the caller aborts, the lease is lost, or the job stalled. */
  const jobSignal = AbortSignal.any([options.signal, abortOnStale.signal, abortOnStall.signal]);
  let progress = 0;
  let lastSent = 0;
  let inFlight = false;
  let reporting: Promise<void> = Promise.resolve();
  let movedAt = Date.now();

  const send = (force = false) => {
    const now = Date.now();
    // One report at a time: a slow Worker must not make them pile up.
    if (inFlight || (!force && now - lastSent < 1000)) return;
    inFlight = true;
    lastSent = now;
    const value = Math.round(progress * 10) / 10;
    reporting = storage
      .report('progress', { attempt, progress: value }, jobSignal)
      .then(
        () => undefined,
        (err) => {
          if (err instanceof StaleAttemptError) abortOnStale.abort(err);
          else if (!jobSignal.aborted) log(`progress report failed: ${(err as Error).message}`);
        },
      )
      .finally(() => {
        inFlight = false;
      });
  };
  const heartbeat = setInterval(() => {
    if (Date.now() - movedAt > stallTimeoutMs) abortOnStall.abort(new StalledError(`no progress for ${Math.round(stallTimeoutMs / 1000)} s`));
    else send(true);
  }, options.heartbeatSeconds * 1000);

  return {
    jobSignal,
    /** Something happened (a part downloaded, a segment closed): the job is not stalled. */
    moved: () => {
      movedAt = Date.now();
    },
    /** Sets the progress (0–100) and reports it, at most once a second unless `force`. */
    set(value: number, force = false) {
      progress = value;
      send(force);
    },
    /** Stops the heartbeat. */
    stop: () => clearInterval(heartbeat),
    /** Waits for the report in flight, if any. */
    settled: () => reporting.catch(() => undefined),
    /** Why the lease was lost, when it was. */
    staleReason: (): Error | null => (abortOnStale.signal.aborted ? (abortOnStale.signal.reason as Error) : null),
    /** Why the job stalled, when it did. */
    stallReason: (): Error | null => (abortOnStall.signal.aborted ? (abortOnStall.signal.reason as Error) : null),
  };
}
