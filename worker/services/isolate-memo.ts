/**
 * Pure values read from libSQL, kept in the isolate for a few seconds (instance settings, local
 * actors' public data) so that hot reads skip a round trip. Only resolved values are kept, never a
 * promise or a client: workerd forbids I/O objects from crossing requests (conventions 5).
 *
 * Staleness: other isolates keep a value at most `ttlMs` after a write; the writing isolate drops
 * every memo at once (`clearIsolateMemos`, called by the edge cache's write hook).
 *
 * @example
 *   const settings = isolateMemo<CustomConfig>(5_000);
 *   const custom = await settings.get(config.publicUrl, () => readCustomConfig(db, config));
 */
const all = new Set<{ clear(): void }>();

export function isolateMemo<T>(ttlMs: number, maxEntries = 256) {
  const entries = new Map<string, { value: T; until: number }>();
  const memo = {
    async get(key: string, load: () => Promise<T>): Promise<T> {
      const hit = entries.get(key);
      if (hit && Date.now() < hit.until) return hit.value;
      const value = await load();
      // Absence is not kept: what is unknown now may be created the next second.
      if (value === null || value === undefined) return value;
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { value, until: Date.now() + ttlMs });
      return value;
    },
    clear() {
      entries.clear();
    },
  };
  all.add(memo);
  return memo;
}

export function clearIsolateMemos() {
  for (const memo of all) memo.clear();
}
