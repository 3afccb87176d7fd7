/**
 * A small typed wrapper over `child_process.spawn` for ffmpeg and ffprobe.
 * See docs/adr/0003-ffmpeg-spawn-wrapper.md for why this is not fluent-ffmpeg.
 *
 * @example
 * const bins = mediaBinaries({ FFMPEG_PATH: config.FFMPEG_PATH })
 * await runFfmpeg(bins, ['-i', src, '-c', 'copy', dst], {
 *   signal, onProgress: ({ outTimeSeconds }) => log(outTimeSeconds),
 * })
 */
import { spawn } from 'node:child_process';
import { basename, resolve } from 'node:path';

export interface MediaBinaries {
  ffmpeg: string;
  ffprobe: string;
}

/** Binary paths from parsed configuration (never read from `process.env` here). */
export function mediaBinaries(config: { FFMPEG_PATH?: string; FFPROBE_PATH?: string } = {}): MediaBinaries {
  return {
    ffmpeg: config.FFMPEG_PATH || 'ffmpeg',
    ffprobe: config.FFPROBE_PATH || 'ffprobe',
  };
}

export interface FfmpegProgress {
  outTimeSeconds: number;
  /** true on the last report (`progress=end`) */
  done: boolean;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** ffmpeg only: enables `-progress pipe:1` and calls back for each report */
  onProgress?: (progress: FfmpegProgress) => void;
  /** called once the process is running, e.g. to log its pid */
  onSpawn?: (pid: number) => void;
  /** how many stderr lines to keep for error messages (default 30) */
  stderrTailLines?: number;
  cwd?: string;
}

export interface RunResult {
  /** stdout as text, except when it carried `-progress` reports */
  stdout: string;
  stderrTail: string[];
  pid: number;
  /** `Date.now()` when the process exited */
  exitedAt: number;
  wallMs: number;
}

/** A media binary exited with a non-zero code or could not start. */
export class MediaProcessError extends Error {
  override readonly name = 'MediaProcessError';
  constructor(
    message: string,
    readonly binary: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderrTail: readonly string[],
  ) {
    super(message);
  }
}

const MAX_LINE_CHARS = 2000;

/** Keeps the last `max` complete lines of a stream that arrives in chunks. */
export function createLineTail(max: number) {
  const lines: string[] = [];
  let partial = '';
  const push = (line: string) => {
    const trimmed = line.replace(/\r$/, '');
    if (trimmed === '') return;
    lines.push(trimmed.length > MAX_LINE_CHARS ? trimmed.slice(0, MAX_LINE_CHARS) + '…' : trimmed);
    if (lines.length > max) lines.shift();
  };
  return {
    write(chunk: string) {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      if (partial.length > MAX_LINE_CHARS * 4) partial = partial.slice(-MAX_LINE_CHARS * 4);
      for (const part of parts) push(part);
    },
    lines(): string[] {
      return partial ? [...lines, partial].slice(-max) : [...lines];
    },
  };
}

/**
 * Parses ffmpeg's `-progress` output (blocks of `key=value` lines ending with
 * `progress=continue|end`) and reports `out_time_us` once per block.
 */
export function createProgressParser(onProgress: (progress: FfmpegProgress) => void) {
  let partial = '';
  let outTimeUs: number | null = null;
  return (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const eq = line.indexOf('=');
      if (eq < 0) continue;
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      // out_time_ms is also in microseconds (a long-standing ffmpeg quirk); prefer out_time_us.
      if (key === 'out_time_us' || (key === 'out_time_ms' && outTimeUs === null)) {
        const n = Number(value);
        if (Number.isFinite(n) && n >= 0) outTimeUs = n;
      } else if (key === 'progress') {
        if (outTimeUs !== null) onProgress({ outTimeSeconds: outTimeUs / 1e6, done: value === 'end' });
        outTimeUs = null;
      }
    }
  };
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * Runs `binary args…` and resolves when it exits with code 0. Rejects with a
 * `MediaProcessError` carrying the last stderr lines otherwise, or with the
 * signal's reason when aborted (after the process is gone).
 */
export function runMediaProcess(binary: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const { signal, onProgress, onSpawn, stderrTailLines = 30, cwd } = options;
  if (signal?.aborted) return Promise.reject(abortReason(signal));

  return new Promise<RunResult>((resolve, reject) => {
    const startedAt = Date.now();
    // Own process group, so an abort can kill ffmpeg together with anything it spawned.
    const child = spawn(binary, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr = createLineTail(stderrTailLines);
    const parseProgress = onProgress ? createProgressParser(onProgress) : null;
    const stdoutChunks: string[] = [];
    let aborted = false;
    let settled = false;

    const kill = () => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const onAbort = () => {
      aborted = true;
      kill();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (parseProgress) {
        try {
          parseProgress(chunk);
        } catch (err) {
          // A throwing progress callback must not leave ffmpeg running unobserved.
          if (!settled) fail(err);
        }
      } else stdoutChunks.push(chunk);
    });
    child.stderr.on('data', (chunk: string) => stderr.write(chunk));

    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      kill();
      reject(err);
    };

    child.once('spawn', () => {
      if (child.pid !== undefined) onSpawn?.(child.pid);
    });
    child.once('error', (err) => {
      fail(new MediaProcessError(`cannot run ${binary}: ${err.message}`, binary, args, null, stderr.lines()));
    });
    child.once('close', (code, sig) => {
      signal?.removeEventListener('abort', onAbort);
      if (settled) return;
      settled = true;
      const tail = stderr.lines();
      if (aborted && signal) return reject(abortReason(signal));
      if (code === 0) {
        return resolve({
          stdout: stdoutChunks.join(''),
          stderrTail: tail,
          pid: child.pid ?? -1,
          exitedAt: Date.now(),
          wallMs: Date.now() - startedAt,
        });
      }
      const how = code !== null ? `exited with code ${code}` : `was killed by ${sig}`;
      const detail = tail.length ? `:\n${tail.slice(-10).join('\n')}` : ' (no stderr output)';
      reject(new MediaProcessError(`${basename(binary)} ${how}${detail}`, binary, args, code, tail));
    });
  });
}

/** Runs ffmpeg with quiet, non-interactive defaults (and `-progress pipe:1` when asked for progress). */
export function runFfmpeg(bins: MediaBinaries, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const base = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', '-y'];
  const progress = options.onProgress ? ['-progress', 'pipe:1'] : [];
  return runMediaProcess(bins.ffmpeg, [...base, ...progress, ...args], options);
}

/** Runs ffprobe and returns its stdout. */
export async function runFfprobe(bins: MediaBinaries, args: readonly string[], options: Omit<RunOptions, 'onProgress'> = {}): Promise<string> {
  const { stdout } = await runMediaProcess(bins.ffprobe, ['-v', 'error', ...args], options);
  return stdout;
}

/**
 * An input argument that still works when ffmpeg runs in another directory:
 * local paths become absolute, URLs (http:, https:, pipe:…) pass through.
 */
export function resolveInput(input: string): string {
  return /^[a-z][a-z0-9+.-]+:/i.test(input) ? input : resolve(input);
}

/** True if `err` is the rejection of an aborted run. */
export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}
