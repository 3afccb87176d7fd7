import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { eq } from 'drizzle-orm';
import * as schema from '../db/schema';
import type { Db } from '../db/client';
import type { JobMessage } from './contract';
import { openTempDb, type TempDb } from '../../test/helpers/temp-db';
import { backoffMs, completeJob, enqueueJob, failJob, getJob, leaseJob, listJobs, releaseJob, sweepJobs, updateProgress, type JobQueue } from './store';

/** A capture of what would be sent to the Queue binding; the database below is real. */
function captureQueue(options: { failSend?: boolean } = {}) {
  const sent: Array<{ body: JobMessage; delaySeconds?: number }> = [];
  const queue: JobQueue = {
    async send(body, opts) {
      if (options.failSend) throw new Error('queue unavailable');
      sent.push({ body, delaySeconds: opts?.delaySeconds });
    },
    async sendBatch(messages) {
      for (const m of messages) sent.push(m);
    },
  };
  return { queue, sent };
}

let dir: string;
let temp: TempDb;
let client: Client;
let db: Db;

beforeAll(async () => {
  temp = await openTempDb('jobs');
  ({ db, dir, client } = temp);
  const { url } = temp;
});

afterAll(async () => {
  await temp?.close();
});

const payload = (videoId: number) => ({ videoId });

describe('enqueueJob', () => {
  it('records the row, then sends a message that carries only the id', async () => {
    const { queue, sent } = captureQueue();
    const id = await enqueueJob(db, queue, { type: 'video-transcode', payload: payload(1) });
    const job = await getJob(db, id);
    expect(job).toMatchObject({ state: 'waiting', type: 'video-transcode', payload: { videoId: 1 }, attempts: 0, maxAttempts: 5 });
    expect(sent).toEqual([{ body: { v: 1, type: 'job', jobId: id }, delaySeconds: undefined }]);
  });

  it('returns the existing id for a dedupe key instead of a duplicate', async () => {
    const { queue, sent } = captureQueue();
    const a = await enqueueJob(db, queue, { type: 'video-transcode', payload: payload(2), dedupeKey: 'dedupe-test:2' });
    const b = await enqueueJob(db, queue, { type: 'video-transcode', payload: payload(2), dedupeKey: 'dedupe-test:2' });
    expect(b).toBe(a);
    const rows = await db.select().from(schema.jobs).where(eq(schema.jobs.dedupeKey, 'dedupe-test:2'));
    expect(rows).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });

  it('keeps the job when the queue send fails (the sweep picks it up)', async () => {
    const { queue } = captureQueue({ failSend: true });
    const id = await enqueueJob(db, queue, { type: 'video-transcode', payload: payload(3) });
    expect((await getJob(db, id))?.state).toBe('waiting');
  });

  it('delays a job with a future runAt', async () => {
    const { queue, sent } = captureQueue();
    const runAt = new Date(Date.now() + 60_000);
    const id = await enqueueJob(db, queue, { type: 'video-transcode', payload: payload(4), runAt });
    expect((await getJob(db, id))?.state).toBe('delayed');
    expect(sent[0].delaySeconds).toBeGreaterThan(55);
    expect(await leaseJob(db, id, 10_000)).toBeNull();
  });
});

describe('leaseJob', () => {
  it('is exclusive under concurrent leasers, over separate connections', async () => {
    const { queue } = captureQueue();
    const ids = await Promise.all(Array.from({ length: 5 }, (_, i) => enqueueJob(db, queue, { type: 'video-transcode', payload: payload(100 + i) })));
    // Two "consumers", each with its own client, race for every job.
    const other = createClient({ url: `file:${join(dir, 'db.sqlite')}` });
    const db2 = drizzle(other, { schema }) as unknown as Db;
    try {
      for (const id of ids) {
        const results = await Promise.all([leaseJob(db, id, 30_000), leaseJob(db2, id, 30_000), leaseJob(db, id, 30_000), leaseJob(db2, id, 30_000)]);
        const winners = results.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        expect(winners[0]).toMatchObject({ id, state: 'active', attempts: 1 });
      }
    } finally {
      other.close();
    }
  });

  it('re-leases an active job only once its lease expired, as a new attempt', async () => {
    const { queue } = captureQueue();
    const id = await enqueueJob(db, queue, { type: 'video-transcode', payload: payload(200) });
    const t0 = new Date();
    expect((await leaseJob(db, id, 1_000, t0))?.attempts).toBe(1);
    expect(await leaseJob(db, id, 1_000, new Date(t0.getTime() + 500))).toBeNull();
    const again = await leaseJob(db, id, 1_000, new Date(t0.getTime() + 1_500));
    expect(again?.attempts).toBe(2);
    // The first holder's reports are now refused.
    expect(await updateProgress(db, id, { attempt: 1, progress: 50, leaseMs: 1_000 })).toBe(false);
    expect(await completeJob(db, id, { attempt: 1 })).toBe(false);
    expect(await updateProgress(db, id, { attempt: 2, progress: 50, leaseMs: 60_000 })).toBe(true);
    expect((await getJob(db, id))?.progress).toBe(50);
    expect(await completeJob(db, id, { attempt: 2 })).toBe(true);
    expect(await getJob(db, id)).toMatchObject({ state: 'completed', progress: 100, leaseUntil: null });
    expect(await leaseJob(db, id, 1_000, new Date(t0.getTime() + 1_000_000))).toBeNull();
  });

  it('progress extends the lease, so a reporting holder keeps the job', async () => {
    const { queue } = captureQueue();
    const id = await enqueueJob(db, queue, { type: 'video-transcode', payload: payload(201) });
    const t0 = new Date();
    await leaseJob(db, id, 1_000, t0);
    expect(await updateProgress(db, id, { attempt: 1, progress: 10, leaseMs: 1_000, now: new Date(t0.getTime() + 900) })).toBe(true);
    expect(await leaseJob(db, id, 1_000, new Date(t0.getTime() + 1_500))).toBeNull();
    expect(await leaseJob(db, id, 1_000, new Date(t0.getTime() + 2_000))).not.toBeNull();
  });
});

describe('failJob', () => {
  it('backs off exponentially, then fails after maxAttempts with the last error', async () => {
    const { queue } = captureQueue();
    const id = await enqueueJob(db, queue, { type: 'video-transcode', payload: payload(300), maxAttempts: 3 });
    let now = new Date();
    for (let attempt = 1; attempt <= 3; attempt++) {
      const job = await leaseJob(db, id, 10_000, now);
      expect(job?.attempts).toBe(attempt);
      const outcome = await failJob(db, id, `boom ${attempt}`, { attempt, now });
      if (attempt < 3) {
        expect(outcome?.state).toBe('delayed');
        expect(outcome!.job.runAt.getTime()).toBe(now.getTime() + backoffMs(attempt));
        // Not before its time.
        expect(await leaseJob(db, id, 10_000, new Date(now.getTime() + backoffMs(attempt) - 1))).toBeNull();
        now = new Date(now.getTime() + backoffMs(attempt));
      } else {
        expect(outcome?.state).toBe('failed');
      }
    }
    expect(await getJob(db, id)).toMatchObject({ state: 'failed', lastError: 'boom 3', attempts: 3 });
    expect((await getJob(db, id))?.finishedAt).toBeInstanceOf(Date);
    expect(await leaseJob(db, id, 10_000, new Date(now.getTime() + 3_600_000))).toBeNull();
    expect(backoffMs(1)).toBe(5_000);
    expect(backoffMs(2)).toBe(10_000);
    expect(backoffMs(30)).toBe(3_600_000);
  });

  it('fails at once when permanent, and ignores a stale attempt', async () => {
    const { queue } = captureQueue();
    const id = await enqueueJob(db, queue, { type: 'video-transcode', payload: payload(301) });
    await leaseJob(db, id, 10_000);
    expect(await failJob(db, id, 'late', { attempt: 7 })).toBeNull();
    const outcome = await failJob(db, id, 'unreadable: moov atom not found', { attempt: 1, permanent: true });
    expect(outcome?.state).toBe('failed');
    expect(await getJob(db, id)).toMatchObject({ state: 'failed', attempts: 1, lastError: 'unreadable: moov atom not found' });
  });

  it('releaseJob gives the job back without spending the attempt', async () => {
    const { queue } = captureQueue();
    const id = await enqueueJob(db, queue, { type: 'video-transcode', payload: payload(302) });
    const now = new Date();
    await leaseJob(db, id, 10_000, now);
    expect(await releaseJob(db, id, { attempt: 1, runAt: new Date(now.getTime() + 1000), now })).toBe(true);
    expect(await getJob(db, id)).toMatchObject({ state: 'delayed', attempts: 0 });
    expect((await leaseJob(db, id, 10_000, new Date(now.getTime() + 1000)))?.attempts).toBe(1);
  });
});

describe('sweepJobs', () => {
  it('re-enqueues expired leases and due jobs, and fails a job whose last holder vanished', async () => {
    const base = new Date(Date.now() + 10 * 86_400_000); // far enough ahead that earlier tests' rows are due too
    await db.delete(schema.jobs);
    const { queue } = captureQueue();
    const expired = await enqueueJob(db, queue, { type: 'video-transcode', payload: payload(400) });
    const held = await enqueueJob(db, queue, { type: 'video-transcode', payload: payload(401) });
    const lastTry = await enqueueJob(db, queue, { type: 'video-transcode', payload: payload(402), maxAttempts: 1 });
    const fresh = await enqueueJob(db, queue, { type: 'video-transcode', payload: payload(403), runAt: new Date(base.getTime() - 1_000) });
    const delayedLater = await enqueueJob(db, queue, { type: 'video-transcode', payload: payload(404), runAt: new Date(base.getTime() + 60_000) });
    const done = await enqueueJob(db, queue, { type: 'video-transcode', payload: payload(405) });
    await leaseJob(db, expired, 1_000, new Date(base.getTime() - 5_000));
    await leaseJob(db, held, 60_000, new Date(base.getTime() - 5_000));
    await leaseJob(db, lastTry, 1_000, new Date(base.getTime() - 5_000));
    await leaseJob(db, done, 1_000, new Date(base.getTime() - 5_000));
    await completeJob(db, done);
    // `fresh` is waiting and due, but was enqueued a moment ago: its message may still be in flight.
    await db.update(schema.jobs).set({ state: 'waiting' }).where(eq(schema.jobs.id, fresh));

    const capture = captureQueue();
    const result = await sweepJobs(db, capture.queue, base);
    expect(result.requeued).toEqual([expired]);
    expect(capture.sent.map((m) => m.body)).toEqual([{ v: 1, type: 'job', jobId: expired }]);
    expect(result.exhausted.map((j) => j.id)).toEqual([lastTry]);
    expect(await getJob(db, lastTry)).toMatchObject({ state: 'failed' });
    expect((await getJob(db, lastTry))?.lastError).toMatch(/stopped reporting/);
    expect((await getJob(db, held))?.state).toBe('active');
    expect((await getJob(db, delayedLater))?.state).toBe('delayed');

    // The re-sent message leads to a new attempt.
    expect((await leaseJob(db, expired, 1_000, base))?.attempts).toBe(2);

    // Later, the waiting job past the grace period and the delayed job are due.
    const later = await sweepJobs(db, capture.queue, new Date(base.getTime() + 120_000));
    expect([...later.requeued].sort((a, b) => a - b)).toEqual([expired, held, fresh, delayedLater].sort((a, b) => a - b));
  });

  it('bounds the batch', async () => {
    const { queue } = captureQueue();
    for (let i = 0; i < 5; i++) await enqueueJob(db, queue, { type: 'video-transcode', payload: payload(500 + i) });
    const result = await sweepJobs(db, queue, new Date(Date.now() + 20 * 86_400_000), { limit: 3 });
    expect(result.requeued).toHaveLength(3);
  });
});

describe('listJobs', () => {
  it('filters by state and paginates', async () => {
    const all = await listJobs(db, { start: 0, count: 100, desc: true });
    const failed = await listJobs(db, { state: 'failed', start: 0, count: 100, desc: true });
    expect(failed.rows.every((j) => j.state === 'failed')).toBe(true);
    expect(failed.total).toBeLessThan(all.total);
    const page = await listJobs(db, { start: 1, count: 2, desc: false });
    expect(page.rows).toHaveLength(2);
    expect(page.total).toBe(all.total);
  });
});
