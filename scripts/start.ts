/**
 * `npm start`: the whole instance on one machine, in one process tree —
 * local libSQL server, migrations, `wrangler dev` (local R2, Queues, Cache),
 * the companion (transcoder + seeder), and the root account.
 *
 *   PORT=8787 DATA_DIR=.data PUBLIC_URL=http://127.0.0.1:8787 ROOT_PASSWORD=... ALLOW_LOOPBACK_FEDERATION=true npm start
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSecrets, startInstance, type Instance } from './instance';
import { buildWeb } from './build-web';
import { freePort } from './ports';
import { workerVarsFromEnv } from './worker-vars';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
const port = Number(process.env.PORT ?? 8787);
const dataDir = resolve(process.env.DATA_DIR ?? join(ROOT, '.data'));
const publicUrl = process.env.PUBLIC_URL ?? `http://127.0.0.1:${port}`;

let instance: Instance | undefined;
let companion: ChildProcess | undefined;
let stopping = false;
let cronTicker: NodeJS.Timeout | undefined;

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping edgetube…');
  clearInterval(cronTicker);
  if (companion && companion.exitCode === null) {
    companion.kill('SIGTERM');
    await new Promise((r) => { companion!.once('exit', r); setTimeout(r, 5000); });
  }
  await instance?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

/** The companion runs as a child so a crash of one never takes the other down. */
async function startCompanion(secret: string): Promise<string> {
  const companionPort = Number(process.env.COMPANION_PORT ?? (await freePort()));
  const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const tmpDir = join(dataDir, 'companion-tmp');
  await mkdir(tmpDir, { recursive: true });
  companion = spawn(process.execPath, [tsx, join(ROOT, 'transcoder', 'index.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PORT: String(companionPort), WORKER_URL: `http://127.0.0.1:${port}`, PUBLIC_URL: publicUrl, COMPANION_SECRET: secret, TMP_DIR: tmpDir, DATA_DIR: dataDir },
  });
  companion.once('exit', (code, signal) => {
    if (!stopping) { console.error(`companion exited (${code ?? signal}); stopping`); void stop(1); }
  });
  return `http://127.0.0.1:${companionPort}`;
}

async function main() {
  await mkdir(dataDir, { recursive: true });
  // The player's P2P bundle (web/src/p2p) is served from web/public.
  await buildWeb();
  const secrets = await loadSecrets(dataDir);
  const companionUrl = await startCompanion(secrets.COMPANION_SECRET);
  instance = await startInstance({
    dataDir,
    port,
    publicUrl,
    rootPassword: process.env.ROOT_PASSWORD,
    companionUrl,
    vars: workerVarsFromEnv(process.env),
    logLevel: (process.env.LOG_LEVEL as 'warn' | undefined) ?? 'warn',
  });
  // wrangler dev never fires cron triggers; the sweep (expired leases, lost queue messages,
  // expired uploads) must still run locally, so trigger it as Cloudflare would: every minute.
  const scheduledUrl = `${instance.url}/__scheduled?cron=${encodeURIComponent('* * * * *')}`;
  cronTicker = setInterval(() => {
    fetch(scheduledUrl, { signal: AbortSignal.timeout(30_000) }).then((r) => r.body?.cancel()).catch(() => {});
  }, 60_000);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\nedgetube is up in ${seconds}s at ${instance.url}`);
  console.log(`  data directory: ${dataDir}`);
  console.log(`  companion:      ${companionUrl}`);
  if (instance.root.created) {
    console.log(`  admin:          root / ${instance.root.password}${process.env.ROOT_PASSWORD ? '' : '   (generated: shown this once)'}`);
  } else {
    console.log('  admin:          root (password unchanged)');
  }
  console.log('Press Ctrl-C to stop.');
}

main().catch(async (err) => {
  console.error(err);
  await stop(1);
});
