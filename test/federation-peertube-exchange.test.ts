/**
 * What a live exchange with PeerTube 6.3 showed (issue 14), replayed from the fake remote with
 * PeerTube's own recorded traffic (fixtures/peertube-6.3/signed/) rewritten onto its origin.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../worker/db/schema';
import { api, instanceUrl, loginAsRoot } from './helpers/api';
import { postSigned, startFakeRemote, type FakeActor, type FakeRemote } from './helpers/fake-remote-instance';
import { testDb, triggerSweep } from './helpers/internal';
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
    expect(details.files.map((f: { fileUrl: string }) => f.fileUrl)).toEqual([
      expect.stringMatching(/web-videos\/.*-240\.mp4$/),
      expect.stringMatching(/web-videos\/.*-144\.mp4$/),
    ]);

    // The same Update again (PeerTube re-sends on retries) is processed once.
    const jobsBefore = await inboxJobsOf(second.id);
    expect((await postSigned(inbox, JSON.stringify(second), { signer: signerOf(owner) })).status).toBe(204);
    expect(await inboxJobsOf(second.id)).toBe(jobsBefore);
    expect(jobsBefore).toBe(2);
  });
});

describe('ApproveReply from PeerTube', () => {
  it('publishes our comment held on a video that requires approval, and sends it again with replyApproval', async () => {
    const owner = await remote.addActor(`approver${Date.now() % 100000}`);
    const mallory = await remote.addActor(`mallory${Date.now() % 100000}`);
    const video = await seedRemoteVideo(remote, owner);
    await db.update(schema.videos).set({ commentsPolicy: 3 }).where(eq(schema.videos.id, video.id));
    const token = await loginAsRoot();

    const posted = await api(`/api/v1/videos/${video.uuid}/comment-threads`, { method: 'POST', token, json: { text: 'a reply that **needs** approval' } });
    expect(posted.status).toBe(200);
    const comment = posted.data.comment;
    expect(comment.heldForReview).toBe(true);
    const sent = await remote.waitFor((r) => r.method === 'POST' && r.body.includes('"Create"') && r.body.includes(comment.url));
    expect(JSON.parse(sent.body).object.replyApproval).toBeUndefined();

    // What PeerTube 6.3 sent (signed/approve-reply-from-peertube.json), for our comment.
    const approval = rehomed('approve-reply-from-peertube.json', remote, owner);
    approval.id = `${video.url}/comments/1/approve-reply`;
    approval.inReplyTo = video.url;
    approval.object = comment.url;
    expect(approval).toMatchObject({ type: 'ApproveReply', actor: owner.url });

    // Only the video's owner approves: anyone else's is ignored.
    const forged = { ...approval, id: `${mallory.url}/approve-reply/1`, actor: mallory.url };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(forged), { signer: signerOf(mallory) })).status).toBe(204);

    // PeerTube unicasts it to the comment author's inbox.
    expect((await postSigned(instanceUrl('/accounts/root/inbox'), JSON.stringify(approval), { signer: signerOf(owner) })).status).toBe(204);
    const resent = await remote.waitFor((r) => r.method === 'POST' && r.body.includes('"Create"') && r.body.includes(`"replyApproval":"${approval.id}"`));
    expect(JSON.parse(resent.body).object).toMatchObject({
      id: comment.url,
      content: 'a reply that **needs** approval',
      mediaType: 'text/markdown',
      replyApproval: approval.id,
    });
    const thread = await api(`/api/v1/videos/${video.uuid}/comment-threads/${comment.id}`);
    expect(thread.data.comment.heldForReview).toBe(false);
    const [row] = await db.select().from(schema.comments).where(eq(schema.comments.id, comment.id));
    expect(row.replyApproval).toBe(approval.id);
    // The forged one, delivered first, changed nothing.
    expect(remote.received.filter((r) => r.method === 'POST' && r.body.includes('"Create"') && r.body.includes(comment.url))).toHaveLength(2);
  });
});

describe('a follow whose Accept never comes', () => {
  it('is sent again, then taken as accepted once the followed instance lists us among its followers', async () => {
    const server = await remote.addActor('peertube', 'Application');
    const token = await loginAsRoot();
    const host = new URL(remote.origin).host;
    expect((await api('/api/v1/server/following', { method: 'POST', token, json: { hosts: [host] } })).status).toBe(204);
    const isFollow = (r: { method: string; path: string; body: string }) =>
      r.method === 'POST' && r.path === '/accounts/peertube/inbox' && r.body.includes('"Follow"');
    const first = JSON.parse((await remote.waitFor(isFollow)).body);
    // PeerTube accepted it, but its one-shot Accept was lost: ours is pending.
    const state = async () => (await api('/api/v1/server/following?count=100', { token })).data.data.find((f: any) => f.following.host === host)?.state;
    expect(await state()).toBe('pending');

    // Minutes later (aged here), the sweep finds it still pending; the followers collection cannot
    // be read (404), so the Follow is sent again, with its original id.
    const age = () =>
      db
        .update(schema.follows)
        .set({ createdAt: new Date(Date.now() - 11 * 60_000), updatedAt: new Date(Date.now() - 10 * 60_000) })
        .where(eq(schema.follows.activityUrl, first.id));
    await age();
    await triggerSweep();
    await expect.poll(() => remote.received.filter(isFollow).length, { timeout: 30_000 }).toBe(2);
    expect(JSON.parse(remote.received.filter(isFollow)[1].body)).toMatchObject({
      type: 'Follow',
      id: first.id,
      actor: instanceUrl('/accounts/peertube'),
      object: server.url,
    });
    expect(await state()).toBe('pending');

    // PeerTube lists accepted followers: once we are there, ours converges without an Accept.
    const followers = `${server.url}/followers`;
    remote.serve({ id: followers, type: 'OrderedCollection', totalItems: 1, first: `${followers}?page=1` } as { id: string });
    remote.serve({
      id: `${followers}?page=1`,
      type: 'OrderedCollectionPage',
      totalItems: 1,
      partOf: followers,
      orderedItems: [instanceUrl('/accounts/peertube')],
    } as { id: string });
    await age();
    await triggerSweep();
    await expect.poll(state, { timeout: 30_000 }).toBe('accepted');
    expect(remote.received.filter(isFollow)).toHaveLength(2);
    expect((await api(`/api/v1/server/following/${host}`, { method: 'DELETE', token })).status).toBe(204);
  });
});

async function inboxJobsOf(activityId: string): Promise<number> {
  const rows = await db.select({ key: schema.jobs.dedupeKey }).from(schema.jobs).where(eq(schema.jobs.type, 'activitypub-inbox'));
  return rows.filter((r) => r.key?.startsWith(`activitypub-inbox:${activityId}`)).length;
}
