import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { mkdir, readdir, rm, statfs } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { verifyHmacRequest } from '../worker/crypto/hmac';
import { COMPANION_BUSY_RETRY_SECONDS, companionRequestSchema, type CompanionRequest } from '../worker/jobs/companion-protocol';
import { mediaBinaries, runMediaProcess, type MediaBinaries } from './media';
import { createWorkerClient, type WorkerClient } from './worker-client';
import { runTranscode } from './run-transcode';
import { runActorImageResize } from './actor-image-job';
import { workerStorage } from './transcode-storage';
import { startHeartbeat } from './heartbeat';
import type { CompanionConfig, SeederConfig } from './config';
import { startSeeding, type Seeder } from '../seeder/seeder';

/**
 * The companion's HTTP service (design.md, decisions 1 and 5): the Worker POSTs
 * signed jobs to /jobs; each runs in the background, reporting back through the
 * Worker's signed callbacks. At most `concurrency` jobs run at once; more are
 * refused with 503 + Retry-After, which the Worker retries without spending an attempt.
 */

type RunningJob = { attempt: number; type: CompanionRequest['type']; controller: AbortController; done: Promise<unknown> };

/** Image resizes take a second or so: they run beside the transcodes, up to this many at once. */
const MAX_IMAGE_JOBS = 2;

export type CompanionDeps = {
  config: Pick<CompanionConfig, 'secret' | 'tmpDir' | 'concurrency'>;
  client: WorkerClient;
  bins: MediaBinaries;
  seeder?: Pick<Seeder, 'stats'>;
  log: (message: string) => void;
};

async function ffmpegVersion(bins: MediaBinaries): Promise<string | null> {
  try {
    const { stdout } = await runMediaProcess(bins.ffmpeg, ['-hide_banner', '-version']);
    return /ffmpeg version (\S+)/.exec(stdout)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** The package's version, which the companion shares with the Worker it was deployed with. */
const COMPANION_VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** Bytes free for unprivileged writes where the companion downloads sources and writes segments. */
async function diskFreeBytes(dir: string): Promise<number | null> {
  try {
    const fs = await statfs(dir);
    return fs.bavail * fs.bsize;
  } catch {
    return null;
  }
}

export function createCompanionApp(deps: CompanionDeps) {
  const running = new Map<number, RunningJob>();
  const version = ffmpegVersion(deps.bins);
  const app = new Hono();

  /** What /health answers and the heartbeat reports to the Worker. */
  const health = async () => {
    const ffmpeg = await version;
    return {
      ok: ffmpeg !== null,
      version: COMPANION_VERSION,
      ffmpeg,
      activeJobs: running.size,
      concurrency: deps.config.concurrency,
      diskFreeBytes: await diskFreeBytes(deps.config.tmpDir),
      pid: process.pid,
    };
  };

  app.get('/health', async (c) => {
    const body = await health();
    return c.json(body, body.ok ? 200 : 503);
  });

  /** What the seeder seeds, for the admin health API; signed like the jobs. */
  app.get('/seeder/stats', async (c) => {
    const check = await verifyHmacRequest(deps.config.secret, { method: 'GET', url: c.req.url, headers: c.req.raw.headers });
    if (!check.ok) return c.json({ error: `invalid signature: ${check.reason}` }, 401);
    if (!deps.seeder) return c.json({ enabled: false });
    return c.json({ enabled: true, ...(await deps.seeder.stats()) });
  });

  app.post('/jobs', async (c) => {
    const body = await c.req.text();
    const check = await verifyHmacRequest(deps.config.secret, { method: 'POST', url: c.req.url, headers: c.req.raw.headers, body });
    if (!check.ok) return c.json({ error: `invalid signature: ${check.reason}` }, 401);
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return c.json({ error: 'body is not JSON' }, 400);
    }
    const parsed = companionRequestSchema.safeParse(value);
    if (!parsed.success) return c.json({ error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }, 400);
    const req = parsed.data;

    const current = running.get(req.jobId);
    // A duplicate delivery of the same attempt: already on it.
    if (current && current.attempt === req.attempt) return c.json({ accepted: true, running: true }, 202);
    if (current && current.attempt > req.attempt) return c.json({ error: 'a newer attempt is running' }, 409);
    if (current) {
      // The Worker handed the job out again: the older attempt lost its lease.
      current.controller.abort(new Error('superseded by a newer attempt'));
      await current.done;
    }
    const sameType = [...running.values()].filter((j) => j.type === req.type).length;
    if (sameType >= (req.type === 'video-transcode' ? deps.config.concurrency : MAX_IMAGE_JOBS)) {
      c.header('retry-after', String(COMPANION_BUSY_RETRY_SECONDS));
      return c.json({ error: 'busy', activeJobs: running.size }, 503);
    }
    start(req);
    return c.json({ accepted: true }, 202);
  });

  function start(req: CompanionRequest) {
    const controller = new AbortController();
    const entry: RunningJob = { attempt: req.attempt, type: req.type, controller, done: Promise.resolve() };
    const common = { bins: deps.bins, tmpDir: deps.config.tmpDir, signal: controller.signal, log: deps.log };
    const work =
      req.type === 'video-transcode'
        ? runTranscode(req, { ...common, storage: workerStorage(deps.client, req) })
        : runActorImageResize(req, { ...common, client: deps.client });
    entry.done = work
      .catch((err) => deps.log(`job ${req.jobId}: crashed: ${(err as Error).stack ?? err}`))
      .finally(() => {
        if (running.get(req.jobId) === entry) running.delete(req.jobId);
      });
    running.set(req.jobId, entry);
    deps.log(`job ${req.jobId} attempt ${req.attempt}: started (${req.type === 'video-transcode' ? req.videoUuid : req.input.key})`);
  }

  /** Aborts every running job and waits until their temp files are gone. */
  async function abortAll() {
    const all = [...running.values()];
    for (const job of all) job.controller.abort(new Error('companion stopping'));
    await Promise.all(all.map((j) => j.done));
  }

  return { app, running, abortAll, health };
}

/**
 * A companion killed with SIGKILL cannot clean up: its successor removes the work
 * directories left in its TMP_DIR (the Worker hands those jobs out again anyway).
 */
async function removeLeftovers(tmpDir: string, log: (m: string) => void) {
  await mkdir(tmpDir, { recursive: true });
  for (const name of await readdir(tmpDir)) {
    if (!name.startsWith('job-')) continue;
    await rm(join(tmpDir, name), { recursive: true, force: true });
    log(`removed ${name} left by an earlier run`);
  }
}

export type StartCompanionOptions = {
  port?: number;
  host?: string;
  workerUrl: string;
  secret: string;
  tmpDir: string;
  ffmpegPath?: string;
  ffprobePath?: string;
  concurrency?: number;
  /** Persistent seeding in this process (ADR 0021); off when absent. */
  seeder?: SeederConfig;
  log?: (message: string) => void;
  /** Where the Worker reaches this companion, as reported in heartbeats; its own address when omitted. */
  advertisedUrl?: string;
};

/**
 * Starts the companion's HTTP service on 127.0.0.1 (a free port when `port` is 0).
 *
 * @example const companion = await startCompanion({ port: 0, workerUrl, secret, tmpDir }); … await companion.stop()
 */
export async function startCompanion(options: StartCompanionOptions): Promise<{ url: string; port: number; stop: () => Promise<void> }> {
  // Timestamped to the millisecond: the job timeline (download, probe, first segments, playable) is read from this log.
  const log = options.log ?? ((m: string) => console.log(`[companion ${new Date().toISOString().slice(11, 23)}] ${m}`));
  await removeLeftovers(options.tmpDir, log);
  const client = createWorkerClient({ workerUrl: options.workerUrl, secret: options.secret });
  const seeder = options.seeder ? startSeeding({ ...options.seeder, client, workerUrl: options.workerUrl, log }) : undefined;
  const { app, abortAll, health } = createCompanionApp({
    config: { secret: options.secret, tmpDir: options.tmpDir, concurrency: options.concurrency ?? 1 },
    client,
    seeder,
    bins: mediaBinaries({ FFMPEG_PATH: options.ffmpegPath, FFPROBE_PATH: options.ffprobePath }),
    log,
  });
  const host = options.host ?? '127.0.0.1';
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, (info: AddressInfo) => resolve({ server, port: info.port }));
    server.once('error', reject);
  });
  const url = `http://${host}:${port}`;
  const heartbeat = startHeartbeat({ client, health, url: options.advertisedUrl ?? url, log });
  return {
    url,
    port,
    stop: async () => {
      heartbeat.stop();
      await abortAll();
      await seeder?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
