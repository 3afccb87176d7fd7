import { readdir, readFile } from 'node:fs/promises';

/** Descendants of `root` whose command line matches `pattern` (Linux /proc). */
export async function descendantPids(root: number, pattern: RegExp): Promise<number[]> {
  const parents = new Map<number, number>();
  const commands = new Map<number, string>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      commands.set(Number(name), (await readFile(`/proc/${name}/cmdline`, 'utf8')).replace(/\0/g, ' '));
    } catch { /* gone */ }
  }
  const isDescendant = (pid: number) => { for (let p = parents.get(pid), i = 0; p && i < 64; p = parents.get(p), i++) if (p === root) return true; return false; };
  return [...commands].filter(([pid, cmd]) => pattern.test(cmd) && isDescendant(pid)).map(([pid]) => pid);
}

/** CPU seconds (user + system) and resident bytes of a set of processes, now. */
export async function sample(pids: number[]): Promise<{ cpuSeconds: number; rssBytes: number }> {
  let ticks = 0;
  let rss = 0;
  for (const pid of pids) {
    try {
      const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).slice(0);
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      rss += Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch { /* gone */ }
  }
  // USER_HZ is 100 on Linux.
  return { cpuSeconds: ticks / 100, rssBytes: rss };
}
