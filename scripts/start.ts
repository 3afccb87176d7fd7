/**
 * `npm start`: the whole instance on one machine, in one process tree —
 * local libSQL server, migrations, the Worker in workerd (local R2, Queues, Cache; ADR 0018),
 * the companion (transcoder + seeder), supervised, and the root account.
 *
 *   PORT=8787 DATA_DIR=.data PUBLIC_URL=http://127.0.0.1:8787 ROOT_PASSWORD=... ALLOW_LOOPBACK_FEDERATION=true npm start
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSecrets, startInstance, type Instance } from './instance';
import { freePort } from './ports';
import { superviseCompanion, type CompanionSupervisor } from './companion-supervisor';
import { claimDataDir, recordProcessTree, releaseDataDir } from './pid-file';
import { workerVarsFromEnv } from './worker-vars';
import { stopOnSignals } from './stop-signals';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
const port = Number(process.env.PORT ?? 8787);
const dataDir = resolve(process.env.DATA_DIR ?? join(ROOT, '.data'));
const publicUrl = process.env.PUBLIC_URL ?? `http://127.0.0.1:${port}`;

let instance: Instance | undefined;
let companion: CompanionSupervisor | undefined;
let claimed = false;

let stopping: Promise<void> | undefined;
/** Stops the companion and the instance and frees the data directory; once. */
const stop = () =>
  (stopping ??= (async () => {
    console.log('\nstopping edgetube…');
    await companion?.stop();
    await instance?.stop();
    if (claimed) releaseDataDir(dataDir);
  })());
stopOnSignals(stop);

/**
 * The companion runs as a supervised child: when it dies it is restarted with backoff while the
 * Worker and the database keep serving (issue 13). Each start is written to the PID file.
 */
async function startCompanion(secret: string): Promise<CompanionSupervisor> {
  const companionPort = Number(process.env.COMPANION_PORT ?? (await freePort()));
  const tmpDir = join(dataDir, 'companion-tmp');
  await mkdir(tmpDir, { recursive: true });
  return superviseCompanion({
    port: companionPort,
    workerUrl: `http://127.0.0.1:${port}`,
    publicUrl,
    secret,
    tmpDir,
    dataDir,
    onStart: () => {
      if (claimed) recordProcessTree(dataDir);
    },
  });
}

async function main() {
  await mkdir(dataDir, { recursive: true });
  await claimDataDir(dataDir);
  claimed = true;
  const secrets = await loadSecrets(dataDir);
  companion = await startCompanion(secrets.COMPANION_SECRET);
  const companionUrl = companion.url;
  instance = await startInstance({
    dataDir,
    port,
    publicUrl,
    rootPassword: process.env.ROOT_PASSWORD,
    companionUrl,
    vars: workerVarsFromEnv(process.env),
    logLevel: (process.env.LOG_LEVEL as 'warn' | undefined) ?? 'warn',
    // `npm run dev` sets it: wrangler dev, which reloads on edit (ADR 0018).
    runtime: process.env.EDGETUBE_RUNTIME === 'wrangler-dev' ? 'wrangler-dev' : 'miniflare',
    crons: true,
  });
  // workerd and the companion now run: a later start must be able to find them if this one is killed.
  recordProcessTree(dataDir);
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
  await stop();
  process.exit(1);
});
