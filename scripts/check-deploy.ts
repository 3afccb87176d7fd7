/**
 * `npm run check:deploy`: would `wrangler deploy` accept this project, and is it what production
 * needs? Bundles with `wrangler deploy --dry-run --outdir` (no account needed), then checks the
 * upload's gzip size and the bindings `wrangler.toml` declares. Exits 1, saying why, if not.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleWorker, type WorkerBundle } from './worker-bundle';

/** Our own budget, well under Cloudflare's (3 MB free, 10 MB paid, gzip): a Worker this size starts fast. */
export const MAX_GZIP_BYTES = 1024 * 1024;

type Check = { ok: boolean; what: string };

/** What the Worker's code expects of its environment (worker/env.ts). */
export function checkBindings(options: WorkerBundle['workerOptions'], crons: string[]): Check[] {
  const o = options as {
    r2Buckets?: Record<string, unknown>;
    queueProducers?: Record<string, { queueName?: string }>;
    queueConsumers?: Record<string, { deadLetterQueue?: string; maxRetries?: number }>;
    assets?: { binding?: string };
    compatibilityFlags?: string[];
  };
  const jobsQueue = o.queueProducers?.JOBS?.queueName;
  const consumer = jobsQueue ? o.queueConsumers?.[jobsQueue] : undefined;
  return [
    { ok: Boolean(o.r2Buckets?.MEDIA), what: 'R2 bucket bound as MEDIA' },
    { ok: Boolean(jobsQueue), what: 'queue producer bound as JOBS' },
    { ok: Boolean(consumer), what: `this Worker consumes the JOBS queue (${jobsQueue ?? '?'})` },
    { ok: Boolean(consumer?.deadLetterQueue), what: `the consumer has a dead-letter queue (${consumer?.deadLetterQueue ?? 'none'})` },
    { ok: o.assets?.binding === 'ASSETS', what: 'static assets bound as ASSETS' },
    { ok: crons.length > 0, what: `a cron trigger for the sweep (${crons.join(', ') || 'none'})` },
    { ok: Boolean(o.compatibilityFlags?.includes('nodejs_compat')), what: 'nodejs_compat is on' },
  ];
}

/** The gzip size of every module wrangler would upload (source maps and notes excluded). */
export async function uploadGzipBytes(dir: string): Promise<{ file: string; bytes: number; gzip: number }[]> {
  const files = (await readdir(dir)).filter((f) => !f.endsWith('.map') && f !== 'README.md' && f !== 'runner-entry.mjs');
  return Promise.all(
    files.map(async (file) => {
      const data = await readFile(join(dir, file));
      return { file, bytes: data.length, gzip: gzipSync(data, { level: 9 }).length };
    }),
  );
}

/** The gzip bytes of what `wrangler deploy` would upload, bundled into a temporary folder. */
export async function workerGzipBytes(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'edgetube-worker-size-'));
  try {
    const bundle = await bundleWorker(join(dir, 'out'));
    return (await uploadGzipBytes(bundle.dir)).reduce((sum, s) => sum + s.gzip, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'edgetube-check-deploy-'));
  try {
    const bundle = await bundleWorker(join(dir, 'out'));
    const sizes = await uploadGzipBytes(bundle.dir);
    const gzip = sizes.reduce((sum, s) => sum + s.gzip, 0);
    const checks: Check[] = [
      { ok: gzip < MAX_GZIP_BYTES, what: `bundle ${(gzip / 1024).toFixed(1)} KiB gzip (< ${MAX_GZIP_BYTES / 1024} KiB)` },
      ...checkBindings(bundle.workerOptions, bundle.crons),
    ];
    for (const s of sizes) console.log(`  ${s.file}: ${(s.bytes / 1024).toFixed(1)} KiB, ${(s.gzip / 1024).toFixed(1)} KiB gzip`);
    for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.what}`);
    const failed = checks.filter((c) => !c.ok);
    console.log(failed.length ? `check:deploy: ${failed.length} check(s) failed` : 'check:deploy: wrangler deploy would accept this Worker');
    process.exitCode = failed.length ? 1 : 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('check-deploy.ts')) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
