import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

export type WorkerBundle = {
  dir: string;
  main: string;
  /** wrangler's output of the dry run (bundle size, bindings). */
  output: string;
  name: string;
  crons: string[];
  /** Miniflare options as wrangler derives them from wrangler.toml (scripts/worker-options.mjs). */
  workerOptions: Record<string, unknown> & { bindings?: Record<string, unknown> };
};

/**
 * Bundles the Worker exactly as `wrangler deploy` would upload it (`--dry-run --outdir`): the same
 * esbuild settings, module rules and nodejs_compat polyfills, so the local runner executes the
 * bytes production runs. Also what `npm run check:deploy` inspects.
 */
export async function bundleWorker(outDir: string): Promise<WorkerBundle> {
  await rm(outDir, { recursive: true, force: true });
  const [output, options] = await Promise.all([
    runNode([WRANGLER, 'deploy', '--dry-run', '--outdir', outDir], 'wrangler deploy --dry-run'),
    readWorkerOptions(),
  ]);
  return { dir: outDir, main: join(outDir, 'index.js'), output: output.stdout + output.stderr, ...options };
}

/** The Worker's name, crons and Miniflare options, as wrangler reads them from wrangler.toml. */
export async function readWorkerOptions(): Promise<Pick<WorkerBundle, 'name' | 'crons' | 'workerOptions'>> {
  const { stdout } = await runNode([join(ROOT, 'scripts', 'worker-options.mjs'), join(ROOT, 'wrangler.toml')], 'worker-options');
  return JSON.parse(stdout) as Pick<WorkerBundle, 'name' | 'crons' | 'workerOptions'>;
}

/** Runs a Node script to completion in a child process (wrangler stays out of the runner's heap). */
async function runNode(args: string[], what: string): Promise<{ stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // No telemetry and no update check: this machine may have no outside network.
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${what} failed (${code}):\n${stdout}${stderr}`);
  return { stdout, stderr };
}
