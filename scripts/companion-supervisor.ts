import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Restart delays grow from `initialDelayMs` by doubling up to this. */
const MAX_DELAY_MS = 30_000;
/** A companion that ran this long was healthy: the next crash starts the backoff again. */
const HEALTHY_RUN_MS = 10_000;
/** Consecutive crashes, each before HEALTHY_RUN_MS, after which the supervisor stops trying. */
const MAX_QUICK_CRASHES = 10;

export type CompanionSupervisor = {
  url: string;
  /** The running companion's pid, if one runs. */
  pid: () => number | undefined;
  /** Resolves when the companion answers /health (bounded). */
  ready: (timeoutMs?: number) => Promise<void>;
  stop: () => Promise<void>;
};

/**
 * Runs the companion (`transcoder/index.ts`) as a child process and restarts it when it dies,
 * with backoff, saying why: an OOM kill or a crash of the companion must not stop the Worker or
 * the database (issue 13). Jobs it held come back through their leases (ADR 0005).
 * Its output goes to `logFile`, or to this process's.
 */
export function superviseCompanion(options: {
  port: number;
  workerUrl: string;
  publicUrl?: string;
  secret: string;
  tmpDir: string;
  dataDir?: string;
  logFile?: string;
  initialDelayMs?: number;
  /** More environment for the companion (e.g. SEEDER_ENABLED). */
  env?: Record<string, string>;
  /** Called after each (re)start with the new pid: `npm start` records it in its PID file. */
  onStart?: (pid: number) => void;
}): CompanionSupervisor {
  const url = `http://127.0.0.1:${options.port}`;
  const log: WriteStream | undefined = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  const say = (line: string) => (log ? log.write(`[supervisor] ${line}\n`) : console.error(`[supervisor] ${line}`));
  const initialDelay = options.initialDelayMs ?? 500;
  let child: ChildProcess | undefined;
  let stopping = false;
  let quickCrashes = 0;
  let restartTimer: NodeJS.Timeout | undefined;

  const launch = () => {
    const startedAt = Date.now();
    // `node --import tsx` rather than the tsx CLI: one process, not two (~45 MB less).
    const current = spawn(process.execPath, ['--import', 'tsx', 'transcoder/index.ts'], {
      cwd: ROOT,
      stdio: ['ignore', log ? 'pipe' : 'inherit', log ? 'pipe' : 'inherit'],
      env: {
        ...process.env,
        PORT: String(options.port),
        WORKER_URL: options.workerUrl,
        COMPANION_SECRET: options.secret,
        TMP_DIR: options.tmpDir,
        ...(options.publicUrl ? { PUBLIC_URL: options.publicUrl } : {}),
        ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
        ...options.env,
      },
    });
    child = current;
    if (log) {
      current.stdout?.pipe(log, { end: false });
      current.stderr?.pipe(log, { end: false });
    }
    if (current.pid !== undefined) options.onStart?.(current.pid);
    current.once('exit', (code, signal) => {
      if (stopping) return;
      const ranMs = Date.now() - startedAt;
      quickCrashes = ranMs >= HEALTHY_RUN_MS ? 1 : quickCrashes + 1;
      const why = signal ? `killed by ${signal}${signal === 'SIGKILL' ? ' (out of memory, or killed)' : ''}` : `exited with code ${code}`;
      if (quickCrashes > MAX_QUICK_CRASHES) {
        say(
          `companion ${why} after ${(ranMs / 1000).toFixed(1)} s; ${MAX_QUICK_CRASHES} quick crashes in a row: not restarting it (the Worker keeps serving; transcodes wait)`,
        );
        return;
      }
      const delay = Math.min(initialDelay * 2 ** (quickCrashes - 1), MAX_DELAY_MS);
      say(`companion ${why} after ${(ranMs / 1000).toFixed(1)} s; restarting in ${(delay / 1000).toFixed(1)} s`);
      restartTimer = setTimeout(() => {
        if (!stopping) launch();
      }, delay);
    });
  };

  launch();
  return {
    url,
    pid: () => (child && child.exitCode === null && child.signalCode === null ? child.pid : undefined),
    ready: async (timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        try {
          const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
          await res.body?.cancel();
          if (res.ok) return;
        } catch {
          /* not up yet */
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`the companion did not become healthy${options.logFile ? ` (see ${options.logFile})` : ''}`);
    },
    stop: async () => {
      stopping = true;
      clearTimeout(restartTimer);
      const current = child;
      if (current && current.exitCode === null && current.signalCode === null) {
        const exited = new Promise((r) => current.once('exit', r));
        current.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (current.exitCode === null && current.signalCode === null) current.kill('SIGKILL');
      }
      log?.end();
    },
  };
}
