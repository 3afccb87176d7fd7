import { processTreeMemory as measureTree } from './process-tree-rss';

/**
 * Resident memory of the bench's whole process tree (the instance runs as its children), summed
 * from /proc by bench/lib/process-tree-rss.ts, as `npm run bench:memory` measures `npm start`.
 */
export async function processTreeMemory(): Promise<string | undefined> {
  const tree = measureTree(process.pid);
  const mib = (kb: number) => (kb / 1024).toFixed(0);
  return `${mib(tree.rssKb)} MiB RSS (${mib(tree.pssKb)} MiB PSS) over ${tree.processes.length} processes`;
}
