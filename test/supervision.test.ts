/**
 * `npm start` under fire (issue 13): its own runs, on a data directory of this file.
 * - `kill -9` of the companion mid-transcode: the API keeps answering, the companion comes back,
 *   the video is published.
 * - `kill -9` of the whole process group mid-transcode, then `npm start` again: it comes up and
 *   the job resumes.
 * - `kill -9` of the runner alone: the next start stops what it left (workerd, the companion).
 * - a second start on a data directory in use refuses, naming the running one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../scripts/ports';
import { isSameProcessAlive, processTree } from '../scripts/process-tree';
import { generateClip } from './helpers/clips';
import { waitFor } from './helpers/internal';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROOT_PASSWORD = 'supervision-root-password';
let dir: string;
let port: number;
let url: string;
let clip: string;

type Run = { child: ChildProcess; output: () => string; exited: Promise<number | null> };
const runs: Run[] = [];

/** `npm start` as an operator runs it (`node --import tsx scripts/start.ts`), in its own process group. */
function npmStart(): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), DATA_DIR: dir, ROOT_PASSWORD, JOB_LEASE_SECONDS: '6' },
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const run = { child, output: () => output, exited };
  runs.push(run);
  return run;
}

async function up(run: Run) {
  await waitFor(
    'npm start to come up',
    () => {
      if (run.child.exitCode !== null) throw new Error(`npm start exited:\n${run.output()}`);
      return run.output().includes('edgetube is up');
    },
    { timeoutMs: 150_000, intervalMs: 250 },
  );
  return /companion: +(http:\/\/\S+)/.exec(run.output())![1];
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* gone */
  }
}

async function json(path: string, init: RequestInit = {}) {
  const res = await fetch(`${url}${path}`, { ...init, signal: AbortSignal.timeout(20_000) });
  const text = await res.text();
  return { status: res.status, data: text ? JSON.parse(text) : undefined };
}

async function rootToken() {
  const client = (await json('/api/v1/oauth-clients/local')).data;
  const res = await json('/api/v1/users/token', {
    method: 'POST',
    body: new URLSearchParams({
      client_id: client.client_id,
      client_secret: client.client_secret,
      grant_type: 'password',
      username: 'root',
      password: ROOT_PASSWORD,
    }),
  });
  return res.data.access_token as string;
}

async function upload(token: string, name: string) {
  const me = (await json('/api/v1/users/me', { headers: { authorization: `Bearer ${token}` } })).data;
  const form = new FormData();
  form.append('name', name);
  form.append('channelId', String(me.videoChannels[0].id));
  form.append('privacy', '1');
  form.append('videofile', new Blob([await readFile(clip)], { type: 'video/mp4' }), 'clip.mp4');
  const res = await json('/api/v1/videos/upload', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  expect(res.status).toBe(200);
  return res.data.video.uuid as string;
}

async function health(companionUrl: string) {
  try {
    const res = await fetch(`${companionUrl}/health`, { signal: AbortSignal.timeout(2000) });
    return (await res.json()) as { pid: number; activeJobs: number };
  } catch {
    return undefined;
  }
}

/** Runs the sweep until the video is published: a dead holder's lease lapses after 6 s here. */
async function publishedAfterSweeps(token: string, uuid: string) {
  return waitFor(
    'the video to be published',
    async () => {
      await fetch(`${url}/__scheduled?cron=*+*+*+*+*`)
        .then((r) => r.body?.cancel())
        .catch(() => {});
      const video = (await json(`/api/v1/videos/${uuid}`, { headers: { authorization: `Bearer ${token}` } })).data;
      if (video?.state?.id === 7) throw new Error(`transcoding failed: ${JSON.stringify(video.state)}`);
      return video?.state?.id === 1 && video.files?.length > 0 ? video : undefined;
    },
    { timeoutMs: 240_000, intervalMs: 3_000 },
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgetube-supervision-'));
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
  // Long enough that the companion is still transcoding when it is killed.
  clip = await generateClip(join(dir, 'clip.mp4'), { seconds: 40, width: 1280, height: 720 });
});

afterAll(async () => {
  for (const run of runs) killGroup(run.child, 'SIGKILL');
  if (dir && !process.env.KEEP_TEST_DATA) await rm(dir, { recursive: true, force: true });
});

describe('npm start under fire', () => {
  it('restarts a companion killed mid-transcode while the API keeps answering, and the video is published', async () => {
    const run = npmStart();
    const companionUrl = await up(run);
    const token = await rootToken();
    const uuid = await upload(token, 'killed companion');
    const busy = await waitFor(
      'the companion to be transcoding',
      async () => {
        const h = await health(companionUrl);
        return h && h.activeJobs > 0 ? h : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    process.kill(busy.pid, 'SIGKILL');

    expect((await json('/api/v1/config')).status).toBe(200);
    const back = await waitFor(
      'the companion to come back',
      async () => {
        const h = await health(companionUrl);
        return h && h.pid !== busy.pid ? h : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(back.pid).not.toBe(busy.pid);
    expect(run.child.exitCode).toBeNull();
    expect(run.output()).toMatch(/companion killed by SIGKILL .*restarting/);
    await publishedAfterSweeps(token, uuid);
    expect((await json('/api/v1/config')).status).toBe(200);
  });

  it('refuses a second start on the same data directory, naming the running one', async () => {
    const second = npmStart();
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain('already running');
    expect(second.output()).toContain(String(runs[0].child.pid));
    expect((await json('/api/v1/config')).status).toBe(200);
  });

  it('comes up again after kill -9 of the whole process group, and the job resumes', async () => {
    const token = await rootToken();
    const companionUrl = /companion: +(http:\/\/\S+)/.exec(runs[0].output())![1];
    const uuid = await upload(token, 'killed group');
    await waitFor('the companion to be transcoding', async () => ((await health(companionUrl))?.activeJobs ?? 0) > 0 || undefined, {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    killGroup(runs[0].child, 'SIGKILL');
    await waitFor(
      'the port to be free',
      async () =>
        (await fetch(url).then(
          () => false,
          () => true,
        )) || undefined,
      { timeoutMs: 30_000 },
    );

    const again = npmStart();
    await up(again);
    await publishedAfterSweeps(await rootToken(), uuid);
  });

  it('stops what a killed runner left behind before starting again', async () => {
    const previous = runs[runs.length - 1].child;
    const leftovers = processTree(previous.pid!).filter((p) => p.pid !== previous.pid);
    expect(leftovers.length).toBeGreaterThan(0); // workerd and the companion at least
    process.kill(previous.pid!, 'SIGKILL'); // the runner alone: its children live on

    const again = npmStart();
    await up(again);
    expect(again.output()).toContain('left by an earlier run');
    for (const p of leftovers) expect(isSameProcessAlive(p)).toBe(false);
    expect((await json('/api/v1/config')).status).toBe(200);
  });
});
