/**
 * /users/me/notifications and notification settings, and the events that make notifications
 * (PeerTube 6.3's lib/notifier and controllers/api/users/my-notifications.ts).
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { api, instanceUrl, loginAsRoot } from './helpers/api';
import { newUploader, legacyUpload, type Uploader } from './helpers/video-uploads';
import { seedLocalVideo } from './helpers/seed-videos';
import { generateClip } from './helpers/clips';
import { triggerSweep, waitFor } from './helpers/internal';
import { fakeVideoBytes } from './helpers/fake-media';
import { postSigned, startFakeRemote, type FakeRemote } from './helpers/fake-remote-instance';

const host = () => new URL(inject('instanceUrl')).host;
const list = (token: string, query = '') => api(`/api/v1/users/me/notifications${query}`, { token });
const ofType = async (token: string, type: number) => (await list(token, '?count=100')).data.data.filter((n: any) => n.type === type);

let fan: Uploader;
let creator: Uploader;
let bystander: Uploader;
let rootToken: string;
let dir: string;
let remote: FakeRemote;

beforeAll(async () => {
  [fan, creator, bystander] = await Promise.all([newUploader(), newUploader(), newUploader()]);
  rootToken = await loginAsRoot();
  dir = await mkdtemp(join(tmpdir(), 'edgetube-notif-'));
  remote = await startFakeRemote();
});

afterAll(async () => {
  await remote?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('notification routes', () => {
  it('need a user', async () => {
    expect((await api('/api/v1/users/me/notifications')).status).toBe(401);
    expect((await api('/api/v1/users/me/notifications/read', { method: 'POST', json: { ids: [1] } })).status).toBe(401);
    expect((await api('/api/v1/users/me/notifications/read-all', { method: 'POST' })).status).toBe(401);
    expect((await api('/api/v1/users/me/notification-settings', { method: 'PUT', json: {} })).status).toBe(401);
  });

  it("GET /users/me carries PeerTube's default notification settings", async () => {
    const me = await api('/api/v1/users/me', { token: fan.token });
    expect(me.data.notificationSettings).toEqual({
      newCommentOnMyVideo: 1,
      newVideoFromSubscription: 1,
      abuseAsModerator: 3,
      videoAutoBlacklistAsModerator: 3,
      blacklistOnMyVideo: 3,
      myVideoPublished: 1,
      myVideoImportFinished: 1,
      newUserRegistration: 1,
      commentMention: 1,
      newFollow: 1,
      newInstanceFollower: 1,
      autoInstanceFollowing: 1,
      abuseNewMessage: 3,
      abuseStateChange: 3,
      newPeerTubeVersion: 3,
      myVideoStudioEditionFinished: 1,
      myVideoTranscriptionGenerated: 1,
      newPluginVersion: 1,
    });
  });

  it('rejects bad queries and bodies', async () => {
    for (const q of ['?unread=maybe', '?sort=type', '?count=101', '?start=-1']) expect((await list(fan.token, q)).status, q).toBe(400);
    for (const ids of [[], ['a'], 'x', [1.5]]) {
      const res = await api('/api/v1/users/me/notifications/read', { method: 'POST', token: fan.token, json: { ids } });
      expect(res.status, JSON.stringify(ids)).toBe(400);
    }
    const me = (await api('/api/v1/users/me', { token: fan.token })).data.notificationSettings;
    const missing = { ...me };
    delete missing.newFollow;
    expect((await api('/api/v1/users/me/notification-settings', { method: 'PUT', token: fan.token, json: missing })).status).toBe(400);
    expect((await api('/api/v1/users/me/notification-settings', { method: 'PUT', token: fan.token, json: { ...me, newFollow: 4 } })).status).toBe(400);
  });
});

describe('notifications made where their events happen', () => {
  let video: { id: number; uuid: string; name: string };
  let fanCommentId: number;

  it('a new follower of my channel (NEW_FOLLOW)', async () => {
    expect((await api('/api/v1/users/me/subscriptions', { method: 'POST', token: fan.token, json: { uri: `${creator.channelName}@${host()}` } })).status).toBe(
      204,
    );
    const [n] = await ofType(creator.token, 10);
    expect(Object.keys(n)).toEqual(['id', 'type', 'read', 'actorFollow', 'createdAt', 'updatedAt']);
    expect(n.read).toBe(false);
    expect(n.actorFollow).toMatchObject({
      state: 'accepted',
      follower: { id: fan.accountId, name: fan.username, host: host(), avatars: [] },
      following: { type: 'channel', name: creator.channelName, host: host() },
    });
  });

  it('a comment on my video (NEW_COMMENT_ON_MY_VIDEO), and a reply and a mention (COMMENT_MENTION)', async () => {
    video = await seedLocalVideo(creator, {}, 'notified');
    const posted = await api(`/api/v1/videos/${video.uuid}/comment-threads`, {
      method: 'POST',
      token: fan.token,
      json: { text: `nice, @${bystander.username}` },
    });
    expect(posted.status).toBe(200);
    fanCommentId = posted.data.comment.id;
    const [n] = await ofType(creator.token, 2);
    expect(Object.keys(n)).toEqual(['id', 'type', 'read', 'comment', 'createdAt', 'updatedAt']);
    expect(n.comment).toMatchObject({
      id: fanCommentId,
      threadId: fanCommentId,
      account: { id: fan.accountId, name: fan.username },
      video: { id: video.id, uuid: video.uuid, name: video.name },
      heldForReview: false,
    });
    expect(n.comment.video.shortUUID).toBeTruthy();
    // The mention reached the bystander; the author hears nothing of their own comment.
    expect((await ofType(bystander.token, 11)).map((x: any) => x.comment.id)).toEqual([fanCommentId]);
    expect(await ofType(fan.token, 2)).toEqual([]);

    const reply = await api(`/api/v1/videos/${video.uuid}/comments/${fanCommentId}`, { method: 'POST', token: creator.token, json: { text: 'thanks' } });
    expect(reply.status).toBe(200);
    const mentions = await ofType(fan.token, 11);
    expect(mentions.map((x: any) => x.comment.id)).toEqual([reply.data.comment.id]);
    expect(mentions[0].comment.threadId).toBe(fanCommentId);
    // The owner replying on their own video is not told of it.
    expect((await ofType(creator.token, 2)).length).toBe(1);
  });

  it('a new abuse report, for moderators (NEW_ABUSE_FOR_MODERATORS)', async () => {
    const report = await api('/api/v1/abuses', { method: 'POST', token: fan.token, json: { reason: 'this video is bad', video: { id: video.id } } });
    expect(report.status).toBe(200);
    const mine = (await ofType(rootToken, 3)).filter((n: any) => n.abuse.id === report.data.abuse.id);
    expect(mine).toHaveLength(1);
    expect(mine[0].abuse).toEqual({
      id: report.data.abuse.id,
      state: 1,
      video: { id: video.id, uuid: video.uuid, shortUUID: expect.any(String), name: video.name },
    });
    expect(await ofType(creator.token, 3)).toEqual([]);
  });

  it('a new follower of the instance, for admins (NEW_INSTANCE_FOLLOWER)', async () => {
    const peer = await remote.addActor('notifpeer', 'Application');
    const activity = {
      '@context': 'https://www.w3.org/ns/activitystreams',
      type: 'Follow',
      id: `${peer.url}/follows/${Date.now()}`,
      actor: peer.url,
      object: instanceUrl('/accounts/peertube'),
    };
    const res = await postSigned(instanceUrl('/inbox'), JSON.stringify(activity), { signer: { keyId: peer.keyId, privateKeyPem: peer.privateKeyPem } });
    expect(res.status).toBeLessThan(300);
    const found = await waitFor('the instance follower notification', async () => {
      await triggerSweep();
      return (await ofType(rootToken, 13)).find((n: any) => n.actorFollow.follower.name === 'notifpeer');
    });
    expect(found.actorFollow.following).toEqual({ type: 'instance', displayName: 'peertube', name: 'peertube', host: host() });
    expect(found.actorFollow.follower.host).toBe(new URL(remote.origin).host);
    await api(`/api/v1/server/followers/notifpeer@${new URL(remote.origin).host}`, { method: 'DELETE', token: rootToken });
  });

  it('my video published (MY_VIDEO_PUBLISHED) and a new video of a subscription (NEW_VIDEO_FROM_SUBSCRIPTION)', async () => {
    const clip = await generateClip(join(dir, 'n.mp4'), { seconds: 2, width: 320, height: 240 });
    const up = await legacyUpload(
      creator.token,
      { channelId: String(creator.channelId), name: 'for my subscribers', privacy: '1' },
      { bytes: new Uint8Array(await readFile(clip)), name: 'n.mp4', type: 'video/mp4' },
    );
    expect(up.status).toBe(200);
    const uuid = up.data.video.uuid;
    const published = await waitFor(
      'the published notification',
      async () => {
        await triggerSweep();
        return (await ofType(creator.token, 6)).find((n: any) => n.video.uuid === uuid);
      },
      { timeoutMs: 240_000, intervalMs: 1_000 },
    );
    expect(Object.keys(published)).toEqual(['id', 'type', 'read', 'video', 'createdAt', 'updatedAt']);
    expect(published.video).toMatchObject({ uuid, name: 'for my subscribers', channel: { id: creator.channelId, name: creator.channelName, host: host() } });
    const fromSub = (await ofType(fan.token, 1)).filter((n: any) => n.video.uuid === uuid);
    expect(fromSub).toHaveLength(1);
    // Not subscribed: nothing.
    expect(await ofType(bystander.token, 1)).toEqual([]);
  });

  it("my video's transcoding failed (edgetube's type 101): told once, to the owner only", async () => {
    const up = await legacyUpload(
      creator.token,
      { channelId: String(creator.channelId), name: 'no picture inside', privacy: '1' },
      { bytes: fakeVideoBytes(64 * 1024), name: 'broken.mp4', type: 'video/mp4' },
    );
    expect(up.status).toBe(200);
    const uuid = up.data.video.uuid;
    const failed = await waitFor(
      'the transcoding-failed notification',
      async () => {
        await triggerSweep();
        return (await ofType(creator.token, 101)).find((n: any) => n.video.uuid === uuid);
      },
      { timeoutMs: 240_000, intervalMs: 1_000 },
    );
    expect(Object.keys(failed)).toEqual(['id', 'type', 'read', 'video', 'createdAt', 'updatedAt']);
    expect((await api(`/api/v1/videos/${uuid}`, { token: creator.token })).data.state.id).toBe(7);
    await triggerSweep();
    expect((await ofType(creator.token, 101)).filter((n: any) => n.video.uuid === uuid)).toHaveLength(1);
    expect((await ofType(fan.token, 101)).filter((n: any) => n.video.uuid === uuid)).toEqual([]);
    expect((await ofType(creator.token, 6)).filter((n: any) => n.video.uuid === uuid)).toEqual([]);
  });

  it("lists unread ones, marks some or all read, and touches nobody else's", async () => {
    const all = await list(fan.token, '?count=100');
    expect(all.data.total).toBeGreaterThanOrEqual(2);
    const unread = await list(fan.token, '?unread=true');
    expect(unread.data.total).toBe(all.data.total);
    const first = all.data.data[0].id;
    // Someone else cannot mark mine.
    expect((await api('/api/v1/users/me/notifications/read', { method: 'POST', token: bystander.token, json: { ids: [first] } })).status).toBe(204);
    expect((await list(fan.token, '?unread=true')).data.total).toBe(all.data.total);
    expect((await api('/api/v1/users/me/notifications/read', { method: 'POST', token: fan.token, json: { ids: [first] } })).status).toBe(204);
    expect((await list(fan.token, '?unread=true')).data.total).toBe(all.data.total - 1);
    expect((await list(fan.token, '?unread=false')).data.data.map((n: any) => n.id)).toEqual([first]);
    expect((await api('/api/v1/users/me/notifications/read-all', { method: 'POST', token: fan.token })).status).toBe(204);
    expect((await list(fan.token, '?unread=true')).data.total).toBe(0);
    expect((await list(bystander.token, '?unread=true')).data.total).toBeGreaterThan(0);
  });

  it('a setting at NONE stops that kind of notification', async () => {
    const me = (await api('/api/v1/users/me', { token: creator.token })).data.notificationSettings;
    expect((await api('/api/v1/users/me/notification-settings', { method: 'PUT', token: creator.token, json: { ...me, newCommentOnMyVideo: 0 } })).status).toBe(
      204,
    );
    expect((await api('/api/v1/users/me', { token: creator.token })).data.notificationSettings.newCommentOnMyVideo).toBe(0);
    const before = (await ofType(creator.token, 2)).length;
    expect((await api(`/api/v1/videos/${video.uuid}/comment-threads`, { method: 'POST', token: bystander.token, json: { text: 'quiet' } })).status).toBe(200);
    expect((await ofType(creator.token, 2)).length).toBe(before);
  });
});
