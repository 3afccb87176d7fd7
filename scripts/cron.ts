/**
 * Whether a five-field cron expression (minute hour day-of-month month day-of-week, in UTC as
 * Cloudflare evaluates them) fires at `date`'s minute. Supports `*`, numbers, ranges, lists and
 * steps: what wrangler.toml's `[triggers] crons` accept in practice. The local runner fires the
 * scheduled handler with it, as Cloudflare would; neither Miniflare nor `wrangler dev` does.
 */
export function cronMatches(expression: string, date: Date): boolean {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`unsupported cron expression: ${expression}`);
  const [minute, hour, dom, month, dow] = fields;
  const dayOfWeek = date.getUTCDay();
  return (
    fieldMatches(minute, date.getUTCMinutes(), 0, 59) &&
    fieldMatches(hour, date.getUTCHours(), 0, 23) &&
    fieldMatches(dom, date.getUTCDate(), 1, 31) &&
    fieldMatches(month, date.getUTCMonth() + 1, 1, 12) &&
    (fieldMatches(dow, dayOfWeek, 0, 7) || (dayOfWeek === 0 && fieldMatches(dow, 7, 0, 7)))
  );
}

function fieldMatches(field: string, value: number, min: number, max: number): boolean {
  return field.split(',').some((part) => {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let [from, to] = [min, max];
    if (range !== '*') {
      const [a, b] = range.split('-').map(Number);
      from = a;
      to = b ?? (stepText === undefined ? a : max);
    }
    if (!Number.isInteger(from) || !Number.isInteger(to) || !Number.isInteger(step) || step < 1) {
      throw new Error(`unsupported cron field: ${field}`);
    }
    return value >= from && value <= to && (value - from) % step === 0;
  });
}

/**
 * Fires each cron trigger at the minutes it names through `/__scheduled` (served by the runner's
 * entry and by `wrangler dev --test-scheduled`), as Cloudflare would: neither fires them itself.
 */
export function startCronTicker(workerUrl: string | URL, crons: string[]): NodeJS.Timeout {
  let lastMinute = Math.floor(Date.now() / 60_000);
  const timer = setInterval(() => {
    const minute = Math.floor(Date.now() / 60_000);
    if (minute === lastMinute) return;
    lastMinute = minute;
    for (const cron of crons) {
      if (!cronMatches(cron, new Date(minute * 60_000))) continue;
      const url = new URL(`/__scheduled?cron=${encodeURIComponent(cron)}`, workerUrl);
      fetch(url, { signal: AbortSignal.timeout(50_000) })
        .then((r) => r.body?.cancel())
        .catch(() => {});
    }
  }, 5_000);
  timer.unref();
  return timer;
}
