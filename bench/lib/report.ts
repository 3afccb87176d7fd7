/** The final table and the JSON file. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BaselineResult } from './baseline';
import type { SourceKind } from './clips';
import type { PipelineResult } from './pipeline';
import type { SystemRun } from './system';

export interface SourceResult {
  kind: SourceKind;
  description: string;
  bytes: number;
  durationSeconds: number;
  blockers: string[];
  copyTop: boolean;
  resolutions: number[];
  loadBefore: number[];
  loadAfter: number[];
  /** the median run by wall time (with --repeat; else the only one) */
  ours?: PipelineResult;
  baseline?: BaselineResult;
  oursRuns?: PipelineResult[];
  baselineRuns?: BaselineResult[];
  system?: SystemRun;
  errors: string[];
}

const f = (n: number | undefined, digits = 1) => (n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(digits));
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

export function table(results: SourceResult[]): string {
  const head = ['source', 'run', 'wall s', 'CPU s', 'cores', 'RSS MB', 'MB/min', 'stored/seg', '1st play s', '×dur'];
  const widths = [9, 23, 7, 7, 5, 6, 7, 10, 10, 6];
  const cores = (cpu: number | undefined, wall: number | undefined) => (cpu && wall ? f(cpu / wall, 2) : '');
  const row = (cells: string[]) => cells.map((c, i) => (i < 2 ? pad(c, widths[i]) : lpad(c, widths[i]))).join(' ');
  const lines = [row(head), widths.map((w) => '-'.repeat(w)).join(' ')];
  for (const r of results) {
    const o = r.ours;
    if (o) {
      lines.push(
        row([
          r.kind,
          `ours (1 ffmpeg${r.copyTop ? ', copy' : ''})`,
          f(o.wallSeconds),
          f(o.ffmpegCpuSeconds),
          cores(o.ffmpegCpuSeconds, o.wallSeconds),
          f(o.peakRssMb, 0),
          f(o.storedMbPerMinute),
          f(o.storedOverSegments, 3),
          f(o.firstPlayableSeconds, 2),
          f(o.firstPlayableFraction, 3),
        ]),
      );
    }
    const b = r.baseline;
    if (b) {
      lines.push(
        row([
          r.kind,
          `baseline ${b.hls} c=${b.concurrency}`,
          f(b.wallSeconds),
          f(b.cpuSeconds),
          cores(b.cpuSeconds, b.wallSeconds),
          f(b.peakRssMb, 0),
          f(b.storedMbPerMinute),
          '',
          f(b.firstHlsSeconds, 2),
          f(b.firstHlsSeconds / r.durationSeconds, 3),
        ]),
      );
      for (const [label, d] of [
        ['baseline copy (derived)', b.derivedCopy],
        ['baseline HLS-only (der.)', b.derivedHlsOnly],
      ] as const) {
        if (!d) continue;
        lines.push(
          row([
            r.kind,
            label,
            f(d.wallSeconds),
            f(d.cpuSeconds),
            cores(d.cpuSeconds, d.wallSeconds),
            f(d.peakRssMb, 0),
            f(d.storedMbPerMinute),
            '',
            f(d.firstHlsSeconds, 2),
            f(d.firstHlsSeconds / r.durationSeconds, 3),
          ]),
        );
      }
    }
    const s = r.system;
    if (s) {
      lines.push(
        row([
          r.kind,
          s.ok ? 'system: 1st playable' : 'system: FAILED',
          '',
          f(s.companionFfmpegCpuSeconds),
          '',
          f(s.companionFfmpegPeakRssMb, 0),
          '',
          '',
          f(s.firstPlayableSeconds, 2),
          f(s.firstPlayableFraction, 3),
        ]),
      );
      if (s.allRenditionsSeconds !== undefined) {
        lines.push(row([r.kind, 'system: all renditions', f(s.allRenditionsSeconds), '', '', '', '', '', '', f(s.allRenditionsFraction, 3)]));
      }
    }
  }
  lines.push('');
  for (const r of results) {
    const o = r.ours;
    const b = r.baseline;
    const reps = r.oursRuns
      ? `, median of ${r.oursRuns.length}: ours ${r.oursRuns.map((x) => x.wallSeconds).join('/')}s, baseline ${r.baselineRuns?.map((x) => x.wallSeconds).join('/')}s`
      : '';
    const parts = [`${r.kind} (${r.durationSeconds}s${reps}, load ${r.loadBefore.join('/')} → ${r.loadAfter.join('/')})`];
    if (o && b) {
      parts.push(`wall baseline/ours ${f(b.wallSeconds / o.wallSeconds, 2)}×`, `CPU ${f(b.cpuSeconds / o.ffmpegCpuSeconds, 2)}×`);
      if (b.derivedCopy)
        parts.push(`(vs copy variant ${f(b.derivedCopy.wallSeconds / o.wallSeconds, 2)}× wall, ${f(b.derivedCopy.cpuSeconds / o.ffmpegCpuSeconds, 2)}× CPU)`);
      if (b.derivedHlsOnly)
        parts.push(
          `(vs HLS-only ${f(b.derivedHlsOnly.wallSeconds / o.wallSeconds, 2)}× wall, ${f(b.derivedHlsOnly.cpuSeconds / o.ffmpegCpuSeconds, 2)}× CPU, ${f(b.derivedHlsOnly.storedBytes / o.storedBytes, 2)}× bytes)`,
        );
      parts.push(`bytes baseline/ours ${f(b.storedBytes / o.storedBytes, 2)}×`);
    }
    if (r.system && !r.system.ok) parts.push(`system error: ${r.system.error?.split('\n')[0]}`);
    if (r.errors.length) parts.push(`errors: ${r.errors.join('; ')}`);
    lines.push(parts.join(' · '));
  }
  return lines.join('\n');
}

export async function writeResults(dir: string, payload: unknown): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:]/g, '-').replace(/\..+$/, '');
  const path = join(dir, `transcode-${stamp}.json`);
  await writeFile(path, JSON.stringify(payload, null, 2) + '\n');
  return path;
}
