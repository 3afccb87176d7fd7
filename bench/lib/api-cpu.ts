/**
 * Where a request's time goes: CPU seconds of every process of the bench's tree (the bench
 * process and the instance's children), read from /proc before and after a load
 * run, per answer and by process. On a 2-core box every process competes for the same cores, so
 * the CPU a request costs all of them together bounds req/s.
 */
import { processTree } from '../../scripts/process-tree';
import { cpuSeconds } from './workerd-usage';
import { processTreeMemory } from './process-tree-rss';

export const BENCH_PROCESS = 'node: autocannon, edge proxy, libSQL';

/** CPU seconds so far, by what the process is. */
export type CpuSnapshot = Map<string, number>;

/**
 * The bench's own process runs autocannon, and, in-process, the instance's edge proxy, Miniflare's
 * Node side and the local libSQL server (scripts/instance.ts): one event loop for all of them.
 */
function label(pid: number, command: string) {
  if (pid === process.pid) return BENCH_PROCESS;
  if (/^workerd\b/.test(command)) return 'workerd';
  if (/libsql/i.test(command)) return 'libSQL server';
  if (/companion|transcoder|seeder/i.test(command)) return 'companion';
  return 'other';
}

export function cpuSnapshot(): CpuSnapshot {
  const commands = new Map(processTreeMemory(process.pid).processes.map((p) => [p.pid, p.command]));
  const out: CpuSnapshot = new Map();
  for (const { pid } of processTree(process.pid)) {
    const name = label(pid, commands.get(pid) ?? '');
    out.set(name, (out.get(name) ?? 0) + cpuSeconds(pid));
  }
  return out;
}

/** Microseconds of CPU per answer, by process, between two snapshots. */
export function cpuPerAnswer(before: CpuSnapshot, after: CpuSnapshot, answers: number): Record<string, number> {
  const out: Record<string, number> = {};
  if (!answers) return out;
  for (const [name, seconds] of after) out[name] = Math.round(((seconds - (before.get(name) ?? 0)) * 1e6) / answers);
  return out;
}
