/**
 * Pure values read from libSQL, kept in the isolate for a few seconds (instance settings, local
 * actors' public data) so that hot reads skip a round trip. Only resolved values are kept, never a
 * promise or a client: workerd forbids I/O objects from crossing requests (conventions 5).
 *
 * One refresh at a time: when an entry expires, the first request reloads it and the others keep
 * the expired value meanwhile (for at most REFRESH_HOLD_MS). Without this, every request in
 * flight at that moment (32 under bench:api) paid the round trip, every `ttlMs`.
 *
 * Staleness: other isolates keep a value at most `ttlMs` + REFRESH_HOLD_MS after a write; the
 * writing isolate drops every memo at once (`clearIsolateMemos`, called by the edge cache's write
 * hook), and a load that was in flight across that drop is not kept.
 *
 * @example
 *   const settings = isolateMemo<CustomConfig>(5_000);
 *   const custom = await settings.get(config.publicUrl, () => readCustomConfig(db, config));
 */
const all = new Set<{ clear(): void }>();

/** How long one request's reload holds the refresh of an expired entry. */
export const REFRESH_HOLD_MS = 2_000;

type Entry<T> = { value: T; until: number; refreshingUntil: number };

export function isolateMemo<T>(ttlMs: number, maxEntries = 256) {
  const entries = new Map<string, Entry<T>>();
  /** Bumped by `clear`: a load that started before it may have read what a write then changed. */
  let epoch = 0;
  const memo = {
    async get(key: string, load: () => Promise<T>): Promise<T> {
      const hit = entries.get(key);
      const now = Date.now();
      if (hit && (now < hit.until || now < hit.refreshingUntil)) return hit.value;
      if (hit) hit.refreshingUntil = now + REFRESH_HOLD_MS;
      const started = epoch;
      let value: T;
      try {
        value = await load();
      } catch (err) {
        if (hit) hit.refreshingUntil = 0;
        throw err;
      }
      if (started !== epoch) return value;
      // Absence is not kept: what is unknown now may be created the next second.
      if (value === null || value === undefined) {
        entries.delete(key);
        return value;
      }
      entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { value, until: Date.now() + ttlMs, refreshingUntil: 0 });
      return value;
    },
    clear() {
      entries.clear();
      epoch++;
    },
  };
  all.add(memo);
  return memo;
}

export function clearIsolateMemos() {
  for (const memo of all) memo.clear();
}
