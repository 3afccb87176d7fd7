/**
 * Watch history as PeerTube 6.3 keeps it, against the real instance: views with `currentTime`
 * from a signed-in user record where they stopped, `userHistory` on the video and in lists, the
 * list, removal of one video or all (before a date), the on/off switch, and one user's history
 * invisible to another and to anonymous readers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, instanceUrl } from './helpers/api';
import { testDb } from './helpers/internal';
import { newUploader, type Uploader } from './helpers/video-uploads';
import { seedLocalVideo } from './helpers/seed-videos';
import { expectErrorShape, KEYS, PROBLEM_JSON } from './helpers/error-shape';
import * as schema from '../worker/db/schema';
import { eq } from 'drizzle-orm';

let owner: Uploader;
let alice: Uploader;
let bob: Uploader;

const view = (videoId: number | string, currentTime: number, token?: string) =>
  api(`/api/v1/videos/${videoId}/views`, { method: 'POST', json: { currentTime }, token });
const history = (token: string, query = '') => api(`/api/v1/users/me/history/videos${query}`, { token });
const historyIds = async (token: string, query = '') => (await history(token, query)).data.data.map((v: { id: number }) => v.id);

beforeAll(async () => {
  [owner, alice, bob] = await Promise.all([newUploader(), newUploader(), newUploader()]);
});

describe('recording', () => {
  it('keeps the last position of a signed-in viewer, shown as userHistory on the video and in lists', async () => {
    const video = await seedLocalVideo(owner, {}, 'hist-record');
    expect((await view(video.uuid, 12, alice.token)).status).toBe(204);
    // Not counted again this hour (same client), the position still moves (PeerTube upserts on every view).
    expect((await view(video.uuid, 47, alice.token)).status).toBe(204);

    const detail = await api(`/api/v1/videos/${video.uuid}`, { token: alice.token });
    expect(detail.data.userHistory).toEqual({ currentTime: 47 });
    const list = await api(`/api/v1/accounts/${owner.username}/videos?count=100`, { token: alice.token });
    expect(list.data.data.find((v: { id: number }) => v.id === video.id).userHistory).toEqual({ currentTime: 47 });
    const all = await api(`/api/v1/videos?count=100&sort=-createdAt`, { token: alice.token });
    expect(all.data.data.find((v: { id: number }) => v.id === video.id).userHistory).toEqual({ currentTime: 47 });

    // Nobody else sees it: another user, and an anonymous (cacheable) read.
    expect((await api(`/api/v1/videos/${video.uuid}`, { token: bob.token })).data).not.toHaveProperty('userHistory');
    expect((await api(`/api/v1/videos/${video.uuid}`)).data).not.toHaveProperty('userHistory');
    expect((await api(`/api/v1/accounts/${owner.username}/videos?count=100`)).data.data.every((v: object) => !('userHistory' in v))).toBe(true);
    expect(await historyIds(bob.token)).not.toContain(video.id);
  });

  it('records nothing for anonymous views, nor while the switch is off', async () => {
    const video = await seedLocalVideo(owner, {}, 'hist-off');
    expect((await view(video.id, 5)).status).toBe(204);
    const { db, close } = testDb();
    try {
      expect(await db.select().from(schema.userVideoHistory).where(eq(schema.userVideoHistory.videoId, video.id))).toEqual([]);
    } finally {
      close();
    }

    const me = await api('/api/v1/users/me', { token: bob.token });
    expect(me.data.videosHistoryEnabled).toBe(true);
    const invalid = await api('/api/v1/users/me', { method: 'PUT', token: bob.token, json: { videosHistoryEnabled: 'maybe' } });
    expect(invalid.status).toBe(400);
    expect(invalid.data['invalid-params'].videosHistoryEnabled.msg).toBe('Should have a valid videos history enabled boolean');
    expect((await api('/api/v1/users/me', { method: 'PUT', token: bob.token, json: { videosHistoryEnabled: false } })).status).toBe(204);
    expect((await api('/api/v1/users/me', { token: bob.token })).data.videosHistoryEnabled).toBe(false);
    expect((await view(video.id, 30, bob.token)).status).toBe(204);
    expect(await historyIds(bob.token)).not.toContain(video.id);
    expect((await api(`/api/v1/videos/${video.id}`, { token: bob.token })).data).not.toHaveProperty('userHistory');

    expect((await api('/api/v1/users/me', { method: 'PUT', token: bob.token, json: { videosHistoryEnabled: true } })).status).toBe(204);
    expect((await view(video.id, 31, bob.token)).status).toBe(204);
    expect((await history(bob.token)).data.data[0]).toMatchObject({ id: video.id, userHistory: { currentTime: 31 } });
  });
});

describe('GET /users/me/history/videos', () => {
  it("lists the user's videos last watched first, with paging and search, in PeerTube's shape", async () => {
    const user = await newUploader();
    const [a, b, c] = [
      await seedLocalVideo(owner, {}, 'hist-list apple'),
      await seedLocalVideo(owner, {}, 'hist-list banana'),
      await seedLocalVideo(owner, { nsfw: true }, 'hist-list cherry'),
    ];
    for (const [v, t] of [
      [a, 1],
      [b, 2],
      [c, 3],
    ] as const) {
      expect((await view(v.uuid, t, user.token)).status).toBe(204);
    }
    const page = await history(user.token);
    expect(page.status).toBe(200);
    expect(page.data.total).toBe(3);
    // Sensitive videos too (PeerTube lists the history with nsfw: null).
    expect(page.data.data.map((v: { id: number }) => v.id)).toEqual([c.id, b.id, a.id]);
    expect(page.data.data[0]).toMatchObject({ uuid: c.uuid, name: c.name, userHistory: { currentTime: 3 } });
    expect(page.data.data[0]).toHaveProperty('account.name', owner.username);

    const second = await history(user.token, '?start=1&count=1');
    expect(second.data).toMatchObject({ total: 3, data: [{ id: b.id }] });
    expect(await historyIds(user.token, '?search=banana')).toEqual([b.id]);

    // Watching again moves it to the top.
    await view(a.uuid, 9, user.token);
    expect((await history(user.token)).data.data[0]).toMatchObject({ id: a.id, userHistory: { currentTime: 9 } });
  });

  it('needs a user and refuses bad paging', async () => {
    expect((await api('/api/v1/users/me/history/videos')).status).toBe(401);
    const bad = await fetch(instanceUrl('/api/v1/users/me/history/videos?count=500'), { headers: { authorization: `Bearer ${alice.token}` } });
    await expectErrorShape('count', bad, { status: 400, contentType: PROBLEM_JSON, keys: KEYS.invalidParams });
  });
});

describe('removing', () => {
  it("removes one video, only from the caller's history", async () => {
    const video = await seedLocalVideo(owner, {}, 'hist-remove');
    await view(video.id, 4, alice.token);
    await view(video.id, 6, bob.token);
    const del = await api(`/api/v1/users/me/history/videos/${video.id}`, { method: 'DELETE', token: alice.token });
    expect(del.status).toBe(204);
    expect(await historyIds(alice.token)).not.toContain(video.id);
    expect(await historyIds(bob.token)).toContain(video.id);
    expect((await api(`/api/v1/videos/${video.id}`, { token: alice.token })).data).not.toHaveProperty('userHistory');
    // Unknown video: still 204, as PeerTube (a destroy of nothing).
    expect((await api('/api/v1/users/me/history/videos/999999999', { method: 'DELETE', token: alice.token })).status).toBe(204);
    expect((await api(`/api/v1/users/me/history/videos/${video.id}`, { method: 'DELETE' })).status).toBe(401);
    const bad = await fetch(instanceUrl('/api/v1/users/me/history/videos/abc'), { method: 'DELETE', headers: { authorization: `Bearer ${alice.token}` } });
    const body = (await bad.clone().json()) as Record<string, any>;
    await expectErrorShape('videoId', bad, { status: 400, contentType: PROBLEM_JSON, keys: KEYS.invalidParams });
    expect(Object.keys(body['invalid-params'])).toEqual(['videoId']);
  });

  it('removes all, or what was watched before beforeDate', async () => {
    const user = await newUploader();
    const [old, recent] = [await seedLocalVideo(owner, {}, 'hist-old'), await seedLocalVideo(owner, {}, 'hist-recent')];
    await view(old.id, 1, user.token);
    await view(recent.id, 2, user.token);
    // Date the first one back, as if watched last year.
    const { db, close } = testDb();
    try {
      await db
        .update(schema.userVideoHistory)
        .set({ updatedAt: new Date(Date.now() - 365 * 86400_000) })
        .where(eq(schema.userVideoHistory.videoId, old.id));
    } finally {
      close();
    }
    const remove = (json: unknown) => api('/api/v1/users/me/history/videos/remove', { method: 'POST', token: user.token, json });
    expect((await remove({ beforeDate: new Date(Date.now() - 30 * 86400_000).toISOString() })).status).toBe(204);
    expect(await historyIds(user.token)).toEqual([recent.id]);

    const bad = await fetch(instanceUrl('/api/v1/users/me/history/videos/remove'), {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ beforeDate: 'yesterday' }),
    });
    const body = (await bad.clone().json()) as Record<string, any>;
    await expectErrorShape('beforeDate', bad, { status: 400, contentType: PROBLEM_JSON, keys: KEYS.invalidParams });
    expect(body['invalid-params'].beforeDate.msg).toBe('Should have a before date that conforms to ISO 8601');

    expect((await remove({})).status).toBe(204);
    expect((await history(user.token)).data).toEqual({ total: 0, data: [] });
  });
});
