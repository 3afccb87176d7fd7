/**
 * Measurement helpers for the transcode bench.
 *
 * CPU and peak RSS of every ffmpeg come from ffmpeg's own `-benchmark` report
 * (`bench: utime=… stime=… rtime=…`, `bench: maxrss=…kB`, i.e. getrusage of the
 * ffmpeg process itself). transcodeLadder and the companion run ffmpeg with
 * `-loglevel error`, which hides those lines, so every measured ffmpeg is started
 * through a tiny wrapper that adds `-benchmark` and sends an info-level FFREPORT
 * to `<dir>/ffmpeg-<pid>.log` (the wrapper `exec`s, so the pid is ffmpeg's).
 */
import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { MediaBinaries } from '../../transcoder/media';

export const FFMPEG = '/usr/bin/ffmpeg';
export const FFPROBE = '/usr/bin/ffprobe';
/** Plain binaries: clip generation and probing. */
export const plainBins: MediaBinaries = { ffmpeg: FFMPEG, ffprobe: FFPROBE };

export interface FfmpegBench {
  pid: number;
  utime: number;
  stime: number;
  rtime: number;
  maxrssKb: number;
  /** when the report file was created (≈ ffmpeg start), epoch ms; set by newBenches */
  startedAtMs?: number;
}

export interface BenchBinaries {
  bins: MediaBinaries;
  /** the wrapper script (also usable as FFMPEG_PATH for the companion) */
  wrapper: string;
  logDir: string;
}

/** Writes the `-benchmark` wrapper into `logDir` (which must not contain ':'). */
export async function benchBinaries(logDir: string): Promise<BenchBinaries> {
  if (logDir.includes(':')) throw new Error(`FFREPORT cannot take a path with ':' (${logDir})`);
  const wrapper = join(logDir, 'ffmpeg-bench.sh');
  await writeFile(
    wrapper,
    `#!/bin/sh\n# edgetube bench: ffmpeg with -benchmark, report in ${logDir}/ffmpeg-<pid>.log\n` +
      `FFREPORT="file=${logDir}/ffmpeg-$$.log:level=32" exec ${FFMPEG} -benchmark "$@"\n`,
  );
  await chmod(wrapper, 0o755);
  return { bins: { ffmpeg: wrapper, ffprobe: FFPROBE }, wrapper, logDir };
}

/** Parses the bench lines of one ffmpeg report; null when the run printed none (e.g. `-version`). */
export function parseBenchReport(text: string, pid: number): FfmpegBench | null {
  const times = /bench: utime=([\d.]+)s stime=([\d.]+)s rtime=([\d.]+)s/.exec(text);
  const rss = /bench: maxrss=(\d+)kB/.exec(text);
  if (!times || !rss) return null;
  return { pid, utime: Number(times[1]), stime: Number(times[2]), rtime: Number(times[3]), maxrssKb: Number(rss[1]) };
}

/** The bench figures of ffmpeg `pid` (its report is complete once the process has exited). */
export async function benchOf(dir: string, pid: number): Promise<FfmpegBench | null> {
  try {
    return parseBenchReport(await readFile(join(dir, `ffmpeg-${pid}.log`), 'utf8'), pid);
  } catch {
    return null;
  }
}

/** Every report in `dir` whose pid is not in `seen`: for ffmpegs started by someone else (the companion). */
export async function newBenches(dir: string, seen: Set<number>): Promise<FfmpegBench[]> {
  const out: FfmpegBench[] = [];
  for (const name of await readdir(dir)) {
    const m = /^ffmpeg-(\d+)\.log$/.exec(name);
    if (!m || seen.has(Number(m[1]))) continue;
    const b = await benchOf(dir, Number(m[1]));
    if (b) out.push({ ...b, startedAtMs: (await stat(join(dir, name))).birthtimeMs || undefined });
  }
  return out;
}

export function reportPids(names: string[]): Set<number> {
  return new Set(
    names
      .map((n) => /^ffmpeg-(\d+)\.log$/.exec(n)?.[1])
      .filter(Boolean)
      .map(Number),
  );
}

export const cpuOf = (benches: readonly FfmpegBench[]) =>
  round(
    benches.reduce((s, b) => s + b.utime + b.stime, 0),
    2,
  );
export const peakRssMb = (benches: readonly FfmpegBench[]) => round(Math.max(0, ...benches.map((b) => b.maxrssKb)) / 1024, 0);

/**
 * CPU seconds of this process's reaped children (utime+stime from /proc/self/stat,
 * fields 16–17), a cross-check that also counts ffprobe. Assumes CLK_TCK = 100.
 */
export async function childrenCpuSeconds(): Promise<number> {
  try {
    const stat = await readFile('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): cutime is field 16, cstime field 17.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

/** CPU seconds of this Node process (hashing, torrents). */
export const selfCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

export const loadAverage = () => loadavg().map((l) => round(l, 2)) as [number, number, number];

export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}

/** Sum of the sizes of every regular file under `dir` (one level), optionally filtered. */
export async function dirBytes(dir: string, filter: (name: string) => boolean = () => true): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile() && filter(entry.name)) total += (await stat(join(dir, entry.name))).size;
  }
  return total;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export const seconds = (ms: number) => round(ms / 1000, 2);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
