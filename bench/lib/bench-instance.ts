/**
 * A bench's instance, started as `npm start` starts it (the Worker and its companion) on a temp data
 * directory: the start-up and the clean-up that bench:api, bench:cost, bench:load, bench:p2p and
 * bench:tracker share.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInstanceWithCompanion } from '../../test/helpers/companion-process';
import { stopOnSignals } from '../../scripts/stop-signals';

export interface BenchInstanceOptions {
  rootPassword: string;
  /** extra Worker vars (signup, rate limits, metering…) */
  vars?: Record<string, string>;
  /** leave the data directory (logs, database, media) in place when the bench ends (`--keep`) */
  keep?: boolean;
}

export interface BenchInstance {
  instance: Awaited<ReturnType<typeof startInstanceWithCompanion>>['instance'];
  dataDir: string;
  /** Stops the instance and its companion, then removes the data directory unless `keep`; once only. */
  stop: () => Promise<void>;
}

/**
 * Starts an instance for the bench `name` on a new temp directory (`edgetube-bench-<name>-…`).
 * Ctrl-C (SIGINT) or SIGTERM, during the start too, stops it and cleans up before exiting with
 * 128 + the signal's number, as `npm start` does (scripts/stop-signals.ts); call `stop()` in a finally.
 * A start that fails leaves the directory and its logs.
 */
export async function startBenchInstance(name: string, options: BenchInstanceOptions): Promise<BenchInstance> {
  const dataDir = await mkdtemp(join(tmpdir(), `edgetube-bench-${name}-`));
  const starting = startInstanceWithCompanion({ dataDir, rootPassword: options.rootPassword, logLevel: 'error', vars: options.vars });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // A start under way is waited for (it is bounded), then undone; a failed one has undone itself.
      const started = await starting.catch(() => undefined);
      if (!started) return;
      await started.stop();
      if (!options.keep) await rm(dataDir, { recursive: true, force: true });
    })());
  stopOnSignals(stop);
  const started = await starting;
  return { instance: started.instance, dataDir, stop };
}
