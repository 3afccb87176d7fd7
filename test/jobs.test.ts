import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '../worker/db/schema';
import { api, instanceUrl, login, loginAsRoot, uniqueName } from './helpers/api';
import { internalFetch, internalJson, putMedia, testDb, triggerSweep, waitFor } from './helpers/internal';

const { db, close } = testDb();
afterAll(() => close());

describe('/internal/media', () => {
  const key = `test/jobs-${Date.now()}/object.bin`;
  const data = new Uint8Array(Array.from({ length: 100_000 }, (_, i) => (i * 7) % 251));

  it('refuses unsigned and wrongly signed calls', async () => {
    expect((await fetch(instanceUrl(`/internal/media/${key}`))).status).toBe(401);
    const wrong = await internalFetch(`/internal/media/${key}`, { secret: 'not-the-secret-0123456789abcdef' });
    expect(wrong.status).toBe(401);
    const unsigned = await internalFetch('/internal/jobs/1/progress', { method: 'POST', body: '{"attempt":1}', unsignedBody: true });
    expect(unsigned.status).toBe(401);
  });

  it('stores a streamed body, and serves it whole and by range', async () => {
    await putMedia(key, data, 'application/x-test');
    const whole = await internalFetch(`/internal/media/${key}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('application/x-test');
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(data);

    const part = await internalFetch(`/internal/media/${key}`, { headers: { range: 'bytes=1000-1999' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${data.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(data.slice(1000, 2000));

    const tail = await internalFetch(`/internal/media/${key}`, { headers: { range: 'bytes=99990-' } });
    expect(tail.status).toBe(206);
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(data.slice(99_990));

    const beyond = await internalFetch(`/internal/media/${key}`, { headers: { range: 'bytes=200000-' } });
    expect(beyond.status).toBe(416);
  });

  it('rejects a body whose declared SHA-256 does not match', async () => {
    const res = await internalFetch(`/internal/media/${key}.bad`, {
      method: 'PUT',
      body: data,
      unsignedBody: true,
      headers: { 'x-edgetube-object-sha256': '0'.repeat(64) },
    });
    expect(res.status).toBe(400);
    expect((await internalFetch(`/internal/media/${key}.bad`)).status).toBe(404);
  });

  it('keeps keys inside the media namespace', async () => {
    for (const bad of ['a/../b', 'a/%2e%2e/b', 'a//b', '%2Fetc']) {
      const res = await internalFetch(`/internal/media/${bad}`);
      expect([400, 404], bad).toContain(res.status);
      expect(res.status, bad).not.toBe(200);
    }
    // URL parsing resolves a literal `..`; an encoded slash gets past it, and the key check stops it.
    expect((await internalFetch('/internal/media/a%2F..%2Fb')).status).toBe(400);
    expect((await internalFetch('/internal/media/..%2Fsecrets.json')).status).toBe(400);
  });

  it('deletes', async () => {
    expect((await internalFetch(`/internal/media/${key}`, { method: 'DELETE' })).status).toBe(204);
    expect((await internalFetch(`/internal/media/${key}`)).status).toBe(404);
  });
});

describe('job callbacks', () => {
  it('refuses a callback from an attempt that does not hold the job', async () => {
    // A job of a video that does not exist: leased, then completed as a no-op by the consumer.
    const { status, data } = await internalJson('/internal/jobs', { type: 'video-transcode', payload: { videoId: 999_999_999 } });
    expect(status).toBe(201);
    const id = data.id as number;
    await waitFor(
      'the no-op job to complete',
      async () => {
        const [job] = await db.select().from(schema.jobs).where(eq(schema.jobs.id, id));
        return job?.state === 'completed' ? job : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const progress = await internalJson(`/internal/jobs/${id}/progress`, { attempt: 1, progress: 50 });
    expect(progress.status).toBe(409);
    expect(progress.data.code).toBe('stale_attempt');
    const failed = await internalJson(`/internal/jobs/${id}/failed`, { attempt: 1, error: 'late', retryable: true });
    expect(failed.status).toBe(409);
    const [job] = await db.select().from(schema.jobs).where(eq(schema.jobs.id, id));
    expect(job.state).toBe('completed');
    expect(job.lastError).toBeNull();
  });

  it('validates callback bodies', async () => {
    const res = await internalJson('/internal/jobs/1/progress', { attempt: 'one' });
    expect(res.status).toBe(400);
  });
});

describe('the sweep', () => {
  it('wakes a job whose queue message was lost', async () => {
    // A row without a message, as after a local queue restart: only the sweep can find it.
    const past = new Date(Date.now() - 5 * 60_000);
    const [row] = await db
      .insert(schema.jobs)
      .values({ type: 'video-transcode', payload: { videoId: 999_999_998 }, runAt: past, createdAt: past, updatedAt: past })
      .returning();
    await triggerSweep();
    const job = await waitFor(
      'the swept job to run',
      async () => {
        const [j] = await db.select().from(schema.jobs).where(eq(schema.jobs.id, row.id));
        return j.state === 'completed' ? j : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(job.attempts).toBe(1);
  });
});

describe('GET /api/v1/jobs/{state}', () => {
  it('is for administrators only', async () => {
    expect((await api('/api/v1/jobs/completed')).status).toBe(401);
    const username = uniqueName('jobs');
    const reg = await api('/api/v1/users/register', { method: 'POST', json: { username, password: 'a-good-password', email: `${username}@example.com` } });
    expect([200, 204]).toContain(reg.status);
    const token = await login(username, 'a-good-password');
    expect((await api('/api/v1/jobs/completed', { token })).status).toBe(403);
  });

  it("lists jobs in PeerTube's shape, by state, paginated", async () => {
    const token = await loginAsRoot();
    const res = await api('/api/v1/jobs/completed?start=0&count=1&sort=-createdAt', { token });
    expect(res.status).toBe(200);
    expect(res.data.total).toBeGreaterThanOrEqual(2);
    expect(res.data.data).toHaveLength(1);
    const job = res.data.data[0];
    expect(job).toMatchObject({ state: 'completed', type: 'video-transcode', progress: 100, error: null });
    expect(typeof job.id).toBe('number');
    expect(job.data).toHaveProperty('videoId');
    expect(Date.parse(job.createdAt)).not.toBeNaN();
    expect(Date.parse(job.finishedOn)).not.toBeNaN();
    expect(Date.parse(job.processedOn)).not.toBeNaN();

    const all = await api('/api/v1/jobs?count=100', { token });
    expect(all.status).toBe(200);
    expect(all.data.total).toBeGreaterThanOrEqual(res.data.total);
    const failed = await api('/api/v1/jobs/failed', { token });
    expect(failed.data.data.every((j: { state: string }) => j.state === 'failed')).toBe(true);

    expect((await api('/api/v1/jobs/nonsense', { token })).status).toBe(400);
    expect((await api('/api/v1/jobs/completed?count=1000', { token })).status).toBe(400);
  });
});
