import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadSecrets, startInstance, type InstanceOptions } from '../../scripts/instance';
import { freePort } from '../../scripts/ports';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));

/**
 * Runs the companion as a child process (`tsx transcoder/index.ts`) and restarts it
 * when it dies, as a service manager would: the integration suite kills it with
 * SIGKILL mid-transcode and expects the instance to recover. `/health` reports the
 * current pid.
 */
export async function superviseCompanion(options: { port: number; workerUrl: string; secret: string; tmpDir: string; logFile: string; restartDelayMs?: number }) {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const url = `http://127.0.0.1:${options.port}`;
  let child: ChildProcess | undefined;
  let stopping = false;

  const launch = () => {
    child = spawn(process.execPath, [TSX, 'transcoder/index.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: String(options.port), WORKER_URL: options.workerUrl, COMPANION_SECRET: options.secret, TMP_DIR: options.tmpDir, SEEDER_ENABLED: 'false' }, // test/seeder.test.ts runs its own seeder
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once('exit', (code, signal) => {
      log.write(`[supervisor] companion exited (${code ?? signal})\n`);
      if (!stopping) setTimeout(() => { if (!stopping) launch(); }, options.restartDelayMs ?? 500);
    });
  };

  const ready = async () => {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return;
      } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the companion did not become healthy (see ${options.logFile})`);
  };

  launch();
  await ready();
  return {
    url,
    stop: async () => {
      stopping = true;
      const current = child;
      if (current && current.exitCode === null && current.signalCode === null) {
        const exited = new Promise((r) => current.once('exit', r));
        current.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (current.exitCode === null && current.signalCode === null) current.kill('SIGKILL');
      }
      log.end();
    },
  };
}

/**
 * An instance with its companion, as the integration suite and the benchmarks run it: the Worker's
 * port is chosen first, since the companion needs the Worker's URL and the Worker the companion's.
 */
export async function startInstanceWithCompanion(options: Omit<InstanceOptions, 'port' | 'companionUrl' | 'logFile'>) {
  const port = await freePort();
  const companion = await superviseCompanion({
    port: await freePort(),
    workerUrl: `http://127.0.0.1:${port}`,
    secret: (await loadSecrets(options.dataDir)).COMPANION_SECRET,
    tmpDir: join(options.dataDir, 'companion-tmp'),
    logFile: join(options.dataDir, 'companion.log'),
  });
  try {
    const instance = await startInstance({ ...options, port, companionUrl: companion.url, logFile: join(options.dataDir, 'wrangler.log') });
    return { instance, companion, stop: async () => { await instance.stop(); await companion.stop(); } };
  } catch (err) {
    await companion.stop();
    throw err;
  }
}
