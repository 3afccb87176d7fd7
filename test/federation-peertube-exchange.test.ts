/**
 * What a live exchange with PeerTube 6.3 showed (issue 14), replayed from the fake remote with
 * PeerTube's own recorded traffic (fixtures/peertube-6.3/signed/) rewritten onto its origin.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../worker/db/schema';
import { api, instanceUrl } from './helpers/api';
import { postSigned, startFakeRemote, type FakeActor, type FakeRemote } from './helpers/fake-remote-instance';
import { testDb } from './helpers/internal';
import { rehomed } from './helpers/peertube-traffic';
import { seedRemoteVideo } from './helpers/seed-videos';

let remote: FakeRemote;
const { db, close } = testDb();
const signerOf = (a: FakeActor) => ({ keyId: a.url, privateKeyPem: a.privateKeyPem });

beforeAll(async () => {
  remote = await startFakeRemote();
});

afterAll(async () => {
  await remote?.close();
  close();
});

describe('two Updates of a PeerTube video with the same id', () => {
  it('the second, with the HLS playlist added, wins; a replay of it is a duplicate', async () => {
    const owner = await remote.addActor(`hls${Date.now() % 100000}`);
    const video = await seedRemoteVideo(remote, owner);

    // What PeerTube sent twice, 1.4 s apart, under one id (…/updates/<video.updatedAt>): first with
    // an older master playlist and no fragmented files, then once HLS transcoding was done.
    const second = rehomed('update-video-from-peertube.json', remote, owner, video.uuid);
    const first = structuredClone(second);
    const hls = (u: { mediaType?: string }) => u.mediaType === 'application/x-mpegURL';
    const firstHls = first.object.url.find(hls);
    firstHls.href = firstHls.href.replace('-master.m3u8', '-old-master.m3u8');
    firstHls.tag = firstHls.tag.filter((t: { mediaType?: string }) => t.mediaType !== 'video/mp4');
    first.object.name = 'before HLS';
    expect(first.id).toBe(second.id);

    const inbox = instanceUrl('/inbox');
    expect((await postSigned(inbox, JSON.stringify(first), { signer: signerOf(owner) })).status).toBe(204);
    await expect.poll(async () => (await api(`/api/v1/videos/${video.uuid}`)).data.name, { timeout: 30_000 }).toBe('before HLS');
    expect((await api(`/api/v1/videos/${video.uuid}`)).data.streamingPlaylists[0].playlistUrl).toMatch(/-old-master\.m3u8$/);

    expect((await postSigned(inbox, JSON.stringify(second), { signer: signerOf(owner) })).status).toBe(204);
    await expect.poll(async () => (await api(`/api/v1/videos/${video.uuid}`)).data.name, { timeout: 30_000 }).toBe(second.object.name);
    const details = (await api(`/api/v1/videos/${video.uuid}`)).data;
    const playlist = details.streamingPlaylists[0];
    expect(playlist.playlistUrl).toBe(second.object.url.find(hls).href);
    // The playlist lists PeerTube's fragmented MP4s, not its web videos, which stay in files[].
    expect(playlist.files.map((f: { fileUrl: string }) => f.fileUrl)).toEqual([expect.stringMatching(/-240-fragmented\.mp4$/)]);
    expect(details.files.map((f: { fileUrl: string }) => f.fileUrl)).toEqual([expect.stringMatching(/web-videos\/.*-240\.mp4$/), expect.stringMatching(/web-videos\/.*-144\.mp4$/)]);

    // The same Update again (PeerTube re-sends on retries) is processed once.
    const jobsBefore = await inboxJobsOf(second.id);
    expect((await postSigned(inbox, JSON.stringify(second), { signer: signerOf(owner) })).status).toBe(204);
    expect(await inboxJobsOf(second.id)).toBe(jobsBefore);
    expect(jobsBefore).toBe(2);
  });
});

async function inboxJobsOf(activityId: string): Promise<number> {
  const rows = await db.select({ key: schema.jobs.dedupeKey }).from(schema.jobs).where(eq(schema.jobs.type, 'activitypub-inbox'));
  return rows.filter((r) => r.key?.startsWith(`activitypub-inbox:${activityId}`)).length;
}
