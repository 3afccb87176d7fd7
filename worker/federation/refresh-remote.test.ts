/**
 * Refreshing outdated remote videos and actors (ADR 0015), against a real (file:) libSQL
 * database, with the origin replaced by PeerTube 6.3's documents (fixtures/peertube-6.3/signed/)
 * that each test can change, or answer with an error status.
 */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../config';
import type { Db } from '../db/client';
import * as schema from '../db/schema';
import type { JobMessage } from '../jobs/contract';
import type { JobQueue } from '../jobs/store';
import { openTempDb, type TempDb } from '../../test/helpers/temp-db';
import { isOutdated, scheduleActorRefreshIfNeeded, scheduleVideoRefreshIfNeeded, VIDEO_REFRESH_INTERVAL_MS } from '../services/remote-refresh';
import { activitypubRefreshHandler } from '../jobs/handlers/activitypub-refresh';
import { refreshRemoteActor, refreshRemoteVideo } from './refresh-remote';
import { parseVideoObject } from './remote-videos/parse';
import { upsertRemoteVideo } from './remote-videos/store';

const SIGNED = new URL('../../test/fixtures/peertube-6.3/signed/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, SIGNED), 'utf8');
const videoObject = () => JSON.parse(JSON.parse(read('create-video-from-peertube.json')).body).object;
const VIDEO_URL = 'http://localhost:9000/videos/watch/40ffba14-5b9e-440e-902f-18b11be2d08e';
const CHANNEL_URL = 'http://localhost:9000/video-channels/root_channel';
const DAY = 24 * 3600 * 1000;

const config = { publicUrl: 'https://here.example', host: 'here.example', keyEncryptionSecret: 'k'.repeat(32), allowLoopbackFederation: true } as Config;

/** The origin: documents by URL; `override` replaces one answer for a test. */
let likes = 3;
let override: Record<string, () => Response> = {};
const served: Record<string, () => unknown> = {
  'http://localhost:9000/accounts/root': () => JSON.parse(read('keys-root.json')),
  [CHANNEL_URL]: () => JSON.parse(read('keys-root_channel.json')),
  [`${VIDEO_URL}/likes`]: () => ({ id: `${VIDEO_URL}/likes`, type: 'OrderedCollection', totalItems: likes }),
  [`${VIDEO_URL}/dislikes`]: () => ({ id: `${VIDEO_URL}/dislikes`, type: 'OrderedCollection', totalItems: 1 }),
  [VIDEO_URL]: () => videoObject(),
};
const fetchImpl = (async (url: string | URL | Request) => {
  const key = String(url);
  if (override[key]) return override[key]();
  const doc = served[key];
  return doc ? new Response(JSON.stringify(doc()), { headers: { 'content-type': 'application/activity+json' } }) : new Response('no', { status: 404 });
}) as typeof fetch;

const sent: JobMessage[] = [];
const queue: JobQueue = {
  send: async (m) => {
    sent.push(m);
  },
  sendBatch: async (ms) => {
    for (const m of ms) sent.push(m.body);
  },
};

let temp: TempDb;
let db: Db;
const deps = () => ({ db, config, fetchImpl, queue });

const videoRow = async () => (await db.select().from(schema.videos).where(eq(schema.videos.url, VIDEO_URL)))[0];
const refreshJobs = async () => (await db.select().from(schema.jobs)).filter((j) => j.type === 'activitypub-refresh');
/** Stores the video as its origin serves it now, then ages its copy by `ageMs`. */
async function storeVideo(ageMs: number | null) {
  const id = await upsertRemoteVideo(deps(), parseVideoObject(videoObject()));
  await db
    .update(schema.videos)
    .set({ fetchedAt: ageMs === null ? null : new Date(Date.now() - ageMs) })
    .where(eq(schema.videos.id, id));
  return videoRow();
}

beforeAll(async () => {
  temp = await openTempDb('refresh-remote');
  db = temp.db;
}, 60_000);

afterAll(async () => {
  await temp?.close();
});

beforeEach(async () => {
  override = {};
  likes = 3;
  sent.length = 0;
  await db.delete(schema.jobs);
});

describe("isOutdated (PeerTube's 2-day intervals)", () => {
  it('is true past the interval and for a copy never fetched, never for local objects', () => {
    const now = Date.now();
    expect(isOutdated('video', { url: VIDEO_URL, isLocal: false, fetchedAt: new Date(now - VIDEO_REFRESH_INTERVAL_MS - 1) }, now)).toBe(true);
    expect(isOutdated('video', { url: VIDEO_URL, isLocal: false, fetchedAt: new Date(now - VIDEO_REFRESH_INTERVAL_MS + 60_000) }, now)).toBe(false);
    expect(isOutdated('video', { url: VIDEO_URL, isLocal: false, fetchedAt: null }, now)).toBe(true);
    expect(isOutdated('actor', { url: CHANNEL_URL, isLocal: true, fetchedAt: null }, now)).toBe(false);
  });
});

describe('scheduleVideoRefreshIfNeeded', () => {
  it('records one job for an outdated video, however often it is read before the job runs', async () => {
    const video = await storeVideo(3 * DAY);
    expect(await scheduleVideoRefreshIfNeeded(db, queue, video)).toBe(true);
    expect(await scheduleVideoRefreshIfNeeded(db, queue, video)).toBe(true);
    const jobs = await refreshJobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ payload: { kind: 'video', url: VIDEO_URL }, state: 'waiting', maxAttempts: 1 });
    expect(sent).toEqual([{ v: 1, type: 'job', jobId: jobs[0].id }]);
  });

  it('treats a copy never fetched (rows before migration 0005) as outdated', async () => {
    const video = await storeVideo(null);
    expect(await scheduleVideoRefreshIfNeeded(db, queue, video)).toBe(true);
    expect(await refreshJobs()).toHaveLength(1);
  });

  it('records nothing for a fresh video', async () => {
    const video = await storeVideo(DAY);
    expect(await scheduleVideoRefreshIfNeeded(db, queue, video)).toBe(false);
    expect(await refreshJobs()).toHaveLength(0);
    expect(sent).toHaveLength(0);
  });

  it('schedules again once the job has moved the fetch time and the copy is outdated anew', async () => {
    const video = await storeVideo(3 * DAY);
    await scheduleVideoRefreshIfNeeded(db, queue, video);
    await refreshRemoteVideo(deps(), VIDEO_URL);
    const refreshed = await videoRow();
    expect(await scheduleVideoRefreshIfNeeded(db, queue, refreshed)).toBe(false);
    await db
      .update(schema.videos)
      .set({ fetchedAt: new Date(Date.now() - 3 * DAY) })
      .where(eq(schema.videos.id, video.id));
    expect(await scheduleVideoRefreshIfNeeded(db, queue, await videoRow())).toBe(true);
    expect(await refreshJobs()).toHaveLength(2);
  });
});

describe('refreshRemoteVideo', () => {
  it('stores what the origin serves now (name, counts, files) through the Update path', async () => {
    const before = await storeVideo(3 * DAY);
    const object = videoObject();
    served[VIDEO_URL] = () => ({
      ...object,
      name: 'renamed at the origin',
      views: 42,
      url: object.url.filter((u: { mediaType: string }) => u.mediaType !== 'video/mp4'),
    });
    likes = 17;
    try {
      expect(await activitypubRefreshHandler.run(deps(), { payload: { kind: 'video', url: VIDEO_URL } })).toBe('completed');
    } finally {
      served[VIDEO_URL] = () => videoObject();
    }
    const after = await videoRow();
    expect(after).toMatchObject({ id: before.id, name: 'renamed at the origin', views: 42, likes: 17 });
    expect(after.fetchedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    // Without its web videos the HLS renditions are the files, as on first fetch.
    const files = await db.select().from(schema.videoFiles).where(eq(schema.videoFiles.videoId, before.id));
    expect(files.map((f) => f.fileUrl)).toEqual([expect.stringMatching(/-240-fragmented\.mp4$/)]);
  });

  for (const status of [404, 410]) {
    it(`deletes the copy when the origin answers ${status}`, async () => {
      await storeVideo(3 * DAY);
      override[VIDEO_URL] = () => new Response('gone', { status });
      expect(await refreshRemoteVideo(deps(), VIDEO_URL)).toBe('deleted');
      expect(await videoRow()).toBeUndefined();
    });
  }

  it('deletes the copy when the origin answers a Tombstone', async () => {
    await storeVideo(3 * DAY);
    override[VIDEO_URL] = () =>
      new Response(JSON.stringify({ id: VIDEO_URL, type: 'Tombstone', deleted: new Date().toISOString() }), {
        headers: { 'content-type': 'application/activity+json' },
      });
    expect(await refreshRemoteVideo(deps(), VIDEO_URL)).toBe('deleted');
    expect(await videoRow()).toBeUndefined();
  });

  it('keeps the copy as it is on other errors, and waits an interval before trying again', async () => {
    const before = await storeVideo(3 * DAY);
    for (const answer of [
      () => new Response('down', { status: 503 }),
      () => new Response('{"type":"Note"}', { headers: { 'content-type': 'application/activity+json' } }),
    ]) {
      override[VIDEO_URL] = answer;
      expect(await refreshRemoteVideo(deps(), VIDEO_URL)).toBe('kept');
      const after = await videoRow();
      expect(after).toMatchObject({ id: before.id, name: before.name, likes: before.likes, updatedAt: before.updatedAt });
      expect(isOutdated('video', after)).toBe(false);
      expect(await db.select().from(schema.videoFiles).where(eq(schema.videoFiles.videoId, before.id))).toHaveLength(1);
    }
  });

  it('leaves local videos alone', async () => {
    expect(await refreshRemoteVideo(deps(), 'https://here.example/videos/watch/nothing')).toBe('skipped');
  });
});

describe('refreshing remote actors', () => {
  it('schedules an outdated remote actor once, and never a local one', async () => {
    await storeVideo(DAY);
    const [channel] = await db.select().from(schema.actors).where(eq(schema.actors.url, CHANNEL_URL));
    expect(await scheduleActorRefreshIfNeeded(db, queue, channel)).toBe(false);
    const stale = { ...channel, fetchedAt: new Date(Date.now() - 3 * DAY) };
    expect(await scheduleActorRefreshIfNeeded(db, queue, stale)).toBe(true);
    expect(await scheduleActorRefreshIfNeeded(db, queue, stale)).toBe(true);
    expect(await scheduleActorRefreshIfNeeded(db, queue, { ...stale, host: null })).toBe(false);
    expect((await refreshJobs()).map((j) => j.payload)).toEqual([{ kind: 'actor', url: CHANNEL_URL }]);
  });

  it('refetches the actor: its fetch time moves and its channel takes the new display name', async () => {
    await storeVideo(DAY);
    const [channel] = await db.select().from(schema.actors).where(eq(schema.actors.url, CHANNEL_URL));
    await db
      .update(schema.actors)
      .set({ fetchedAt: new Date(Date.now() - 3 * DAY) })
      .where(eq(schema.actors.id, channel.id));
    const doc = JSON.parse(read('keys-root_channel.json'));
    override[CHANNEL_URL] = () =>
      new Response(JSON.stringify({ ...doc, name: 'Renamed channel' }), { headers: { 'content-type': 'application/activity+json' } });
    expect(await refreshRemoteActor(deps(), CHANNEL_URL)).toBe('updated');
    const [after] = await db.select().from(schema.actors).where(eq(schema.actors.id, channel.id));
    expect(isOutdated('actor', { ...after, isLocal: false })).toBe(false);
    const [row] = await db.select().from(schema.videoChannels).where(eq(schema.videoChannels.actorId, channel.id));
    expect(row.displayName).toBe('Renamed channel');
  });

  it('keeps an actor whose origin fails, and waits an interval before trying again', async () => {
    await storeVideo(DAY);
    const [channel] = await db.select().from(schema.actors).where(eq(schema.actors.url, CHANNEL_URL));
    const stale = new Date(Date.now() - 3 * DAY);
    await db.update(schema.actors).set({ fetchedAt: stale }).where(eq(schema.actors.id, channel.id));
    override[CHANNEL_URL] = () => new Response('down', { status: 500 });
    expect(await refreshRemoteActor(deps(), CHANNEL_URL)).toBe('kept');
    const [after] = await db.select().from(schema.actors).where(eq(schema.actors.id, channel.id));
    expect(after).toMatchObject({ id: channel.id, preferredUsername: channel.preferredUsername, publicKeyPem: channel.publicKeyPem });
    expect(after.fetchedAt!.getTime()).toBeGreaterThan(stale.getTime());
  });
});
