/**
 * Lazy refresh of outdated remote videos (ADR 0015) through the running Worker: GET
 * /api/v1/videos/{id} answers from what is stored, and the `activitypub-refresh` job
 * refetches the Video from the fake remote instance, then updates or deletes the copy.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../worker/db/schema';
import { api } from './helpers/api';
import { startFakeRemote, type FakeActor, type FakeRemote } from './helpers/fake-remote-instance';
import { testDb, waitFor } from './helpers/internal';
import { seedRemoteVideo } from './helpers/seed-videos';

const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';
const THREE_DAYS = 3 * 24 * 3600 * 1000;

let remote: FakeRemote;
let owner: FakeActor;
let seeded = 0;

/** A remote video of a new owner on the fake remote (seedRemoteVideo makes the owner's actors). */
async function seedVideo() {
  owner = await remote.addActor(`refresh${Date.now() % 100000}n${seeded++}`);
  return seedRemoteVideo(remote, owner);
}
const { db, close } = testDb();

/** The Video as its origin serves it (enough of PeerTube's object for parseVideoObject). */
function videoObject(video: schema.Video, name: string) {
  return {
    type: 'Video',
    id: video.url,
    uuid: video.uuid,
    name,
    duration: 'PT7S',
    views: 12,
    state: 1,
    published: new Date(Date.now() - 60_000).toISOString(),
    to: [PUBLIC],
    cc: [`${owner.url}/followers`],
    attributedTo: [
      { type: 'Person', id: owner.url },
      { type: 'Group', id: `${remote.origin}/video-channels/${owner.name}_channel` },
    ],
    url: [{ type: 'Link', mediaType: 'text/html', href: video.url }],
  };
}

const age = (video: schema.Video) =>
  db
    .update(schema.videos)
    .set({ fetchedAt: new Date(Date.now() - THREE_DAYS) })
    .where(eq(schema.videos.id, video.id));
const row = async (video: schema.Video) => (await db.select().from(schema.videos).where(eq(schema.videos.id, video.id)))[0];
const refreshJobs = async (video: schema.Video) =>
  (await db.select().from(schema.jobs).where(eq(schema.jobs.type, 'activitypub-refresh'))).filter((j) => (j.payload as { url: string }).url === video.url);

beforeAll(async () => {
  remote = await startFakeRemote();
});

afterAll(async () => {
  await remote?.close();
  close();
});

describe('GET /api/v1/videos/{id} of an outdated remote video', () => {
  it("answers from what is stored, then the origin's new name is stored by one job", async () => {
    const video = await seedVideo();
    await age(video);
    remote.serve(videoObject(video, 'renamed at the origin'));

    const first = await api(`/api/v1/videos/${video.uuid}`);
    expect(first.status).toBe(200);
    expect(first.data.name).toBe('remote video');
    await api(`/api/v1/videos/${video.uuid}`);

    const updated = await waitFor(
      'the refreshed name',
      async () => {
        const r = await row(video);
        return r?.name === 'renamed at the origin' && r;
      },
      { timeoutMs: 30_000 },
    );
    expect(updated).toMatchObject({ duration: 7, views: 12 });
    // The job invalidates the edge cache just after its write (ADR 0017): read until it has.
    expect(
      await waitFor('the refreshed name in the API', async () => (await api(`/api/v1/videos/${video.uuid}`)).data.name === 'renamed at the origin', {
        timeoutMs: 10_000,
      }),
    ).toBe(true);
    // Two reads of the outdated copy, one job; the fresh copy read again schedules nothing.
    expect(await refreshJobs(video)).toHaveLength(1);
    expect(remote.received.filter((r) => r.method === 'GET' && r.path === new URL(video.url).pathname)).toHaveLength(1);
  });

  it('deletes the copy when the origin now serves a Tombstone', async () => {
    const video = await seedVideo();
    await age(video);
    const tombstone = { id: video.url, type: 'Tombstone' };
    remote.serve(tombstone);
    expect((await api(`/api/v1/videos/${video.uuid}`)).status).toBe(200);
    await waitFor('the copy to be deleted', async () => !(await row(video)), { timeoutMs: 30_000 });
    expect(await waitFor('a 404 from the API', async () => (await api(`/api/v1/videos/${video.uuid}`)).status === 404, { timeoutMs: 10_000 })).toBe(true);
  });

  it('leaves a fresh remote video alone', async () => {
    const video = await seedVideo();
    expect((await api(`/api/v1/videos/${video.uuid}`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(await refreshJobs(video)).toHaveLength(0);
    expect(
      await db
        .select()
        .from(schema.videos)
        .where(and(eq(schema.videos.id, video.id), eq(schema.videos.name, 'remote video'))),
    ).toHaveLength(1);
  });
});
