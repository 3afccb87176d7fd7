import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { api, instanceUrl, loginAsRoot, newModerator } from './helpers/api';
import { testDb } from './helpers/internal';
import { seedLocalVideo } from './helpers/seed-videos';
import { newUploader, type Uploader } from './helpers/video-uploads';
import * as schema from '../worker/db/schema';

let owner: Uploader;
let other: Uploader;
let moderatorToken: string;
let rootToken: string;

const publicNames = async () => ((await api('/api/v1/videos?count=100&sort=-publishedAt')).data.data as Array<{ name: string }>).map((v) => v.name);

async function deleteEvents(videoUrl: string) {
  const { db, close } = testDb();
  try {
    return await db
      .select()
      .from(schema.jobs)
      .where(and(eq(schema.jobs.type, 'activitypub-video'), like(schema.jobs.payload, `%"delete"%${videoUrl}%`)));
  } finally {
    close();
  }
}

/** An anonymous visitor's watch and embed pages of a video. */
const pageStatuses = (uuid: string) => Promise.all([`/w/${uuid}`, `/videos/embed/${uuid}`].map(async (path) => (await fetch(instanceUrl(path))).status));

beforeAll(async () => {
  rootToken = await loginAsRoot();
  owner = await newUploader();
  other = await newUploader();
  moderatorToken = await newModerator(rootToken);
});

describe('video blacklist', () => {
  it('is for moderators and admins: 401 anonymous, 403 for users, the owner included', async () => {
    const video = await seedLocalVideo(owner, {}, 'bl-rights');
    expect((await api(`/api/v1/videos/${video.uuid}/blacklist`, { method: 'POST', json: {} })).status).toBe(401);
    expect((await api(`/api/v1/videos/${video.uuid}/blacklist`, { method: 'POST', token: owner.token, json: {} })).status).toBe(403);
    expect((await api(`/api/v1/videos/${video.uuid}/blacklist`, { method: 'POST', token: other.token, json: {} })).status).toBe(403);
    expect((await api('/api/v1/videos/blacklist', { token: owner.token })).status).toBe(403);
    expect((await api(`/api/v1/videos/${video.uuid}/blacklist`, { method: 'POST', token: moderatorToken, json: {} })).status).toBe(204);
    expect((await api(`/api/v1/videos/${video.uuid}/blacklist`, { method: 'DELETE', token: rootToken })).status).toBe(204);
  });

  it('takes a video out of the lists and shows it only to its owner and moderators, until removed', async () => {
    const video = await seedLocalVideo(owner, {}, 'bl-hidden');
    expect(await publicNames()).toContain(video.name);

    const add = await api(`/api/v1/videos/${video.uuid}/blacklist`, { method: 'POST', token: moderatorToken, json: { reason: 'Breaks the rules' } });
    expect(add.status, JSON.stringify(add.data)).toBe(204);
    expect(await publicNames()).not.toContain(video.name);
    expect((await api(`/api/v1/videos/${video.uuid}`)).status).toBe(401);
    const forOther = await api(`/api/v1/videos/${video.uuid}`, { token: other.token });
    expect(forOther.status).toBe(403);
    expect(forOther.data.detail).toBe('Cannot fetch information of private/internal/blocked video');
    const forOwner = await api(`/api/v1/videos/${video.uuid}`, { token: owner.token });
    expect(forOwner.status).toBe(200);
    expect(forOwner.data).toMatchObject({ blacklisted: true, blacklistedReason: 'Breaks the rules' });
    // Nor do its watch and embed pages show it to anyone else.
    expect(await pageStatuses(video.uuid)).toEqual([404, 404]);

    const list = await api(`/api/v1/videos/blacklist?search=${encodeURIComponent(video.name)}`, { token: moderatorToken });
    expect(list.status).toBe(200);
    expect(list.data.total).toBe(1);
    expect(list.data.data[0]).toMatchObject({ reason: 'Breaks the rules', unfederated: false, type: 1, video: { uuid: video.uuid, name: video.name } });
    expect(Object.keys(list.data.data[0]).sort()).toEqual(['createdAt', 'id', 'reason', 'type', 'unfederated', 'updatedAt', 'video']);

    expect((await api(`/api/v1/videos/${video.uuid}/blacklist`, { method: 'PUT', token: moderatorToken, json: { reason: 'Another reason' } })).status).toBe(
      204,
    );
    expect((await api(`/api/v1/videos/${video.uuid}`, { token: rootToken })).data.blacklistedReason).toBe('Another reason');

    expect((await api(`/api/v1/videos/${video.uuid}/blacklist`, { method: 'DELETE', token: moderatorToken })).status).toBe(204);
    expect(await publicNames()).toContain(video.name);
    expect((await api(`/api/v1/videos/${video.uuid}`)).data).toMatchObject({ blacklisted: false, blacklistedReason: null });
    expect(await pageStatuses(video.uuid)).toEqual([200, 200]);
  });

  it('answers as PeerTube to a second block (409), a bad reason (400), and an entry that does not exist (404)', async () => {
    const video = await seedLocalVideo(owner, {}, 'bl-errors');
    const bad = await api(`/api/v1/videos/${video.uuid}/blacklist`, { method: 'POST', token: moderatorToken, json: { reason: 'x' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.data['invalid-params'])).toEqual(['reason']);
    expect((await api(`/api/v1/videos/${video.uuid}/blacklist`, { method: 'DELETE', token: moderatorToken })).status).toBe(404);
    expect((await api(`/api/v1/videos/${video.uuid}/blacklist`, { method: 'PUT', token: moderatorToken, json: { reason: 'ok reason' } })).status).toBe(404);
    expect((await api(`/api/v1/videos/${video.uuid}/blacklist`, { method: 'POST', token: moderatorToken, json: {} })).status).toBe(204);
    expect((await api(`/api/v1/videos/${video.uuid}/blacklist`, { method: 'POST', token: moderatorToken, json: {} })).status).toBe(409);
    expect((await api('/api/v1/videos/blacklist?type=3', { token: moderatorToken })).status).toBe(400);
    expect((await api('/api/v1/videos/00000000-0000-4000-8000-000000000000/blacklist', { method: 'POST', token: moderatorToken, json: {} })).status).toBe(404);
  });

  it('unfederates a local video: a Delete is recorded for the outbox, and no update follows it', async () => {
    const video = await seedLocalVideo(owner, {}, 'bl-unfederate');
    expect(await deleteEvents(video.url)).toHaveLength(0);
    const res = await api(`/api/v1/videos/${video.uuid}/blacklist`, { method: 'POST', token: moderatorToken, json: { unfederate: true } });
    expect(res.status).toBe(204);
    expect(await deleteEvents(video.url)).toHaveLength(1);
    const list = await api(`/api/v1/videos/blacklist?search=${encodeURIComponent(video.name)}`, { token: moderatorToken });
    expect(list.data.data[0].unfederated).toBe(true);
  });
});

describe('moderators manage any channel', () => {
  it('lets a moderator update a user channel, and not a plain user', async () => {
    expect((await api(`/api/v1/video-channels/${owner.channelName}`, { method: 'PUT', token: other.token, json: { displayName: 'Not yours' } })).status).toBe(
      403,
    );
    expect(
      (await api(`/api/v1/video-channels/${owner.channelName}`, { method: 'PUT', token: moderatorToken, json: { displayName: 'Moderated name' } })).status,
    ).toBe(204);
    expect((await api(`/api/v1/video-channels/${owner.channelName}`)).data.displayName).toBe('Moderated name');
  });
});
