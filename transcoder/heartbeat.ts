import type { WorkerClient } from './worker-client';

/** Seconds between heartbeats; the Worker marks a companion offline after two missed ones. */
export const HEARTBEAT_SECONDS = 30;

/**
 * Reports the companion's health to the Worker at start and every HEARTBEAT_SECONDS, so that
 * admins see which companions run and how (`GET /api/v1/runners`, issue 13). A failed beat is
 * logged once per failure streak and tried again at the next tick: the Worker may be restarting.
 */
export function startHeartbeat(options: {
  client: WorkerClient;
  url: string;
  health: () => Promise<Record<string, unknown>>;
  log: (message: string) => void;
  intervalMs?: number;
}): { stop: () => void } {
  let failing = false;
  let inFlight = false;
  const beat = async () => {
    if (inFlight) return; // never more than one at a time, however slow the Worker
    inFlight = true;
    try {
      const { ok: _ok, ...health } = await options.health();
      const res = await options.client.heartbeat({ url: options.url, ...health });
      if (!res.ok) throw new Error(`the Worker answered ${res.status}`);
      failing = false;
    } catch (err) {
      if (!failing) options.log(`heartbeat failed: ${(err as Error).message}`);
      failing = true;
    } finally {
      inFlight = false;
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), options.intervalMs ?? HEARTBEAT_SECONDS * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
