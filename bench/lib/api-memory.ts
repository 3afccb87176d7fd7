/**
 * Resident memory of the bench's whole process tree (the instance runs as its children),
 * printed when bench/lib/process-tree-rss.ts exists: another change adds it. Until then the
 * bench prints nothing rather than a figure measured another way.
 */
const MODULE = './process-tree-rss.ts';

export async function processTreeMemory(): Promise<string | undefined> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(MODULE)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const measure = Object.values(mod).find((v): v is (pid: number) => unknown => typeof v === 'function');
  if (!measure) return undefined;
  const value = await measure(process.pid);
  // A number is taken as bytes; anything richer is printed as it comes.
  return typeof value === 'number' ? `${(value / 2 ** 20).toFixed(0)} MiB` : JSON.stringify(value);
}
