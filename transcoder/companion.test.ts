import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { signHmacRequest, verifyHmacRequest } from '../worker/crypto/hmac';
import type { DoneReport, TranscodeRequest } from '../worker/jobs/companion-protocol';
import { makeClip, makeTempDir } from './media/test-clips';
import { startCompanion } from './server';
import { runTranscode } from './run-transcode';
import { workerStorage } from './transcode-storage';
import { createWorkerClient } from './worker-client';
import { testBins } from './media/test-clips';

/**
 * The companion against a stand-in for the Worker's internal endpoints: real HTTP,
 * real HMAC both ways, real ffmpeg on a generated clip. The stand-in keeps objects
 * in memory and records every callback in order.
 */
const SECRET = 'companion-test-secret-0123456789';

type Call = { kind: string; body: any; at: number };

function fakeWorker() {
  const objects = new Map<string, Buffer>();
  const uploads: Array<{ key: string; text?: string }> = [];
  const calls: Call[] = [];
  const rangesServed: string[] = [];
  let answerStale = false;
  const app = new Hono();

  const verify = async (c: any, body?: string, allowUnsignedBody = false) => {
    const check = await verifyHmacRequest(SECRET, { method: c.req.method, url: c.req.url, headers: c.req.raw.headers, body }, { allowUnsignedBody });
    return check.ok;
  };
  app.get('/internal/media/*', async (c) => {
    if (!(await verify(c))) return c.text('bad signature', 401);
    const key = decodeURIComponent(c.req.path.replace('/internal/media/', ''));
    // A Worker that never answers: the companion must give up on its own.
    if (key === 'originals/hang.mp4') {
      await new Promise((r) => setTimeout(r, 8000));
      return c.text('too late', 404);
    }
    const data = objects.get(key);
    if (!data) return c.text('missing', 404);
    const m = /bytes=(\d+)-(\d+)/.exec(c.req.header('range') ?? '');
    if (!m) return c.body(new Uint8Array(data), 200);
    const start = Number(m[1]);
    const end = Math.min(Number(m[2]), data.length - 1);
    rangesServed.push(`${start}-${end}`);
    return c.body(new Uint8Array(data.subarray(start, end + 1)), 206, { 'content-range': `bytes ${start}-${end}/${data.length}` });
  });
  app.put('/internal/media/*', async (c) => {
    if (!(await verify(c, undefined, true))) return c.text('bad signature', 401);
    const key = decodeURIComponent(c.req.path.replace('/internal/media/', ''));
    const data = Buffer.from(await c.req.arrayBuffer());
    if (createHash('sha256').update(data).digest('hex') !== c.req.header('x-edgetube-object-sha256')) return c.text('checksum', 400);
    objects.set(key, data);
    uploads.push({ key, text: key.endsWith('.m3u8') ? data.toString('utf8') : undefined });
    return c.json({ key }, 201);
  });
  app.post('/internal/jobs/:id/:kind', async (c) => {
    const body = await c.req.text();
    if (!(await verify(c, body))) return c.text('bad signature', 401);
    calls.push({ kind: c.req.param('kind'), body: JSON.parse(body), at: Date.now() });
    if (answerStale) return c.json({ code: 'stale_attempt' }, 409);
    return c.json({ ok: true });
  });

  return {
    objects,
    uploads,
    calls,
    rangesServed,
    setStale(v: boolean) {
      answerStale = v;
    },
    async start() {
      return new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
        const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
          resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((r) => server.close(() => r())) }),
        );
      });
    },
  };
}

const worker = fakeWorker();
let workerServer: { url: string; close: () => Promise<void> };
let companion: { url: string; stop: () => Promise<void> };
let clips: { dir: string; remove: () => Promise<void> };
let tmp: { dir: string; remove: () => Promise<void> };
let jobSeq = 0;

async function dispatch(overrides: Partial<TranscodeRequest> = {}) {
  jobSeq += 1;
  const req: TranscodeRequest = {
    jobId: 1000 + jobSeq,
    attempt: 1,
    type: 'video-transcode',
    videoUuid: '0a2b3c4d-1111-4222-8333-444455556666',
    input: { key: 'originals/clip.mp4' },
    output: { prefix: `videos/job-${jobSeq}` },
    generate: { thumbnail: true, preview: true },
    torrent: { webSeedBase: 'http://edge.example/download/videos/0a2b3c4d-1111-4222-8333-444455556666', announce: ['ws://edge.example/tracker/socket'] },
    heartbeatSeconds: 1,
    ...overrides,
  };
  const body = JSON.stringify(req);
  const headers = await signHmacRequest(SECRET, { method: 'POST', url: `${companion.url}/jobs`, body });
  const res = await fetch(`${companion.url}/jobs`, { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' } });
  return { req, status: res.status, body: (await res.json()) as any };
}

async function waitFor<T>(what: string, fn: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until the companion is idle and its temp directory is empty (cleanup runs after the last report). */
async function waitIdle() {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const health = (await (await fetch(`${companion.url}/health`)).json()) as any;
    const left = await readdir(tmp.dir);
    if ((health.activeJobs === 0 && left.length === 0) || Date.now() > deadline) return { activeJobs: health.activeJobs as number, left };
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  clips = await makeTempDir('edgetube-companion-clips-');
  tmp = await makeTempDir('edgetube-companion-tmp-');
  const clip = await makeClip(clips.dir, 'clip', { width: 640, height: 360, seconds: 6 });
  const { readFile } = await import('node:fs/promises');
  worker.objects.set('originals/clip.mp4', await readFile(clip));
  const corrupt = join(clips.dir, 'corrupt.mp4');
  await writeFile(corrupt, Buffer.concat([Buffer.from('this is not a video at all '), Buffer.alloc(4096, 7)]));
  worker.objects.set('originals/corrupt.mp4', await readFile(corrupt));
  workerServer = await worker.start();
  companion = await startCompanion({ port: 0, workerUrl: workerServer.url, secret: SECRET, tmpDir: tmp.dir, log: () => {} });
});

afterAll(async () => {
  await companion?.stop();
  await workerServer?.close();
  await clips?.remove();
  await tmp?.remove();
});

describe('companion', () => {
  it('reports its health: version, ffmpeg version, jobs running, disk free', async () => {
    const res = await fetch(`${companion.url}/health`);
    const body = (await res.json()) as any;
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ ok: true, activeJobs: 0, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(body.ffmpeg).toMatch(/^\d/);
    expect(body.diskFreeBytes).toBeGreaterThan(0);
  });

  it('refuses unsigned or wrongly signed jobs', async () => {
    const body = JSON.stringify({ jobId: 1 });
    expect((await fetch(`${companion.url}/jobs`, { method: 'POST', body })).status).toBe(401);
    const headers = await signHmacRequest('another-secret-0123456789', { method: 'POST', url: `${companion.url}/jobs`, body });
    expect((await fetch(`${companion.url}/jobs`, { method: 'POST', body, headers })).status).toBe(401);
    const good = await signHmacRequest(SECRET, { method: 'POST', url: `${companion.url}/jobs`, body });
    expect((await fetch(`${companion.url}/jobs`, { method: 'POST', body, headers: good })).status).toBe(400);
  });

  it('transcodes a clip: segments as they close, playable before done, then everything stored', async () => {
    const before = worker.calls.length;
    const { req, status } = await dispatch();
    expect(status).toBe(202);
    // A duplicate delivery of the same attempt is accepted but not run twice; a second job waits (concurrency 1).
    expect((await dispatch({ jobId: req.jobId })).status).toBe(202);
    const busy = await dispatch();
    expect(busy.status).toBe(503);

    const done = await waitFor('done', () => worker.calls.slice(before).find((c) => c.kind === 'done' || c.kind === 'failed'));
    expect(done.kind, JSON.stringify(done.body)).toBe('done');
    const calls = worker.calls.slice(before);
    const kinds = calls.map((c) => c.kind);
    expect(kinds.filter((k) => k === 'done')).toHaveLength(1);
    expect(kinds.indexOf('playable')).toBeGreaterThan(-1);
    expect(kinds.indexOf('playable')).toBeLessThan(kinds.indexOf('done'));
    expect(kinds).toContain('progress');
    expect(calls.every((c) => c.body.attempt === 1)).toBe(true);

    const report = done.body as DoneReport;
    const prefix = req.output.prefix;
    expect(report.masterKey).toBe(`${prefix}/hls/master.m3u8`);
    expect(report.durationSeconds).toBeGreaterThan(5.5);
    expect(report.aspectRatio).toBeCloseTo(16 / 9, 2);
    expect(report.renditions.map((r) => r.resolution).sort((a, b) => b - a)).toEqual([360, 240]);
    for (const r of report.renditions) {
      expect(r.segments[0].key).toMatch(/init\.mp4$/);
      expect(r.segments[0].duration).toBe(0);
      let total = 0;
      for (const s of r.segments) {
        expect(worker.objects.get(s.key)?.length, s.key).toBe(s.size);
        total += s.size;
      }
      expect(r.size).toBe(total);
      expect(worker.objects.has(r.torrentKey)).toBe(true);
      expect(r.infoHash).toMatch(/^[0-9a-f]{40}$/);
      // ffprobe of the rendition's MP4 (init + segments), under its public name, with no local path.
      expect(r.metadata?.format).toMatchObject({ filename: `${req.videoUuid}-${r.resolution}.mp4`, size: r.size });
      expect(r.metadata?.streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: r.width, height: r.height });
      expect(r.metadata?.streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac' });
      expect(JSON.stringify(r.metadata)).not.toContain(tmp.dir);
      const finalPlaylist = worker.objects.get(r.playlistKey)!.toString();
      expect(finalPlaylist).toContain('#EXT-X-ENDLIST');
      // The playlist grew: uploaded as an EVENT playlist after each segment, before the final one.
      const versions = worker.uploads.filter((u) => u.key === r.playlistKey);
      expect(versions.length).toBeGreaterThanOrEqual(2);
      expect(versions[0].text).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
      expect(versions[0].text).not.toContain('#EXT-X-ENDLIST');
    }
    const sha = JSON.parse(worker.objects.get(report.segmentsSha256Key)!.toString());
    const mediaSegments = report.renditions.flatMap((r) => r.segments.slice(1));
    expect(Object.keys(sha)).toHaveLength(mediaSegments.length);
    const first = mediaSegments[0];
    expect(sha[first.key.split('/').pop()!]).toBe(createHash('sha256').update(worker.objects.get(first.key)!).digest('hex'));
    expect(worker.objects.get(report.thumbnailKey!)?.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(worker.objects.get(report.previewKey!)?.subarray(0, 2).toString('hex')).toBe('ffd8');
    const master = worker.objects.get(report.masterKey)!.toString();
    expect(master).toContain('360.m3u8');
    expect(master).toContain('CODECS="avc1.');
    // The original was read in ranged parts.
    expect(worker.rangesServed[0]).toMatch(/^0-/);

    // Temp files are gone.
    expect(await waitIdle()).toEqual({ activeJobs: 0, left: [] });
  });

  it('reports an unreadable file as a failure that retrying cannot fix', async () => {
    const before = worker.calls.length;
    const { status } = await dispatch({ input: { key: 'originals/corrupt.mp4' } });
    expect(status).toBe(202);
    const failed = await waitFor('failed', () => worker.calls.slice(before).find((c) => c.kind === 'failed' || c.kind === 'done'));
    expect(failed.kind).toBe('failed');
    expect(failed.body.retryable).toBe(false);
    expect(failed.body.error).toMatch(/cannot be transcoded/i);
    expect(await waitIdle()).toEqual({ activeJobs: 0, left: [] });
  });

  it('stops working when the Worker says the attempt lost its lease', async () => {
    const before = worker.calls.length;
    worker.setStale(true);
    try {
      const { status } = await dispatch();
      expect(status).toBe(202);
      await waitFor('a refused progress report', () => worker.calls.slice(before).find((c) => c.kind === 'progress'));
      expect(await waitIdle()).toEqual({ activeJobs: 0, left: [] });
      expect(worker.calls.slice(before).some((c) => c.kind === 'done' || c.kind === 'playable')).toBe(false);
    } finally {
      worker.setStale(false);
    }
  });

  it('downloads an original in parallel ranged parts, byte for byte', async () => {
    const data = Buffer.from(Array.from({ length: 100_003 }, (_, i) => (i * 7919) % 251));
    worker.objects.set('originals/parts.bin', data);
    const servedBefore = worker.rangesServed.length;
    const client = createWorkerClient({ workerUrl: workerServer.url, secret: SECRET, retries: 0, partSize: 10_000, downloadConcurrency: 3 });
    const path = join(tmp.dir, 'parts.bin');
    const progress: number[] = [];
    try {
      expect(
        await client.download('originals/parts.bin', path, undefined, (bytes, total) => {
          expect(total).toBe(data.length);
          progress.push(bytes);
        }),
      ).toBe(data.length);
      const { readFile, rm } = await import('node:fs/promises');
      expect((await readFile(path)).equals(data)).toBe(true);
      await rm(path);
    } finally {
      worker.objects.delete('originals/parts.bin');
    }
    expect(worker.rangesServed.slice(servedBefore)).toHaveLength(11);
    expect(progress.at(-1)).toBe(data.length);
  });

  it('gives up, retryably, when nothing moves for too long', async () => {
    const before = worker.calls.length;
    const req: TranscodeRequest = {
      jobId: 5000,
      attempt: 3,
      type: 'video-transcode',
      videoUuid: '0a2b3c4d-1111-4222-8333-444455556666',
      input: { key: 'originals/hang.mp4' },
      output: { prefix: 'videos/hang' },
      generate: { thumbnail: false, preview: false },
      torrent: { webSeedBase: 'http://edge.example/download/videos/x', announce: [] },
      heartbeatSeconds: 0.25,
    };
    const client = createWorkerClient({ workerUrl: workerServer.url, secret: SECRET, retries: 0 });
    const started = Date.now();
    const outcome = await runTranscode(req, {
      storage: workerStorage(client, req),
      bins: testBins,
      tmpDir: tmp.dir,
      signal: new AbortController().signal,
      stallTimeoutMs: 1000,
    });
    expect(outcome).toBe('failed');
    expect(Date.now() - started).toBeLessThan(6000);
    const failed = worker.calls.slice(before).find((c) => c.kind === 'failed');
    expect(failed?.body).toMatchObject({ attempt: 3, retryable: true });
    expect(failed?.body.error).toMatch(/no progress/);
    expect(await readdir(tmp.dir)).toEqual([]);
  });
});
