/**
 * (c) End to end through the real system: an instance started as test/global-setup.ts
 * starts it (startInstance: local libSQL server + `wrangler dev` with local R2/Queues,
 * and the companion as a supervised child process), a legacy multipart upload as root,
 * then HTTP polling of what the Worker serves.
 *
 * t0 = the upload response has arrived. "First playable" = the master playlist, every
 * variant playlist, and each variant's init segment (EXT-X-MAP) and first media segment
 * all answer 200 from the Worker. "All renditions" = `files[0].torrentUrl` is present
 * (the Worker lists files only once every rendition's MP4 and torrent are stored).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { startInstanceWithCompanion } from '../../test/helpers/companion-process';
import { parseMediaPlaylist } from '../../transcoder/media';
import { cpuOf, newBenches, peakRssMb, reportPids, round, seconds, sleep, type BenchBinaries } from './measure';

export interface SystemRun {
  ok: boolean;
  error?: string;
  uploadSeconds?: number;
  uuid?: string;
  /** from t0 (upload response) */
  firstPlayableSeconds?: number;
  firstPlayableFraction?: number;
  allRenditionsSeconds?: number;
  allRenditionsFraction?: number;
  renditions?: number[];
  /** the companion's ffmpeg(s), from their -benchmark reports */
  companionFfmpegCpuSeconds?: number;
  companionFfmpegPeakRssMb?: number;
  /** upload response → the API first shows streamingPlaylists[0].playlistUrl */
  playlistUrlSeconds?: number;
  /** upload response → the master playlist first answers 200 */
  masterServedSeconds?: number;
  /** upload response → the companion's ladder ffmpeg started (queue, dispatch, the head of the download, probe) */
  ladderStartSeconds?: number;
  /** where the instance's logs were, when it failed */
  logs?: string;
}

export interface System {
  url: string;
  run: (source: string, durationSeconds: number) => Promise<SystemRun>;
  stop: () => Promise<void>;
}

const ROOT_PASSWORD = 'bench-root-password';

async function json(res: Response) {
  const text = await res.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/** Starts the instance; the companion runs ffmpeg through the bench wrapper (FFMPEG_PATH). */
export async function startSystem(bench: BenchBinaries): Promise<System> {
  const dataDir = await mkdtemp(join(tmpdir(), 'edgetube-bench-'));
  // superviseCompanion passes process.env on to the companion.
  process.env.FFMPEG_PATH = bench.wrapper;
  process.env.FFPROBE_PATH = bench.bins.ffprobe;
  let started: Awaited<ReturnType<typeof startInstanceWithCompanion>>;
  try {
    started = await startInstanceWithCompanion({ dataDir, rootPassword: ROOT_PASSWORD, logLevel: 'warn' });
  } catch (err) {
    const logs = await tailLogs(dataDir);
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`instance did not start: ${(err as Error).message}\n${logs}`);
  }
  const { instance } = started;
  const url = instance.url;
  const stop = async () => {
    await started.stop();
    if (!process.env.KEEP_BENCH_DATA) await rm(dataDir, { recursive: true, force: true });
  };
  return { url, stop, run: (source, duration) => runOnce(url, dataDir, bench, source, duration) };
}

async function tailLogs(dataDir: string): Promise<string> {
  const out: string[] = [];
  for (const name of ['companion.log', 'wrangler.log']) {
    try {
      const lines = (await readFile(join(dataDir, name), 'utf8')).trim().split('\n').slice(-8);
      out.push(`--- ${name} (last lines)`, ...lines);
    } catch {
      /* absent */
    }
  }
  return out.join('\n');
}

async function login(url: string): Promise<string> {
  const client = await json(await fetch(`${url}/api/v1/oauth-clients/local`));
  const res = await fetch(`${url}/api/v1/users/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: client.client_id,
      client_secret: client.client_secret,
      grant_type: 'password',
      username: 'root',
      password: ROOT_PASSWORD,
    }),
  });
  const data = await json(res);
  if (res.status !== 200) throw new Error(`login: ${res.status} ${JSON.stringify(data)}`);
  return data.access_token;
}

async function get(url: string, token?: string): Promise<{ status: number; body: string }> {
  try {
    const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: await res.text() };
  } catch (err) {
    return { status: 0, body: (err as Error).message };
  }
}

/**
 * One poll: is the master + every variant + its init + first segment served?
 * `served` remembers URLs that already answered 200 (media objects are immutable).
 */
async function playableNow(masterUrl: string, served: Set<string>, onMaster: () => void): Promise<{ ok: boolean; variants: number }> {
  const master = await get(masterUrl);
  if (master.status !== 200) return { ok: false, variants: 0 };
  onMaster();
  const variants = master.body
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => new URL(l, masterUrl).href);
  if (variants.length === 0) return { ok: false, variants: 0 };
  const results = await Promise.all(
    variants.map(async (variantUrl) => {
      const variant = await get(variantUrl);
      if (variant.status !== 200) return false;
      const playlist = parseMediaPlaylist(variant.body.endsWith('\n') ? variant.body : variant.body + '\n');
      if (!playlist.initFile || playlist.segments.length === 0) return false;
      const parts = [playlist.initFile, playlist.segments[0].file].map((f) => new URL(f, variantUrl).href);
      for (const part of parts) {
        if (served.has(part)) continue;
        if ((await get(part)).status !== 200) return false;
        served.add(part);
      }
      return true;
    }),
  );
  return { ok: results.every(Boolean), variants: variants.length };
}

async function runOnce(url: string, dataDir: string, bench: BenchBinaries, source: string, duration: number): Promise<SystemRun> {
  const seen = reportPids(await readdir(bench.logDir));
  const result: SystemRun = { ok: false };
  const timeoutMs = Math.max(600_000, duration * 20_000);
  let t0Wall = 0;
  try {
    const token = await login(url);
    const me = await json(await fetch(`${url}/api/v1/users/me`, { headers: { authorization: `Bearer ${token}` } }));
    const channelId = me?.videoChannels?.[0]?.id;
    if (!channelId) throw new Error(`no channel in /users/me: ${JSON.stringify(me).slice(0, 200)}`);

    const form = new FormData();
    form.set('channelId', String(channelId));
    form.set('name', `bench ${basename(source)}`);
    form.set('privacy', '1');
    form.set('videofile', new Blob([await readFile(source)], { type: 'video/mp4' }), basename(source));
    const uploadStart = performance.now();
    const upload = await fetch(`${url}/api/v1/videos/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
      signal: AbortSignal.timeout(300_000),
    });
    const uploadBody = await json(upload);
    const t0 = performance.now();
    t0Wall = Date.now();
    result.uploadSeconds = seconds(t0 - uploadStart);
    if (upload.status !== 200 || !uploadBody?.video?.uuid) throw new Error(`upload: ${upload.status} ${JSON.stringify(uploadBody).slice(0, 300)}`);
    const uuid: string = uploadBody.video.uuid;
    result.uuid = uuid;

    const deadline = t0 + timeoutMs;
    const served = new Set<string>();
    let video: any;
    // First playable: every 100 ms, bounded by the deadline.
    while (performance.now() < deadline) {
      const res = await get(`${url}/api/v1/videos/${uuid}`, token);
      video = res.status === 200 ? JSON.parse(res.body) : undefined;
      if (video?.state?.id === 7) throw new Error(`transcoding failed (state 7): ${JSON.stringify(video.state)}`);
      const masterUrl: string | undefined = video?.streamingPlaylists?.[0]?.playlistUrl;
      if (masterUrl) {
        result.playlistUrlSeconds ??= seconds(performance.now() - t0);
        const now = await playableNow(masterUrl, served, () => (result.masterServedSeconds ??= seconds(performance.now() - t0)));
        if (now.ok) {
          result.firstPlayableSeconds = seconds(performance.now() - t0);
          break;
        }
      }
      await sleep(100);
    }
    if (result.firstPlayableSeconds === undefined) throw new Error(`not playable after ${timeoutMs / 1000}s (state ${JSON.stringify(video?.state)})`);
    result.firstPlayableFraction = round(result.firstPlayableSeconds / duration, 3);

    // Every rendition stored: files[0].torrentUrl, polled every 250 ms, bounded.
    while (performance.now() < deadline) {
      const res = await get(`${url}/api/v1/videos/${uuid}`, token);
      video = res.status === 200 ? JSON.parse(res.body) : undefined;
      if (video?.state?.id === 7) throw new Error(`transcoding failed (state 7): ${JSON.stringify(video.state)}`);
      if (video?.files?.[0]?.torrentUrl) {
        result.allRenditionsSeconds = seconds(performance.now() - t0);
        break;
      }
      await sleep(250);
    }
    if (result.allRenditionsSeconds === undefined) throw new Error(`files[0].torrentUrl missing after ${timeoutMs / 1000}s`);
    result.allRenditionsFraction = round(result.allRenditionsSeconds / duration, 3);
    result.renditions = (video.files as { resolution: { id: number } }[]).map((f) => f.resolution.id);
    result.ok = true;
  } catch (err) {
    result.error = (err as Error).message;
    result.logs = await tailLogs(dataDir);
  }
  // The companion may still be finishing (images) when files appear; give its ffmpegs a moment.
  await sleep(1000);
  const benches = await newBenches(bench.logDir, seen);
  if (benches.length) {
    result.companionFfmpegCpuSeconds = cpuOf(benches);
    result.companionFfmpegPeakRssMb = peakRssMb(benches);
    // The ladder is the ffmpeg that used the most CPU (the other one makes the images).
    const ladder = [...benches].sort((a, b) => b.utime + b.stime - (a.utime + a.stime))[0];
    if (ladder.startedAtMs && t0Wall) result.ladderStartSeconds = round((ladder.startedAtMs - t0Wall) / 1000, 2);
  }
  return result;
}
