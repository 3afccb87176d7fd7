import { constants } from 'node:os';

/**
 * What a process that runs an instance does on Ctrl-C (SIGINT) or SIGTERM: `npm start` and the
 * benches. Every stop registered with {@link stopOnSignals} runs (the companion, workerd, the
 * libSQL server, temporary data), then the process exits with 128 + the signal's number.
 * Bounded: after STOP_TIMEOUT_MS, or at a second signal, it exits without waiting; Miniflare's
 * 'exit' hook still kills workerd then.
 */

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const STOP_TIMEOUT_MS = 20_000;

const stops = new Set<() => Promise<unknown>>();
let signalled = false;

function onSignal(signal: NodeJS.Signals) {
  const code = 128 + constants.signals[signal];
  if (signalled) {
    console.error(`${signal} again: exiting without waiting for the stop`);
    process.exit(code);
  }
  signalled = true;
  setTimeout(() => {
    console.error(`stopping took over ${STOP_TIMEOUT_MS / 1000} s: exiting anyway`);
    process.exit(code);
  }, STOP_TIMEOUT_MS);
  void Promise.allSettled([...stops].map((stop) => stop())).then((results) => {
    for (const r of results) if (r.status === 'rejected') console.error('stopping failed:', r.reason);
    process.exit(code);
  });
}

/** Runs `stop` (make it idempotent: it may also be called by its owner) on SIGINT or SIGTERM, then exits. */
export function stopOnSignals(stop: () => Promise<unknown>): void {
  if (stops.size === 0) for (const signal of SIGNALS) process.on(signal, onSignal);
  stops.add(stop);
}

/**
 * Runs `create`, and, in a process that stops through {@link stopOnSignals}, removes the SIGINT
 * and SIGTERM listeners it added. Miniflare's exit hook (added by `new Miniflare`) exits at once
 * on these signals, before an asynchronous stop gets anywhere: Ctrl-C left the companion and the
 * data directory behind. Its 'exit' hook stays. Elsewhere (the test runner) nothing changes.
 */
export function withoutSignalExitHooks<T>(create: () => T): T {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const created = create();
  if (stops.size > 0) {
    for (const signal of SIGNALS) for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.off(signal, listener);
  }
  return created;
}
