// Starts the local libSQL server in a child process, so the load generator and the
// server do not share a thread (and a CPU profile shows the server alone).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEFAULT_CLI = fileURLToPath(new URL('../../scripts/libsql-server/cli.ts', import.meta.url));

export interface ServerProcess {
  url: string;
  /** CPU seconds (user + system) the server has used so far */
  cpuSeconds: () => number;
  stop: () => Promise<void>;
}

/**
 * Runs the server's command line `cli` (cli.ts, or another version's entry point that takes
 * the same flags) on `dbPath` at a free port; `cpuProfDir` adds `node --cpu-prof` (written on a clean exit).
 */
export async function startServerProcess(cli: string, dbPath: string, cpuProfDir?: string): Promise<ServerProcess> {
  const nodeArgs = ['--import', 'tsx', ...(cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : [])];
  const child = spawn(process.execPath, [...nodeArgs, cli, '--db', dbPath, '--port', '0', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`libsql server did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`libsql server exited with ${code}: ${out}`));
    });
  });
  return { url, cpuSeconds: () => cpuSecondsOf(child.pid!), stop: () => stopChild(child) };
}

/** utime + stime of a Linux process, from /proc (clock ticks of 1/100 s). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
