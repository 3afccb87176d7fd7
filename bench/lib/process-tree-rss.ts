import { readFileSync } from 'node:fs';
import { processTree } from '../../scripts/process-tree';

export type ProcessMemory = {
  pid: number;
  ppid: number;
  /** The executable's name and its first meaningful argument (`node scripts/start.ts`, `workerd serve`). */
  command: string;
  /** Resident set size, kB (/proc/<pid>/status VmRSS): counts shared pages once per process. */
  rssKb: number;
  /** Proportional set size, kB (/proc/<pid>/smaps_rollup Pss): shared pages split among sharers; null if unreadable. */
  pssKb: number | null;
};

export type TreeMemory = { processes: ProcessMemory[]; rssKb: number; pssKb: number };

/**
 * The resident memory of `rootPid` and every descendant, read from /proc (Linux only). The sum of
 * RSS is what an operator's `ps`/`top` would add up; PSS does not count a page twice.
 */
export function processTreeMemory(rootPid: number): TreeMemory {
  const processes: ProcessMemory[] = [];
  for (const { pid, ppid } of processTree(rootPid)) {
    const memory = readMemory(pid, ppid);
    if (memory) processes.push(memory);
  }
  return {
    processes,
    rssKb: processes.reduce((sum, p) => sum + p.rssKb, 0),
    pssKb: processes.reduce((sum, p) => sum + (p.pssKb ?? p.rssKb), 0),
  };
}

/** One line per process and a total, in MiB. */
export function formatTreeMemory(tree: TreeMemory, label: string): string {
  const mib = (kb: number) => (kb / 1024).toFixed(1).padStart(8);
  const lines = [`${label}: ${tree.processes.length} processes, RSS ${mib(tree.rssKb).trim()} MiB, PSS ${mib(tree.pssKb).trim()} MiB`];
  lines.push(`  ${'pid'.padStart(7)} ${'RSS MiB'.padStart(8)} ${'PSS MiB'.padStart(8)}  command`);
  for (const p of tree.processes) lines.push(`  ${String(p.pid).padStart(7)} ${mib(p.rssKb)} ${p.pssKb === null ? '       -' : mib(p.pssKb)}  ${p.command}`);
  return lines.join('\n');
}

function readMemory(pid: number, ppid: number): ProcessMemory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    if (!rss) return null; // a zombie or a kernel thread
    let pssKb: number | null = null;
    try {
      const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      pssKb = pss ? Number(pss[1]) : null;
    } catch {
      /* not permitted: RSS only */
    }
    return { pid, ppid, command: describeCommand(pid), rssKb: Number(rss[1]), pssKb };
  } catch {
    return null;
  }
}

function describeCommand(pid: number): string {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const exe = argv[0]?.split('/').pop() ?? '?';
    // The script or subcommand tells node processes apart; nothing past it (it may hold values).
    let what: string | undefined;
    for (let i = 1; i < argv.length && what === undefined; i++) {
      if (['--require', '-r', '--import', '--loader'].includes(argv[i])) i++;
      else if (!argv[i].startsWith('-')) what = argv[i];
    }
    const short = what?.split('/').slice(-2).join('/');
    return short && ['node', 'npm', 'sh', 'bash', 'workerd'].includes(exe) ? `${exe} ${short}` : exe;
  } catch {
    return '?';
  }
}
