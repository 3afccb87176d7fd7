import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { processTreeMemory } from './process-tree-rss';

/** The workerd processes under `rootPid` (the Worker and its Durable Objects run there): RSS and CPU time. */
export type WorkerdUsage = { pids: number[]; rssKb: number; cpuSeconds: number };

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User + system CPU seconds of one process so far (/proc/<pid>/stat utime and stime); 0 when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return 0;
  }
}

/**
 * Every workerd process in `rootPid`'s tree (with Miniflare, `npm start` and the benches run one
 * workerd below the Node process that started the instance). Null when there is none: the
 * instance runs elsewhere, and its memory cannot be read from here.
 */
export function workerdUsage(rootPid: number): WorkerdUsage | null {
  const workerd = processTreeMemory(rootPid).processes.filter((p) => /^workerd\b/.test(p.command));
  if (workerd.length === 0) return null;
  return {
    pids: workerd.map((p) => p.pid),
    rssKb: workerd.reduce((n, p) => n + p.rssKb, 0),
    cpuSeconds: workerd.reduce((n, p) => n + cpuSeconds(p.pid), 0),
  };
}
