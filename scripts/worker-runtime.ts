import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Log, LogLevel, Miniflare, type WorkerOptions } from 'miniflare';
import { bundleWorker } from './worker-bundle';
import { egressWorker, EGRESS_WORKER, originsOf } from './egress';
import { startEdgeProxy } from './edge-proxy';
import { startCronTicker } from './cron';

export type WorkerRuntime = { url: string; stop: () => Promise<void> };

const LOG_LEVELS = { error: LogLevel.ERROR, warn: LogLevel.WARN, info: LogLevel.INFO, log: LogLevel.INFO, debug: LogLevel.DEBUG } as const;

/**
 * Runs the Worker in workerd through Miniflare's API (ADR 0016): the bundle `wrangler deploy`
 * would upload, with every binding of `wrangler.toml` as wrangler itself translates it (R2,
 * queues, Durable Objects, assets, vars, ...), persisted under `persistTo` in wrangler's layout.
 * No dev proxy, no file watcher, no inspector: one workerd process. In front of it, the edge
 * proxy (client address, keep-alive); behind it, the egress guard.
 * Vars and secrets reach workerd through its config on stdin, never argv.
 */
export async function startWorkerRuntime(options: {
  port: number;
  persistTo: string;
  bundleDir: string;
  vars: Record<string, string>;
  logFile?: string;
  logLevel?: keyof typeof LOG_LEVELS;
  /** Fire `[triggers] crons` as Cloudflare would (`npm start`); the tests trigger the sweep themselves. */
  crons?: boolean;
}): Promise<WorkerRuntime> {
  const bundle = await bundleWorker(options.bundleDir);
  const { workerOptions } = bundle;
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  const vars = { ...(workerOptions.bindings as Record<string, string> | undefined), ...options.vars };

  const worker = {
    ...workerOptions,
    name: bundle.name,
    modules: true,
    modulesRoot: bundle.dir,
    scriptPath: bundle.main,
    bindings: vars,
    outboundService: EGRESS_WORKER,
  } as WorkerOptions;
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    defaultPersistRoot: join(options.persistTo, 'v3'), // wrangler dev's layout: existing data carries over
    cf: false, // the placeholder `request.cf`: no fetch of Cloudflare's at every start
    unsafeTriggerHandlers: true, // /cdn-cgi/handler/scheduled, which the cron ticker and the tests call
    log: new Log(LOG_LEVELS[options.logLevel ?? 'warn']),
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      for (const stream of [stdout, stderr]) stream.on('data', (d) => (log ? log.write(d) : process.stderr.write(d)));
    },
    workers: [
      worker,
      egressWorker({ internalOrigins: originsOf(vars.LIBSQL_URL, vars.COMPANION_URL), allowLoopback: vars.ALLOW_LOOPBACK_FEDERATION === 'true' }),
    ],
  });
  let upstream: URL;
  try {
    upstream = await mf.ready;
  } catch (err) {
    await mf.dispose().catch(() => {});
    log?.end();
    throw err;
  }
  const proxy = await startEdgeProxy({ port: options.port, upstream }).catch(async (err) => {
    await mf.dispose();
    log?.end();
    throw err;
  });
  const ticker = options.crons ? startCronTicker(upstream, bundle.crons) : undefined;
  return {
    url: proxy.url,
    stop: async () => {
      clearInterval(ticker);
      await proxy.close();
      await mf.dispose();
      log?.end();
    },
  };
}
