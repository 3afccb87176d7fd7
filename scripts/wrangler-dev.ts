import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startCronTicker } from './cron';
import { readWorkerOptions } from './worker-bundle';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export type WranglerDev = { url: string; stop: () => Promise<void> };

/**
 * Runs `wrangler dev` in its own process group: killing the npx/node parent
 * alone leaves workerd running (design.md), so `stop` signals the whole group.
 */
export async function startWranglerDev(options: {
  port: number;
  inspectorPort: number;
  persistTo: string;
  vars: Record<string, string>;
  /** Secrets go to wrangler in this file (mode 0600), never on its command line where `ps` shows them. */
  secretsFile: string;
  secrets: Record<string, string>;
  logFile?: string;
  logLevel?: 'error' | 'warn' | 'info' | 'log' | 'debug';
  readyTimeoutMs?: number;
  crons?: boolean;
}): Promise<WranglerDev> {
  const args = [
    'wrangler',
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--inspector-port',
    String(options.inspectorPort),
    '--persist-to',
    options.persistTo,
    '--log-level',
    options.logLevel ?? 'warn',
    '--test-scheduled',
    '--show-interactive-dev-session=false',
  ];
  for (const [k, v] of Object.entries(options.vars)) args.push('--var', `${k}:${v}`);
  const lines = Object.entries(options.secrets).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  await writeFile(options.secretsFile, `${lines.join('\n')}\n`, { mode: 0o600 });
  args.push('--env-file', options.secretsFile);
  const bin = fileURLToPath(new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [bin, ...args.slice(1)], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // No telemetry and no lookup of the Request.cf object: this machine may have no outside network.
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' },
  });
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  child.stdout?.on('data', (d) => (log ? log.write(d) : process.stdout.write(d)));
  child.stderr?.on('data', (d) => (log ? log.write(d) : process.stderr.write(d)));

  let exited = false;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${options.port}`;

  let ticker: NodeJS.Timeout | undefined;
  if (options.crons)
    void readWorkerOptions().then(({ crons }) => {
      if (!exited) ticker = startCronTicker(url, crons);
    });
  const stop = async () => {
    clearInterval(ticker);
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const killed = await Promise.race([exitPromise.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
    if (!killed) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      await exitPromise;
    }
    // workerd may outlive wrangler for a moment: make sure the group is gone.
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    log?.end();
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (exited) throw new Error(`wrangler dev exited before it was ready${options.logFile ? ` (see ${options.logFile})` : ''}`);
    try {
      const res = await fetch(`${url}/api/v1/ping`, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      return { url, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  await stop();
  throw new Error('wrangler dev did not become ready in time');
}
