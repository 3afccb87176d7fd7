import type { SeedableFile } from '../worker/services/seeding';

/**
 * Which files fit the disk budget: the most recently watched first (never-watched ones by size,
 * smallest first, so that more of them fit), each kept only if it fits in what is left.
 * The rest are evicted. Pure, so the eviction order is tested on its own.
 */
export function selectWithinBudget(files: SeedableFile[], budgetBytes: number): SeedableFile[] {
  const ordered = [...files].sort((a, b) => b.lastViewedAt - a.lastViewedAt || a.size - b.size || a.infoHash.localeCompare(b.infoHash));
  const kept: SeedableFile[] = [];
  let used = 0;
  for (const f of ordered) {
    if (used + f.size > budgetBytes) continue;
    kept.push(f);
    used += f.size;
  }
  return kept;
}
