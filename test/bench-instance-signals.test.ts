/**
 * Ctrl-C on a bench (bench/lib/bench-instance.ts, as `npm run bench:api` starts it): the bench
 * stops what it started (workerd, the companion, the libSQL server in its own process) and removes
 * its data directory before it exits with 130. Miniflare's exit hook used to exit first, leaving
 * the companion running and the directory behind.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commandLine, isSameProcessAlive, processTree, type ProcessInfo } from '../scripts/process-tree';
import { waitFor } from './helpers/internal';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A bench that starts its instance, says where, and waits to be interrupted. */
const BENCH = `
import { startBenchInstance } from './bench/lib/bench-instance.ts';
const bench = await startBenchInstance('signals', { rootPassword: 'signals-root-password' });
console.log(JSON.stringify({ dataDir: bench.dataDir, url: bench.instance.url }));
setInterval(() => {}, 60_000);
`;

let child: ChildProcess | undefined;
let started: ProcessInfo[] = [];

afterAll(() => {
  // Only if the test failed: what is left of the bench, by pid and start time.
  if (child && child.exitCode === null) child.kill('SIGKILL');
  for (const p of started.filter(isSameProcessAlive)) process.kill(p.pid, 'SIGKILL');
});

describe('an interrupted bench', () => {
  it('stops its companion and workerd and removes its data directory on SIGINT, then exits with 130', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', BENCH], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    const ready = await waitFor(
      'the bench instance to start',
      () => {
        if (child!.exitCode !== null) throw new Error(`the bench exited:\n${output}`);
        const line = output.split('\n').find((l) => l.startsWith('{"dataDir"'));
        return line ? (JSON.parse(line) as { dataDir: string; url: string }) : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    expect((await fetch(`${ready.url}/api/v1/config`)).status).toBe(200);
    started = processTree(child.pid!).filter((p) => p.pid !== child!.pid);
    const commands = started.map((p) => commandLine(p.pid)).join('\n');
    expect(commands).toContain('workerd');
    expect(commands).toContain('transcoder/index.ts');
    expect(existsSync(ready.dataDir)).toBe(true);

    child.kill('SIGINT');
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 25_000))]);
    expect(code, output).toBe(130);
    expect(started.filter(isSameProcessAlive).map((p) => commandLine(p.pid))).toEqual([]);
    expect(existsSync(ready.dataDir)).toBe(false);
  });
});
