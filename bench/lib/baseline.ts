/**
 * (b) A PeerTube-style baseline: one ffmpeg per job, jobs in PeerTube 6.x's order
 * (optimize the top resolution to a web-video MP4, HLS of the top resolution, then
 * for each lower resolution its web-video MP4 and its HLS), run by a job queue with
 * `concurrency` workers (PeerTube's default `transcoding.concurrency` is 1 on a
 * 2-core box; local transcoding jobs of one video are a sequential flow anyway).
 *
 * Every encode uses the same x264 settings as ours (veryfast, PeerTube's VBV target
 * from transcoder/media/ladder.ts, 2 s GOP, yuv420p, AAC): only the process layout differs.
 * Web-video MP4s are written with `-movflags faststart`; the top one is a stream copy when
 * the source is quick-transcodable, as PeerTube's optimize job does. HLS is fMP4, 4 s segments.
 *
 * Variants (`hls`):
 * - `encode` (default): every HLS rendition is encoded from the source, separately from the
 *   MP4 ("one ffmpeg per resolution for HLS, then a separate MP4 encode per resolution").
 * - `copy`: PeerTube 6.x with web videos enabled: each HLS rendition is remuxed
 *   (`copyCodecs`) from that resolution's MP4, except the top one when the MP4 was a quick
 *   transcode (PeerTube: `copyCodecs = !quickTranscode`), which is encoded.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runFfmpeg, type Rung, type VideoProbe } from '../../transcoder/media';
import { benchOf, cpuOf, dirBytes, fileSize, peakRssMb, round, seconds, type BenchBinaries, type FfmpegBench } from './measure';

export type BaselineHls = 'encode' | 'copy';

interface Job {
  id: string;
  kind: 'mp4' | 'hls';
  how: 'copy' | 'encode' | 'remux';
  rung: Rung;
  dependsOn?: string;
}

export interface StepResult {
  id: string;
  how: Job['how'];
  startSeconds: number;
  endSeconds: number;
  wallSeconds: number;
  cpuSeconds: number;
  maxrssMb: number;
  bytes: number;
}

export type DerivedVariant = Omit<BaselineResult, 'steps' | 'derivedCopy' | 'derivedHlsOnly' | 'concurrency'>;

export interface BaselineResult {
  hls: BaselineHls;
  concurrency: number;
  steps: StepResult[];
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  /** end of the top resolution's web-video MP4 (PeerTube's optimize job) */
  topMp4ReadySeconds: number;
  /** end of the first HLS job: master + one rendition playable */
  firstHlsSeconds: number;
  /** every MP4 + every HLS init/segment/playlist */
  storedBytes: number;
  mp4Bytes: number;
  hlsBytes: number;
  storedMbPerMinute: number;
  /**
   * With concurrency 1 and hls=encode, the remux jobs of the `copy` variant are run
   * afterwards too, and that variant is derived from the shared steps.
   */
  derivedCopy?: DerivedVariant;
  /** PeerTube's default configuration (HLS only; the top MP4 is made, used, then deleted) */
  derivedHlsOnly?: DerivedVariant;
}

function videoEncodeArgs(rung: Rung, probe: VideoProbe, preset: string): string[] {
  const chain = [`scale=${rung.width}:${rung.height}`, 'setsar=1'];
  if (rung.fps !== Math.round(probe.fps)) chain.push(`fps=${rung.fps}`);
  chain.push('format=yuv420p');
  const args = [
    '-map',
    '0:v:0',
    '-vf',
    chain.join(','),
    '-c:v',
    'libx264',
    '-preset',
    preset,
    '-maxrate',
    String(rung.maxrate),
    '-bufsize',
    String(rung.bufsize),
    '-g',
    String(rung.gopFrames),
    '-keyint_min',
    String(rung.gopFrames),
    '-sc_threshold',
    '0',
    '-force_key_frames',
    'expr:gte(t,n_forced*2)',
    '-b_strategy',
    '1',
    '-bf',
    '16',
  ];
  if (probe.hasAudio) args.push('-map', '0:a:0', '-c:a', 'aac', '-b:a', String(rung.audioBitrate), '-ac', '2');
  return args;
}

const hlsOutputArgs = (name: string) => [
  '-f',
  'hls',
  '-hls_time',
  '4',
  '-hls_list_size',
  '0',
  '-hls_playlist_type',
  'vod',
  '-hls_segment_type',
  'fmp4',
  '-hls_flags',
  'independent_segments',
  '-hls_fmp4_init_filename',
  `${name}-init.mp4`,
  '-hls_segment_filename',
  `${name}-%05d.m4s`,
  `${name}.m3u8`,
];

/** The job list, in PeerTube's order. */
function plan(rungs: readonly Rung[], quick: boolean, hls: BaselineHls): Job[] {
  const jobs: Job[] = [];
  rungs.forEach((rung, i) => {
    const top = i === 0;
    const mp4: Job = { id: `mp4-${rung.name}`, kind: 'mp4', how: top && quick && rung.isSourceResolution ? 'copy' : 'encode', rung };
    const remux = hls === 'copy' && !(top && mp4.how === 'copy');
    jobs.push(mp4, { id: `hls-${rung.name}`, kind: 'hls', how: remux ? 'remux' : 'encode', rung, dependsOn: remux ? mp4.id : undefined });
  });
  return jobs;
}

function argsFor(job: Job, source: string, dir: string, probe: VideoProbe, preset: string): string[] {
  const { rung } = job;
  if (job.kind === 'mp4') {
    const out = join(dir, `${rung.name}.mp4`);
    if (job.how === 'copy') return ['-i', source, '-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', '-map_metadata', '-1', '-movflags', 'faststart', out];
    return ['-i', source, ...videoEncodeArgs(rung, probe, preset), '-movflags', 'faststart', out];
  }
  if (job.how === 'remux') return ['-i', join(dir, '..', `mp4-${rung.name}`, `${rung.name}.mp4`), '-map', '0', '-c', 'copy', ...hlsOutputArgs(rung.name)];
  return ['-i', source, ...videoEncodeArgs(rung, probe, preset), ...hlsOutputArgs(rung.name)];
}

async function runJob(
  job: Job,
  ctx: { source: string; workDir: string; probe: VideoProbe; bench: BenchBinaries; preset: string; t0: number },
): Promise<StepResult> {
  const dir = join(ctx.workDir, job.how === 'remux' ? `remux-${job.rung.name}` : job.id);
  await mkdir(dir, { recursive: true });
  let pid = -1;
  const start = performance.now();
  await runFfmpeg(ctx.bench.bins, argsFor(job, ctx.source, dir, ctx.probe, ctx.preset), { cwd: dir, onSpawn: (p) => (pid = p) });
  const end = performance.now();
  const b: FfmpegBench | null = await benchOf(ctx.bench.logDir, pid);
  const bytes = job.kind === 'mp4' ? await fileSize(join(dir, `${job.rung.name}.mp4`)) : await dirBytes(dir);
  return {
    id: job.how === 'remux' ? `remux-${job.rung.name}` : job.id,
    how: job.how,
    startSeconds: seconds(start - ctx.t0),
    endSeconds: seconds(end - ctx.t0),
    wallSeconds: seconds(end - start),
    cpuSeconds: b ? cpuOf([b]) : NaN,
    maxrssMb: b ? round(b.maxrssKb / 1024, 0) : NaN,
    bytes,
  };
}

/** A job queue with `concurrency` workers; a job waits for its dependency. Bounded by the job count. */
async function runQueue(jobs: Job[], concurrency: number, run: (job: Job) => Promise<StepResult>): Promise<StepResult[]> {
  const done = new Set<string>();
  const results: StepResult[] = [];
  const pending = [...jobs];
  const running = new Map<string, Promise<void>>();
  for (let guard = 0; guard < jobs.length * 4 + 4 && (pending.length || running.size); guard++) {
    while (running.size < concurrency) {
      const index = pending.findIndex((j) => !j.dependsOn || done.has(j.dependsOn));
      if (index < 0) break;
      const [job] = pending.splice(index, 1);
      running.set(
        job.id,
        run(job).then((r) => {
          results.push(r);
          done.add(job.id);
          running.delete(job.id);
        }),
      );
    }
    if (running.size) await Promise.race(running.values());
  }
  if (pending.length || running.size) throw new Error('baseline queue did not drain');
  return results;
}

function summarize(steps: StepResult[], hls: BaselineHls, durationSeconds: number, wallSeconds: number) {
  const mp4Bytes = steps.filter((s) => s.id.startsWith('mp4-')).reduce((a, s) => a + s.bytes, 0);
  const hlsBytes = steps.filter((s) => !s.id.startsWith('mp4-')).reduce((a, s) => a + s.bytes, 0);
  const top = steps.find((s) => s.id.startsWith('mp4-'));
  const firstHls = Math.min(...steps.filter((s) => !s.id.startsWith('mp4-')).map((s) => s.endSeconds));
  const benches = steps.map((s) => ({ pid: 0, utime: s.cpuSeconds, stime: 0, rtime: s.wallSeconds, maxrssKb: s.maxrssMb * 1024 }));
  return {
    hls,
    wallSeconds: round(wallSeconds, 2),
    cpuSeconds: cpuOf(benches),
    peakRssMb: peakRssMb(benches),
    topMp4ReadySeconds: top?.endSeconds ?? NaN,
    firstHlsSeconds: firstHls,
    storedBytes: mp4Bytes + hlsBytes,
    mp4Bytes,
    hlsBytes,
    storedMbPerMinute: round((mp4Bytes + hlsBytes) / 1e6 / (durationSeconds / 60), 2),
  };
}

export async function runBaseline(options: {
  source: string;
  probe: VideoProbe;
  rungs: Rung[];
  quick: boolean;
  workDir: string;
  bench: BenchBinaries;
  hls: BaselineHls;
  concurrency: number;
  preset?: string;
}): Promise<BaselineResult> {
  const { source, probe, rungs, quick, workDir, bench, hls, concurrency } = options;
  const ctx = { source, workDir, probe, bench, preset: options.preset ?? 'veryfast', t0: performance.now() };
  const jobs = plan(rungs, quick, hls);
  const steps = await runQueue(jobs, concurrency, (job) => runJob(job, ctx));
  const order = new Map(jobs.map((j, i) => [j.how === 'remux' ? `remux-${j.rung.name}` : j.id, i]));
  steps.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const wall = Math.max(...steps.map((s) => s.endSeconds));
  const result: BaselineResult = { ...summarize(steps, hls, probe.durationSeconds, wall), concurrency, steps };

  if (hls === 'encode' && concurrency === 1) {
    // The `copy` variant shares the MP4 jobs (and the top HLS encode when the top was copied).
    const copyJobs = plan(rungs, quick, 'copy');
    const extra: StepResult[] = [];
    for (const job of copyJobs.filter((j) => j.how === 'remux')) extra.push(await runJob(job, ctx));
    const byId = new Map([...steps, ...extra].map((s) => [s.id, s]));
    // A sequential queue: re-time the chosen steps back to back, in PeerTube's order.
    const sequential = (ids: string[]) => {
      let t = 0;
      const sequence = ids.map((id) => byId.get(id)!).map((s) => ({ ...s, startSeconds: round(t, 2), endSeconds: round((t += s.wallSeconds), 2) }));
      return { sequence, wall: t };
    };
    const copySeq = sequential(copyJobs.map((j) => (j.how === 'remux' ? `remux-${j.rung.name}` : j.id)));
    result.derivedCopy = summarize(copySeq.sequence, 'copy', probe.durationSeconds, copySeq.wall);

    // PeerTube's default configuration (web videos off, HLS on): optimize the top resolution to an
    // MP4, HLS of it (remux, or an encode when the MP4 was a quick transcode), HLS encodes of the
    // lower resolutions; the MP4 is then deleted (deleteWebVideoFiles), so only HLS is stored.
    const [top, ...lower] = copyJobs.filter((j) => j.kind === 'mp4').map((j) => j);
    const hlsOnlySeq = sequential([top.id, top.how === 'copy' ? `hls-${top.rung.name}` : `remux-${top.rung.name}`, ...lower.map((j) => `hls-${j.rung.name}`)]);
    const hlsOnly = summarize(hlsOnlySeq.sequence, 'encode', probe.durationSeconds, hlsOnlySeq.wall);
    result.derivedHlsOnly = {
      ...hlsOnly,
      mp4Bytes: 0,
      storedBytes: hlsOnly.hlsBytes,
      storedMbPerMinute: round(hlsOnly.hlsBytes / 1e6 / (probe.durationSeconds / 60), 2),
    };
    result.steps.push(...extra);
  }
  return result;
}
