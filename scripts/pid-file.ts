import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandLine, isSameProcessAlive, processInfo, processTree, type ProcessInfo } from './process-tree';

/** What a run of `npm start` leaves in its DATA_DIR: its own pid and its descendants'. */
type PidRecord = { runner: ProcessInfo; processes: ProcessInfo[] };

export const PID_FILE = 'edgetube.pid';

/**
 * Makes this process the only `npm start` of `dataDir` (issue 13). If a run of the same data
 * directory is still alive, it refuses with a message naming it. If that run was killed
 * (`kill -9` of the runner alone leaves workerd and the companion holding the port and the
 * files), it stops what is left of it, by pid and start time so that no unrelated process
 * that reuses a pid is touched, and says what it stopped.
 */
export async function claimDataDir(dataDir: string, log: (line: string) => void = console.error): Promise<void> {
  const file = join(dataDir, PID_FILE);
  let previous: PidRecord | undefined;
  try {
    previous = JSON.parse(readFileSync(file, 'utf8')) as PidRecord;
  } catch {
    /* none, or unreadable: nothing to stop */
  }
  if (previous && previous.runner.pid !== process.pid) {
    if (isSameProcessAlive(previous.runner)) {
      throw new Error(
        `edgetube is already running on ${dataDir} (pid ${previous.runner.pid}: ${commandLine(previous.runner.pid)}); stop it first, or use another DATA_DIR`,
      );
    }
    const leftovers = previous.processes.filter((p) => p.pid !== previous!.runner.pid && isSameProcessAlive(p));
    for (const p of leftovers) log(`stopping pid ${p.pid} left by an earlier run of ${dataDir}: ${commandLine(p.pid)}`);
    await stopProcesses(leftovers);
  }
  recordProcessTree(dataDir);
}

/** Writes this process and its descendants to the PID file; call again when children change. */
export function recordProcessTree(dataDir: string): void {
  const runner = processInfo(process.pid);
  if (!runner) return;
  const record: PidRecord = { runner, processes: processTree(process.pid) };
  writeFileSync(join(dataDir, PID_FILE), JSON.stringify(record), { mode: 0o644 });
}

/** Removes the PID file at a clean stop. */
export function releaseDataDir(dataDir: string): void {
  rmSync(join(dataDir, PID_FILE), { force: true });
}

/** SIGTERM, then SIGKILL after 5 s for what is still there (bounded). */
async function stopProcesses(processes: ProcessInfo[]): Promise<void> {
  for (const p of processes) {
    try {
      process.kill(p.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline && processes.some(isSameProcessAlive)) await new Promise((r) => setTimeout(r, 100));
  for (const p of processes.filter(isSameProcessAlive)) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  const killDeadline = Date.now() + 5_000;
  while (Date.now() < killDeadline && processes.some(isSameProcessAlive)) await new Promise((r) => setTimeout(r, 100));
}
