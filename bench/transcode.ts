/**
 * `npm run bench:transcode [-- --quick | --seconds 60] [--skip-system] [--skip-baseline]
 *   [--sources reencode,copy] [--resolutions 1080,720,480,240]
 *   [--baseline-concurrency 1] [--baseline-hls encode|copy] [--repeat 1] [--keep]`
 *
 * Generates a 1080p30 clip twice (one that needs a full re-encode, one whose top
 * rendition can be stream-copied) and runs each through (a) this pipeline, (b) a
 * PeerTube-style one-ffmpeg-per-job baseline, (c) the real system over HTTP.
 * See bench/README.md for what each figure means.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { canQuickTranscode, probeVideo, quickTranscodeBlockers } from '../transcoder/media';
import { runBaseline, type BaselineHls, type BaselineResult } from './lib/baseline';
import { generateSource, SOURCE_DESCRIPTIONS, SOURCE_KINDS, type SourceKind } from './lib/clips';
import { benchBinaries, FFMPEG, loadAverage, plainBins, seconds } from './lib/measure';
import { ladderFor, runPipeline, type PipelineResult } from './lib/pipeline';
import { table, writeResults, type SourceResult } from './lib/report';
import { startSystem, type System } from './lib/system';
import { stopOnSignals } from '../scripts/stop-signals';

const RESULTS_DIR = fileURLToPath(new URL('./results', import.meta.url));

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    quick: { type: 'boolean', default: false },
    'skip-system': { type: 'boolean', default: false },
    'skip-baseline': { type: 'boolean', default: false },
    sources: { type: 'string', default: SOURCE_KINDS.join(',') },
    resolutions: { type: 'string', default: '1080,720,480,240' },
    'baseline-concurrency': { type: 'string', default: '1' },
    'baseline-hls': { type: 'string', default: 'encode' },
    keep: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '1' },
  },
  allowPositionals: false,
});

const durationSeconds = flags.quick ? 10 : Number(flags.seconds);
const resolutions = flags.resolutions!.split(',').map(Number);
const concurrency = Number(flags['baseline-concurrency']);
const baselineHls = flags['baseline-hls'] as BaselineHls;
const repeat = Number(flags.repeat);
const kinds = flags.sources!.split(',') as SourceKind[];
if (!(durationSeconds > 0 && durationSeconds <= 600)) throw new Error('--seconds must be in 1..600');
if (!resolutions.every((r) => Number.isInteger(r) && r > 0)) throw new Error('--resolutions: a comma-separated list of heights');
if (!(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 8)) throw new Error('--baseline-concurrency must be 1..8');
if (!(Number.isInteger(repeat) && repeat >= 1 && repeat <= 9)) throw new Error('--repeat must be 1..9');
if (!['encode', 'copy'].includes(baselineHls)) throw new Error('--baseline-hls must be encode or copy');
if (!kinds.every((k) => SOURCE_KINDS.includes(k))) throw new Error(`--sources: any of ${SOURCE_KINDS.join(',')}`);
if (!existsSync(FFMPEG)) throw new Error(`${FFMPEG} is missing: install Debian's ffmpeg`);

const log = (...args: unknown[]) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);

const workRoot = await mkdtemp(join(tmpdir(), 'edgetube-bench-transcode-'));
let system: System | undefined;
let cleaning: Promise<void> | undefined;
/** Stops the instance and removes the work directory; once (Ctrl-C runs it too: scripts/stop-signals.ts). */
const cleanup = () =>
  (cleaning ??= (async () => {
    await system?.stop().catch((err) => log('stopping the instance failed:', err));
    if (!flags.keep) await rm(workRoot, { recursive: true, force: true });
    else log(`kept ${workRoot}`);
  })());
stopOnSignals(cleanup);

/** Load average every 10 s while the bench runs (the machine may be shared). */
const loadSamples: { at: string; load: number[] }[] = [];
const sampler = setInterval(() => loadSamples.push({ at: new Date().toISOString(), load: loadAverage() }), 10_000);
sampler.unref();

function loadSummary() {
  const ones = loadSamples.map((s) => s.load[0]);
  if (!ones.length) return null;
  return {
    samples: ones.length,
    min: Math.min(...ones),
    mean: Math.round((ones.reduce((a, b) => a + b, 0) / ones.length) * 100) / 100,
    max: Math.max(...ones),
  };
}

/** The run with the median wall time (the lower middle one for an even count). */
function medianByWall<T extends { wallSeconds: number }>(runs: T[]): T | undefined {
  return [...runs].sort((a, b) => a.wallSeconds - b.wallSeconds)[Math.floor((runs.length - 1) / 2)];
}

async function main() {
  const logDir = join(workRoot, 'ffmpeg-reports');
  await mkdir(logDir, { recursive: true });
  const bench = await benchBinaries(logDir);
  log(`${durationSeconds}s clips, ladder ${resolutions.join('/')}, ${cpus().length} cores, load ${loadAverage().join(' ')}`);

  const results: SourceResult[] = [];
  const sources = new Map<SourceKind, string>();
  for (const kind of kinds) {
    const errors: string[] = [];
    const loadBefore = loadAverage();
    const t = performance.now();
    const source = await generateSource(workRoot, kind, durationSeconds);
    sources.set(kind, source);
    const probe = await probeVideo(source, { bins: plainBins });
    const blockers = quickTranscodeBlockers(probe);
    const copyTop = canQuickTranscode(probe);
    const rungs = ladderFor(probe, resolutions);
    log(
      `${kind}: generated ${source} in ${seconds(performance.now() - t)}s: ${probe.width}x${probe.height} ${probe.fps}fps ${probe.durationSeconds}s ${probe.videoCodec}/${probe.pixFmt} ${Math.round((probe.overallBitrate ?? 0) / 1000)} kb/s, keyframes ≤${probe.maxKeyframeIntervalSeconds}s`,
    );
    log(`${kind}: ${copyTop ? 'qualifies for stream copy' : `needs a full re-encode; blockers: ${blockers.join('; ')}`}`);
    const result: SourceResult = {
      kind,
      description: SOURCE_DESCRIPTIONS[kind],
      bytes: (await stat(source)).size,
      durationSeconds: probe.durationSeconds,
      blockers,
      copyTop,
      resolutions: rungs.map((r) => r.resolution),
      loadBefore,
      loadAfter: [],
      errors,
    };
    results.push(result);

    // Alternate the order on each repetition, so a change in the machine's load hits both sides.
    const oursRuns: PipelineResult[] = [];
    const baselineRuns: BaselineResult[] = [];
    for (let rep = 0; rep < repeat; rep++) {
      const order = rep % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
      for (const side of order) {
        if (side === 'ours') {
          const oursDir = join(workRoot, `${kind}-ours`);
          try {
            log(`${kind}: (a) this pipeline${repeat > 1 ? ` [${rep + 1}/${repeat}]` : ''}…`);
            const run = await runPipeline({ source, probe, rungs, workDir: oursDir, bench });
            oursRuns.push(run);
            log(
              `${kind}: (a) ${run.wallSeconds}s wall, ${run.ffmpegCpuSeconds} CPU-s, first playable ${run.firstPlayableSeconds}s, load ${loadAverage().join(' ')}`,
            );
          } catch (err) {
            errors.push(`ours: ${(err as Error).message}`);
            log(`${kind}: (a) failed:`, err);
          } finally {
            await rm(oursDir, { recursive: true, force: true });
          }
        } else if (!flags['skip-baseline']) {
          const baseDir = join(workRoot, `${kind}-baseline`);
          try {
            log(`${kind}: (b) baseline (hls=${baselineHls}, concurrency ${concurrency})${repeat > 1 ? ` [${rep + 1}/${repeat}]` : ''}…`);
            const run = await runBaseline({ source, probe, rungs, quick: copyTop, workDir: baseDir, bench, hls: baselineHls, concurrency });
            baselineRuns.push(run);
            log(`${kind}: (b) ${run.wallSeconds}s wall, ${run.cpuSeconds} CPU-s, load ${loadAverage().join(' ')}`);
          } catch (err) {
            errors.push(`baseline: ${(err as Error).message}`);
            log(`${kind}: (b) failed:`, err);
          } finally {
            await rm(baseDir, { recursive: true, force: true });
          }
        }
      }
    }
    result.ours = medianByWall(oursRuns);
    result.baseline = medianByWall(baselineRuns);
    if (repeat > 1) {
      result.oursRuns = oursRuns;
      result.baselineRuns = baselineRuns;
    }
    result.loadAfter = loadAverage();
  }

  // (c) after every (a)/(b), so an idle wrangler/companion does not share the CPU with them.
  if (!flags['skip-system']) {
    try {
      log('(c) starting an instance (libSQL + wrangler dev + companion)…');
      const t = performance.now();
      system = await startSystem(bench);
      log(`(c) instance up at ${system.url} in ${seconds(performance.now() - t)}s`);
    } catch (err) {
      log('(c) the system could not be started:', (err as Error).message);
      for (const r of results) r.system = { ok: false, error: `instance did not start: ${(err as Error).message.split('\n')[0]}` };
    }
    if (system) {
      for (const r of results) {
        const before = loadAverage();
        log(`${r.kind}: (c) upload → served over HTTP…`);
        r.system = await system.run(sources.get(r.kind)!, r.durationSeconds);
        if (r.system.ok)
          log(
            `${r.kind}: (c) upload ${r.system.uploadSeconds}s; companion's ladder ffmpeg started ${r.system.ladderStartSeconds ?? '?'}s after upload; API shows playlistUrl at ${r.system.playlistUrlSeconds}s, master served at ${r.system.masterServedSeconds}s; first playable ${r.system.firstPlayableSeconds}s after upload; all renditions ${r.system.allRenditionsSeconds}s [${r.system.renditions?.join('/')}] (load ${before.join(' ')} → ${loadAverage().join(' ')})`,
          );
        else log(`${r.kind}: (c) FAILED: ${r.system.error}\n${r.system.logs ?? ''}`);
      }
    }
  }

  clearInterval(sampler);
  const load = loadSummary();
  console.log('\n' + table(results));
  if (load)
    console.log(`1-min load average during the run: min ${load.min} · mean ${load.mean} · max ${load.max} (${load.samples} samples, ${cpus().length} cores)`);
  const file = await writeResults(RESULTS_DIR, {
    date: new Date().toISOString(),
    durationSeconds,
    cores: cpus().length,
    ffmpeg: FFMPEG,
    cpuMeasure: 'ffmpeg -benchmark (getrusage of each ffmpeg: utime+stime, maxrss)',
    flags,
    loadAtEnd: loadAverage(),
    loadDuringRun: load,
    loadSamples,
    results,
  });
  console.log(`\nresults: ${file}`);
}

try {
  await main();
} finally {
  await cleanup();
}
