import { readdirSync, readFileSync } from 'node:fs';

/** A process as /proc shows it. `startTicks` tells a process from a later one that reuses its pid. */
export type ProcessInfo = { pid: number; ppid: number; startTicks: number };

/** Reads /proc/<pid>/stat (Linux); null when the process is gone. */
export function processInfo(pid: number): ProcessInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses: the fields after the last ')' are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return null; // a zombie holds nothing
    return { pid, ppid: Number(fields[1]), startTicks: Number(fields[19]) };
  } catch {
    return null;
  }
}

/** `rootPid` and all its descendants that are alive now. */
export function processTree(rootPid: number): ProcessInfo[] {
  const all = new Map<number, ProcessInfo>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const info = processInfo(pid);
    if (info) all.set(pid, info);
  }
  if (!all.has(rootPid)) return [];
  const inTree = new Set<number>([rootPid]);
  // Bounded: each pass adds at least one process or stops; a tree has at most all.size nodes.
  for (let pass = 0; pass <= all.size; pass++) {
    let added = false;
    for (const info of all.values()) {
      if (!inTree.has(info.pid) && inTree.has(info.ppid)) {
        inTree.add(info.pid);
        added = true;
      }
    }
    if (!added) break;
  }
  return [...inTree].map((pid) => all.get(pid)!).sort((a, b) => a.pid - b.pid);
}

/** True when `info`'s process still runs (the same one, not a later process with its pid). */
export function isSameProcessAlive(info: Pick<ProcessInfo, 'pid' | 'startTicks'>): boolean {
  return processInfo(info.pid)?.startTicks === info.startTicks;
}

/** The command line, for messages that name a process. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '?';
  }
}
