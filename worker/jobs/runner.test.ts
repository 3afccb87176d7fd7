import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Client } from '@libsql/client';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { freePort } from '../../scripts/ports';
import * as schema from '../db/schema';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { verifyHmacRequest } from '../crypto/hmac';
import { transcodeRequestSchema } from './companion-protocol';
import type { JobContext } from './handlers';
import { processJob, runSweep } from './runner';
import { openTempDb, type TempDb } from '../../test/helpers/temp-db';
import { enqueueJob, getJob, leaseJob, type JobQueue } from './store';

/**
 * One attempt of a job through the runner: real database (a `file:` libSQL), a
 * stand-in companion over real HTTP checking the HMAC, R2 reduced to `head`.
 */
const SECRET = 'runner-test-secret-0123456789abcd';

let dir: string;
let temp: TempDb;
let client: Client;
let db: Db;
let channelId: number;
let companion: { url: string; close: () => Promise<void>; answer: number; bodies: unknown[] };
const sent: unknown[] = [];
const queue: JobQueue = {
  async send(m) {
    sent.push(m);
  },
  async sendBatch(ms) {
    for (const m of ms) sent.push(m.body);
  },
};
const stored = new Set<string>();
const media = { head: async (key: string) => (stored.has(key) ? ({ key } as R2Object) : null) } as unknown as R2Bucket;

function ctx(...companionUrls: string[]): JobContext {
  const config = {
    publicUrl: 'http://edge.example',
    companion: { url: companionUrls[0], urls: companionUrls, secret: SECRET },
    jobs: { leaseSeconds: 30 },
  } as Config;
  return { db, config, media, queue };
}

beforeAll(async () => {
  temp = await openTempDb('runner');
  ({ db, dir, client } = temp);
  const { url } = temp;
  const [actor] = await db
    .insert(schema.actors)
    .values({ type: 'Group', preferredUsername: 'chan', url: 'http://edge.example/c/chan', inboxUrl: 'http://edge.example/c/chan/inbox' })
    .returning();
  const [personActor] = await db
    .insert(schema.actors)
    .values({ type: 'Person', preferredUsername: 'owner', url: 'http://edge.example/a/owner', inboxUrl: 'http://edge.example/a/owner/inbox' })
    .returning();
  const [account] = await db.insert(schema.accounts).values({ actorId: personActor.id, name: 'owner', displayName: 'Owner' }).returning();
  const [channel] = await db.insert(schema.videoChannels).values({ actorId: actor.id, accountId: account.id, name: 'chan', displayName: 'Chan' }).returning();
  channelId = channel.id;

  const state = { answer: 202, bodies: [] as unknown[] };
  const app = new Hono();
  app.post('/jobs', async (c) => {
    const body = await c.req.text();
    const check = await verifyHmacRequest(SECRET, { method: 'POST', url: c.req.url, headers: c.req.raw.headers, body });
    if (!check.ok) return c.json({ error: check.reason }, 401);
    state.bodies.push(JSON.parse(body));
    if (state.answer === 503) c.header('retry-after', '7');
    return c.json({}, state.answer as 202);
  });
  await new Promise<void>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      companion = Object.assign(state, { url: `http://127.0.0.1:${info.port}`, close: () => new Promise<void>((r) => server.close(() => r())) });
      resolve();
    });
  });
});

afterAll(async () => {
  await companion?.close();
  await temp?.close();
});

async function newVideo() {
  const uuid = randomUUID();
  const [video] = await db
    .insert(schema.videos)
    .values({ uuid, name: 'v', channelId, url: `http://edge.example/videos/watch/${uuid}` })
    .returning();
  const originalKey = `originals/${uuid}.mp4`;
  stored.add(originalKey);
  const jobId = await enqueueJob(db, queue, { type: 'video-transcode', payload: { videoId: video.id, originalKey } });
  return { video, jobId, originalKey };
}

describe('processJob (video-transcode)', () => {
  it('dispatches a signed request without secrets and leaves the job active (detached)', async () => {
    companion.answer = 202;
    const { video, jobId, originalKey } = await newVideo();
    expect(await processJob(ctx(companion.url), jobId)).toBe('detached');
    const body = transcodeRequestSchema.parse(companion.bodies.at(-1));
    expect(body).toMatchObject({ jobId, attempt: 1, videoUuid: video.uuid, input: { key: originalKey }, output: { prefix: `videos/${video.uuid}` } });
    expect(body.torrent.webSeedBase).toBe(`http://edge.example/download/videos/${video.uuid}`);
    expect(body.torrent.announce).toEqual(['ws://edge.example/tracker/socket']);
    expect(JSON.stringify(body)).not.toContain(SECRET);
    expect(await getJob(db, jobId)).toMatchObject({ state: 'active', attempts: 1 });
    // A duplicate delivery while it runs does nothing.
    expect(await processJob(ctx(companion.url), jobId)).toBe('not-leased');
  });

  it('gives the job back without spending an attempt when the companion is busy', async () => {
    companion.answer = 503;
    const { jobId } = await newVideo();
    sent.length = 0;
    expect(await processJob(ctx(companion.url), jobId)).toBe('retry-later');
    const job = await getJob(db, jobId);
    expect(job).toMatchObject({ state: 'delayed', attempts: 0 });
    expect(job!.runAt.getTime()).toBeGreaterThan(Date.now() + 5_000);
    expect(sent).toEqual([{ v: 1, type: 'job', jobId }]);
  });

  it('backs off when the companion cannot be reached, and marks the video failed after the last attempt', async () => {
    const { video, jobId } = await newVideo();
    await db.update(schema.jobs).set({ maxAttempts: 2 }).where(eq(schema.jobs.id, jobId));
    // A port nobody listens on.
    const unreachable = ctx(`http://127.0.0.1:${await freePort()}`);
    expect(await processJob(unreachable, jobId)).toBe('delayed');
    const first = await getJob(db, jobId);
    expect(first).toMatchObject({ state: 'delayed', attempts: 1 });
    expect(first!.lastError).toBeTruthy();
    await db
      .update(schema.jobs)
      .set({ runAt: new Date(Date.now() - 1) })
      .where(eq(schema.jobs.id, jobId));
    expect(await processJob(unreachable, jobId)).toBe('failed');
    expect(await getJob(db, jobId)).toMatchObject({ state: 'failed', attempts: 2 });
    const [v] = await db.select().from(schema.videos).where(eq(schema.videos.id, video.id));
    expect(v.state).toBe(schema.VIDEO_STATE.TRANSCODING_FAILED);
  });

  it('fails at once when the original is missing', async () => {
    const { video, jobId, originalKey } = await newVideo();
    stored.delete(originalKey);
    expect(await processJob(ctx(companion.url), jobId)).toBe('failed');
    expect(await getJob(db, jobId)).toMatchObject({ state: 'failed', attempts: 1, lastError: 'the uploaded file is missing' });
    const [v] = await db.select().from(schema.videos).where(eq(schema.videos.id, video.id));
    expect(v.state).toBe(7);
  });

  it('completes at once when the video was deleted meanwhile', async () => {
    const { video, jobId } = await newVideo();
    await db.delete(schema.videos).where(eq(schema.videos.id, video.id));
    expect(await processJob(ctx(companion.url), jobId)).toBe('completed');
    expect((await getJob(db, jobId))?.state).toBe('completed');
  });
});

describe('several companions', () => {
  it('goes on to the next companion when one is busy or down, and retries later when all are busy', async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    companion.answer = 503;
    const busy = await newVideo();
    expect(await processJob(ctx(down, companion.url), busy.jobId)).toBe('retry-later');
    expect(await getJob(db, busy.jobId)).toMatchObject({ state: 'delayed', attempts: 0 });

    companion.answer = 202;
    const { jobId } = await newVideo();
    const seen = companion.bodies.length;
    expect(await processJob(ctx(down, companion.url), jobId)).toBe('detached');
    expect(companion.bodies.length).toBe(seen + 1);

    const { jobId: lost } = await newVideo();
    expect(await processJob(ctx(down), lost)).toBe('delayed');
    expect((await getJob(db, lost))?.lastError).toMatch(/no transcoding companion took the job/);
  });
});

describe('runSweep', () => {
  it('runs onFailed for a job whose holder vanished on its last attempt', async () => {
    const { video, jobId } = await newVideo();
    await db
      .update(schema.jobs)
      .set({ maxAttempts: 1, runAt: new Date(Date.now() - 60_000) })
      .where(eq(schema.jobs.id, jobId));
    expect(await leaseJob(db, jobId, 1_000, new Date(Date.now() - 10_000))).not.toBeNull();
    const result = await runSweep(ctx(companion.url));
    expect(result.exhausted.map((j) => j.id)).toContain(jobId);
    const [v] = await db.select().from(schema.videos).where(eq(schema.videos.id, video.id));
    expect(v.state).toBe(schema.VIDEO_STATE.TRANSCODING_FAILED);
  });
});
