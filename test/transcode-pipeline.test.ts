import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import * as schema from '../worker/db/schema';
import { makeClip, makeTempDir } from '../transcoder/media/test-clips';
import { api, loginAsRoot } from './helpers/api';
import { createTestVideo, internalFetch, internalJson, putMedia, testDb, triggerSweep, waitFor, type TestDb } from './helpers/internal';

/**
 * Upload → playable → published, against the real instance (wrangler dev, local
 * R2 and Queues, libSQL) and the real companion (a child process running ffmpeg).
 * The upload API belongs to another suite: here the video row is created as the
 * upload API leaves it, and the original is put into R2 through /internal/media.
 */

const { db, close } = testDb();
let clips: { dir: string; remove: () => Promise<void> };
let clip: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
  clips = await makeTempDir('edgetube-pipeline-');
  clip = new Uint8Array(await readFile(await makeClip(clips.dir, 'clip', { width: 640, height: 360, seconds: 8 })));
});

afterAll(async () => {
  close();
  await clips?.remove();
});

async function videoRow(id: number) {
  const [v] = await db.select().from(schema.videos).where(eq(schema.videos.id, id));
  return v;
}

async function jobRow(id: number) {
  const [j] = await db.select().from(schema.jobs).where(eq(schema.jobs.id, id));
  return j;
}

async function filesOf(videoId: number) {
  return db.select().from(schema.videoFiles).where(eq(schema.videoFiles.videoId, videoId));
}

/** A video to transcode with its original in R2, and its transcode job. */
async function uploadAndEnqueue(database: TestDb, name: string, bytes: Uint8Array<ArrayBuffer>) {
  const video = await createTestVideo(database, name);
  const originalKey = `originals/${video.uuid}.mp4`;
  await putMedia(originalKey, bytes, 'video/mp4');
  const body = { type: 'video-transcode', payload: { videoId: video.id, originalKey }, dedupeKey: `video-transcode:${video.id}` };
  const { status, data } = await internalJson('/internal/jobs', body);
  expect(status).toBe(201);
  return { video, originalKey, jobId: data.id as number, enqueueBody: body };
}

describe('transcode pipeline', () => {
  it('publishes a clip with its renditions, once, however often the job is delivered', async () => {
    const { video, originalKey, jobId, enqueueBody } = await uploadAndEnqueue(db, 'pipeline clip', clip);
    // Enqueueing again (dedupe key) returns the same job; extra wake-ups are duplicate queue deliveries.
    expect((await internalJson('/internal/jobs', enqueueBody)).data.id).toBe(jobId);
    for (let i = 0; i < 3; i++) expect((await internalJson(`/internal/jobs/${jobId}/wake`, {})).status).toBe(200);

    const published = await waitFor(
      'the video to be published',
      async () => {
        const v = await videoRow(video.id);
        if (v.state === schema.VIDEO_STATE.TRANSCODING_FAILED) throw new Error(`transcoding failed: ${(await jobRow(jobId)).lastError}`);
        return v.state === schema.VIDEO_STATE.PUBLISHED ? v : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );

    expect(published.duration).toBe(8);
    expect(published.aspectRatio).toBeCloseTo(16 / 9, 3);
    expect(published.thumbnailKey).toBe(`videos/${video.uuid}/thumbnail.jpg`);
    expect(published.previewKey).toBe(`videos/${video.uuid}/preview.jpg`);

    const files = await filesOf(video.id);
    expect(files.map((f) => f.resolution).sort((a, b) => b - a)).toEqual([360, 240]);
    for (const f of files) {
      expect(f.width! / f.height!).toBeCloseTo(16 / 9, 1);
      expect(f.infoHash).toMatch(/^[0-9a-f]{40}$/);
      expect(f.torrentKey).toBe(`videos/${video.uuid}/torrents/${video.uuid}-${f.resolution}.torrent`);
      expect(f.bitrate).toBeGreaterThan(0);
      const segments = f.segments!;
      expect(segments[0].key).toMatch(/init\.mp4$/);
      expect(segments.length).toBeGreaterThanOrEqual(3);
      expect(segments.reduce((n, s) => n + s.size, 0)).toBe(f.size);
      // Every segment is its own R2 object, of the recorded size.
      const last = segments[segments.length - 1];
      const res = await internalFetch(`/internal/media/${last.key}`, { method: 'HEAD' });
      expect(res.status).toBe(200);
      expect(Number(res.headers.get('content-length'))).toBe(last.size);
    }

    const [playlist] = await db.select().from(schema.videoStreamingPlaylists).where(eq(schema.videoStreamingPlaylists.videoId, video.id));
    expect(playlist).toMatchObject({
      complete: true,
      playlistUrl: `videos/${video.uuid}/hls/master.m3u8`,
      segmentsSha256Url: `videos/${video.uuid}/hls/segments-sha256.json`,
    });
    const master = await (await internalFetch(`/internal/media/${playlist.playlistUrl}`)).text();
    expect(master).toMatch(/#EXT-X-STREAM-INF:.*RESOLUTION=640x360/);
    const media = await (await internalFetch(`/internal/media/videos/${video.uuid}/hls/360.m3u8`)).text();
    expect(media).toContain('#EXT-X-ENDLIST');

    // The original is dropped once the ladder is stored (KEEP_ORIGINAL_FILES is false).
    await waitFor('the original to be deleted', async () => (await internalFetch(`/internal/media/${originalKey}`, { method: 'HEAD' })).status === 404, {
      timeoutMs: 10_000,
    });

    const job = await jobRow(jobId);
    expect(job).toMatchObject({ state: 'completed', attempts: 1, progress: 100 });

    // A late duplicate delivery changes nothing.
    await internalJson(`/internal/jobs/${jobId}/wake`, {});
    await new Promise((r) => setTimeout(r, 3000));
    expect((await filesOf(video.id)).length).toBe(2);
    expect((await jobRow(jobId)).attempts).toBe(1);
  });

  it('fails a corrupt file at once, with a readable reason, and the video shows state 7', async () => {
    const corrupt = new Uint8Array(Buffer.concat([Buffer.from('definitely not a video file '), Buffer.alloc(64 * 1024, 0x2a)]));
    const { video, jobId } = await uploadAndEnqueue(db, 'corrupt clip', corrupt);
    const failed = await waitFor(
      'the video to fail',
      async () => {
        const v = await videoRow(video.id);
        return v.state === schema.VIDEO_STATE.TRANSCODING_FAILED ? v : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(failed.state).toBe(7);
    const job = await jobRow(jobId);
    // Retrying cannot help: one attempt, then failed.
    expect(job).toMatchObject({ state: 'failed', attempts: 1 });
    expect(job.lastError).toMatch(/cannot be transcoded/i);

    const token = await loginAsRoot();
    const res = await api('/api/v1/jobs/failed?count=100', { token });
    const listed = res.data.data.find((j: { id: number }) => j.id === jobId);
    expect(listed.error).toMatch(/cannot be transcoded/i);
    expect(listed.data).toMatchObject({ videoId: video.id });
    expect(await filesOf(video.id)).toHaveLength(0);
  });

  it('recovers from a companion killed with SIGKILL mid-transcode', async () => {
    const long = new Uint8Array(await readFile(await makeClip(clips.dir, 'long', { width: 1280, height: 720, seconds: 24 })));
    const { video, jobId } = await uploadAndEnqueue(db, 'killed clip', long);
    const companionUrl = inject('companionUrl');
    const health = async () =>
      (await (await fetch(`${companionUrl}/health`, { signal: AbortSignal.timeout(2000) })).json()) as { pid: number; activeJobs: number };

    // Wait until it is playable while still encoding: the master playlist and first segments are stored.
    await waitFor(
      'the video to become playable',
      async () => {
        const [p] = await db.select().from(schema.videoStreamingPlaylists).where(eq(schema.videoStreamingPlaylists.videoId, video.id));
        if (p?.complete) throw new Error('the transcode finished before it could be killed: use a longer clip');
        return p && !p.complete ? p : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 100 },
    );
    expect((await videoRow(video.id)).state).toBe(schema.VIDEO_STATE.TO_TRANSCODE);
    const master = await internalFetch(`/internal/media/videos/${video.uuid}/hls/master.m3u8`);
    expect(master.status).toBe(200);
    await master.body?.cancel();

    const before = await health();
    expect(before.activeJobs).toBe(1);
    process.kill(before.pid, 'SIGKILL');
    const killedAt = Date.now();

    // The supervisor restarts it; the new process knows nothing of the job.
    await waitFor(
      'the companion to restart',
      async () => {
        const h = await health();
        return h.pid !== before.pid ? h : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(await jobRow(jobId)).toMatchObject({ state: 'active', attempts: 1 });

    // Nobody reports for the job any more: its lease (JOB_LEASE_SECONDS=6) lapses and the cron sweep hands it out again.
    await waitFor(
      'the job to be leased again',
      async () => {
        await triggerSweep();
        const j = await jobRow(jobId);
        return j.attempts >= 2 ? j : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 2000 },
    );
    expect(Date.now() - killedAt).toBeGreaterThan(3000);

    const published = await waitFor(
      'the video to be published',
      async () => {
        const v = await videoRow(video.id);
        if (v.state === schema.VIDEO_STATE.TRANSCODING_FAILED) throw new Error(`transcoding failed: ${(await jobRow(jobId)).lastError}`);
        return v.state === schema.VIDEO_STATE.PUBLISHED ? v : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 500 },
    );
    expect(published.duration).toBe(24);
    const files = await filesOf(video.id);
    expect(files.map((f) => f.resolution).sort((a, b) => b - a)).toEqual([720, 480, 360, 240]);
    // The result callback publishes the video, then completes the job: wait for the second write too.
    const completed = await waitFor(
      'the job to complete',
      async () => {
        const j = await jobRow(jobId);
        return j.state === 'completed' ? j : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    expect(completed).toMatchObject({ state: 'completed', attempts: 2 });

    // The restarted companion removed what the killed one left behind, and its own attempt's
    // directory once it reported `done` (which may land just after the state flips: poll).
    await expect.poll(() => readdir(join(inject('dataDir'), 'companion-tmp')), { timeout: 30_000, interval: 500 }).toEqual([]);
  });
});
