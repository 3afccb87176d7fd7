import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Log, LogLevel, Miniflare, type WorkerOptions } from 'miniflare';
import { bundleWorker } from './worker-bundle';
import { egressWorker, EGRESS_WORKER, originsOf } from './egress';
import { startEdgeProxy } from './edge-proxy';
import { startCronTicker } from './cron';
import { withoutSignalExitHooks } from './stop-signals';

export type WorkerRuntime = { url: string; stop: () => Promise<void> };

const LOG_LEVELS = { error: LogLevel.ERROR, warn: LogLevel.WARN, info: LogLevel.INFO, log: LogLevel.INFO, debug: LogLevel.DEBUG } as const;

/**
 * Runs the Worker in workerd through Miniflare's API (ADR 0018): the bundle `wrangler deploy`
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
  const entry = join(bundle.dir, 'runner-entry.mjs');
  await writeFile(entry, RUNNER_ENTRY);
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  const vars = { ...(workerOptions.bindings as Record<string, string> | undefined), ...options.vars };

  const worker = {
    ...workerOptions,
    name: bundle.name,
    modules: true,
    modulesRoot: bundle.dir,
    scriptPath: entry,
    // wrangler's output is an ES module; Miniflare would take a `.js` it imports for CommonJS.
    modulesRules: [{ type: 'ESModule', include: ['index.js'] }, ...((workerOptions.modulesRules as unknown[]) ?? [])],
    bindings: vars,
    outboundService: EGRESS_WORKER,
  } as WorkerOptions;
  // The process's own stop (scripts/stop-signals.ts) handles Ctrl-C, rather than Miniflare's exit hook.
  const mf = withoutSignalExitHooks(
    () =>
      new Miniflare({
        host: '127.0.0.1',
        port: 0,
        defaultPersistRoot: join(options.persistTo, 'v3'), // wrangler dev's layout: existing data carries over
        cf: false, // the placeholder `request.cf`: no fetch of Cloudflare's at every start
        log: new Log(LOG_LEVELS[options.logLevel ?? 'warn']),
        handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
          for (const stream of [stdout, stderr]) stream.on('data', (d) => (log ? log.write(d) : process.stderr.write(d)));
        },
        workers: [
          worker,
          egressWorker({
            internalOrigins: originsOf(vars.LIBSQL_URL, vars.COMPANION_URL),
            allowLoopback: ['true', '1'].includes(vars.ALLOW_LOOPBACK_FEDERATION),
          }),
        ],
      }),
  );
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

/**
 * The bundle's Worker, plus `GET /__scheduled?cron=…`, which runs its scheduled handler as
 * `wrangler dev --test-scheduled` does: the cron ticker and the tests call it. Miniflare's own
 * `/cdn-cgi/handler/scheduled` reaches the assets router in front of the Worker, which has no
 * scheduled handler. Like wrangler's, it is open to whoever reaches the local port: the sweep it
 * runs is idempotent.
 */
const RUNNER_ENTRY = `import worker from './index.js';
export * from './index.js';
export default {
  ...worker,
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname !== '/__scheduled') return worker.fetch(request, env, ctx);
    const controller = { cron: url.searchParams.get('cron') ?? '', scheduledTime: Date.now(), type: 'scheduled', noRetry() {} };
    try {
      await worker.scheduled(controller, env, ctx);
      return new Response('ran the scheduled handler\\n');
    } catch (err) {
      return new Response(String(err && err.stack || err), { status: 500 });
    }
  },
};
`;
