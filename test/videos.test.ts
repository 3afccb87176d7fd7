import { describe, it, expect, beforeAll } from 'vitest';
import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { api, loginAsRoot } from './helpers/api';
import { settleTranscodeJob, testDb } from './helpers/internal';
import { fixturePath } from './helpers/shape';
import * as schema from '../worker/db/schema';
import { fakeVideoBytes, legacyUpload, newUploader, readMedia, type Uploader } from './helpers/video-uploads';

let alice: Uploader;
let bob: Uploader;

/** Uploads a small video and marks it published, as the transcoder would. */
async function publishedVideo(
  owner: Uploader,
  fields: Record<string, string | string[]>,
  options: { state?: number; waitTranscoding?: boolean; playable?: boolean } = {},
) {
  const res = await legacyUpload(
    owner.token,
    { channelId: String(owner.channelId), privacy: '1', ...fields },
    { bytes: fakeVideoBytes(2000), name: 'v.mp4', type: 'video/mp4' },
  );
  if (res.status !== 200) throw new Error(`upload: ${res.status} ${JSON.stringify(res.data)}`);
  const { db, close } = testDb();
  try {
    // The fake bytes would fail transcoding (state 7) whenever the companion gets to them.
    await settleTranscodeJob(db, res.data.video.id);
    await db
      .update(schema.videos)
      .set({ state: options.state ?? 1, waitTranscoding: options.waitTranscoding ?? true })
      .where(eq(schema.videos.id, res.data.video.id));
    if (options.playable)
      await db
        .insert(schema.videoStreamingPlaylists)
        .values({ videoId: res.data.video.id, playlistUrl: `videos/${res.data.video.uuid}/hls/master.m3u8`, complete: false });
  } finally {
    close();
  }
  return res.data.video as { id: number; uuid: string; shortUUID: string };
}

const listNames = async (path: string, token?: string) => {
  const res = await api(path, { token });
  expect(res.status, JSON.stringify(res.data)).toBe(200);
  return (res.data.data as Array<{ name: string }>).map((v) => v.name);
};

const tag = `t${Date.now().toString(36)}`;

beforeAll(async () => {
  alice = await newUploader();
  bob = await newUploader();
});

describe('GET /api/v1/videos/categories|licences|languages|privacies', () => {
  it('serves PeerTube 6.3 label maps', async () => {
    for (const [path, fixture] of [
      ['categories', 'api-categories.json'],
      ['licences', 'api-licences.json'],
      ['privacies', 'api-privacies.json'],
    ]) {
      const res = await api(`/api/v1/videos/${path}`);
      expect(res.status).toBe(200);
      expect(res.data).toEqual(JSON.parse(await readFile(fixturePath(fixture), 'utf8')));
    }
    const languages = await api('/api/v1/videos/languages');
    expect(languages.data).toMatchObject({
      en: 'English',
      fr: 'French',
      de: 'German',
      ja: 'Japanese',
      oc: 'Occitan',
      el: 'Greek',
      'zh-Hans': 'Simplified Chinese',
      epo: 'Esperanto',
    });
    expect(Object.keys(languages.data).length).toBeGreaterThan(180);
  });
});

describe('privacy in lists and by id', () => {
  let pub: { id: number; uuid: string; shortUUID: string };
  let unlisted: typeof pub;
  let priv: typeof pub;
  let internal: typeof pub;

  beforeAll(async () => {
    pub = await publishedVideo(alice, { name: `${tag} public`, tags: [tag] });
    unlisted = await publishedVideo(alice, { name: `${tag} unlisted`, privacy: '2', tags: [tag] });
    priv = await publishedVideo(alice, { name: `${tag} private`, privacy: '3', tags: [tag] });
    internal = await publishedVideo(alice, { name: `${tag} internal`, privacy: '4', tags: [tag] });
    await publishedVideo(alice, { name: `${tag} transcoding`, tags: [tag] }, { state: 2 });
    await publishedVideo(alice, { name: `${tag} playable early`, tags: [tag], waitTranscoding: 'false' }, { state: 2, waitTranscoding: false, playable: true });
  });

  it('lists only public, playable videos anonymously; internal ones to logged-in users; never private or unlisted', async () => {
    expect((await listNames(`/api/v1/videos?tagsOneOf=${tag}&sort=name`)).sort()).toEqual([`${tag} playable early`, `${tag} public`]);
    expect((await listNames(`/api/v1/videos?tagsOneOf=${tag}`, bob.token)).sort()).toEqual([`${tag} internal`, `${tag} playable early`, `${tag} public`]);
    expect((await listNames(`/api/v1/accounts/${alice.username}/videos`)).sort()).toEqual([`${tag} playable early`, `${tag} public`]);
    expect((await listNames(`/api/v1/video-channels/${alice.channelName}/videos`)).sort()).toEqual([`${tag} playable early`, `${tag} public`]);
    const mine = await listNames('/api/v1/users/me/videos?count=100', alice.token);
    expect(mine).toEqual(expect.arrayContaining([`${tag} public`, `${tag} unlisted`, `${tag} private`, `${tag} internal`, `${tag} transcoding`]));
  });

  it('offers the growing HLS playlist of a video playable before transcoding ends, and only the original as a file (ADR 0006)', async () => {
    const early = (await api(`/api/v1/videos?tagsOneOf=${tag}&search=${encodeURIComponent('playable early')}`)).data.data[0];
    const res = await api(`/api/v1/videos/${early.uuid}`);
    expect(res.data).toMatchObject({ state: { id: 2 }, waitTranscoding: false });
    expect(res.data.files.map((f: { resolution: { id: number }; torrentUrl: string }) => [f.resolution.id, f.torrentUrl])).toEqual([[0, '']]);
    expect(res.data.streamingPlaylists).toHaveLength(1);
    expect(res.data.streamingPlaylists[0]).toMatchObject({ type: 1, files: [] });
    expect(res.data.streamingPlaylists[0].playlistUrl).toMatch(new RegExp(`/static/streaming-playlists/hls/${early.uuid}/master.m3u8$`));
  });

  it('lets admins filter by privacy, and nobody else', async () => {
    expect((await api('/api/v1/videos?privacyOneOf=3')).status).toBe(401);
    expect((await api('/api/v1/videos?privacyOneOf=3', { token: bob.token })).status).toBe(403);
    const asAdmin = await listNames(`/api/v1/videos?tagsOneOf=${tag}&privacyOneOf=3&privacyOneOf=2`, await loginAsRoot());
    expect(asAdmin.sort()).toEqual([`${tag} private`, `${tag} unlisted`]);
  });

  it('finds a video by id, uuid and shortUUID; 400 for a malformed id, 404 for an unknown one', async () => {
    for (const id of [String(pub.id), pub.uuid, pub.shortUUID]) {
      const res = await api(`/api/v1/videos/${id}`);
      expect(res.status).toBe(200);
      expect(res.data).toMatchObject({ id: pub.id, uuid: pub.uuid, shortUUID: pub.shortUUID });
    }
    const bad = await api('/api/v1/videos/does-not-exist');
    expect(bad.status).toBe(400);
    expect(bad.data['invalid-params'].id).toMatchObject({
      value: 'does-not-exist',
      msg: 'Should have a valid video id (id, short UUID or UUID)',
      location: 'params',
    });
    expect((await api('/api/v1/videos/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api('/api/v1/videos/99999999')).status).toBe(404);
  });

  it('shows unlisted by id to anyone, internal to logged-in users, private to its owner only', async () => {
    expect((await api(`/api/v1/videos/${unlisted.uuid}`)).status).toBe(200);
    expect((await api(`/api/v1/videos/${internal.uuid}`)).status).toBe(401);
    expect((await api(`/api/v1/videos/${internal.uuid}`, { token: bob.token })).status).toBe(200);
    expect((await api(`/api/v1/videos/${priv.uuid}`)).status).toBe(401);
    expect((await api(`/api/v1/videos/${priv.uuid}`, { token: bob.token })).status).toBe(403);
    expect((await api(`/api/v1/videos/${priv.uuid}`, { token: alice.token })).status).toBe(200);
    expect((await api(`/api/v1/videos/${priv.uuid}/description`, { token: bob.token })).status).toBe(403);
  });
});

describe('list filters and sorts', () => {
  const t = `${tag}f`;
  beforeAll(async () => {
    await publishedVideo(alice, { name: `${t} alpha music`, category: '1', licence: '1', language: 'en', tags: [t, 'music'] });
    await publishedVideo(alice, { name: `${t} beta film`, category: '2', licence: '7', language: 'fr', tags: [t, 'film'] });
    await publishedVideo(alice, { name: `${t} gamma sensitive`, category: '2', nsfw: 'true', tags: [t, 'film', 'music'] });
  });

  it('filters by category, licence, language, tags, nsfw and search', async () => {
    expect(await listNames(`/api/v1/videos?tagsOneOf=${t}&categoryOneOf=2`)).toEqual([`${t} beta film`]);
    expect((await listNames(`/api/v1/videos?tagsOneOf=${t}&categoryOneOf=2&nsfw=both`)).sort()).toEqual([`${t} beta film`, `${t} gamma sensitive`]);
    expect(await listNames(`/api/v1/videos?tagsOneOf=${t}&nsfw=true`)).toEqual([`${t} gamma sensitive`]);
    expect(await listNames(`/api/v1/videos?tagsOneOf=${t}&licenceOneOf=7`)).toEqual([`${t} beta film`]);
    expect(await listNames(`/api/v1/videos?tagsOneOf=${t}&languageOneOf=en`)).toEqual([`${t} alpha music`]);
    expect(await listNames(`/api/v1/videos?tagsAllOf=${t}&tagsAllOf=music&nsfw=both`)).toEqual(
      expect.arrayContaining([`${t} alpha music`, `${t} gamma sensitive`]),
    );
    expect(await listNames(`/api/v1/videos?tagsAllOf=${t}&tagsAllOf=film&tagsAllOf=music&nsfw=both`)).toEqual([`${t} gamma sensitive`]);
    expect(await listNames(`/api/v1/videos?search=${encodeURIComponent(`${t} beta`)}`)).toEqual([`${t} beta film`]);
    expect(await listNames(`/api/v1/videos?tagsOneOf=${t}&isLocal=true&sort=name`)).toEqual([`${t} alpha music`, `${t} beta film`]);
  });

  it('sorts and pages', async () => {
    expect(await listNames(`/api/v1/videos?tagsOneOf=${t}&sort=-name`)).toEqual([`${t} beta film`, `${t} alpha music`]);
    const page = await api(`/api/v1/videos?tagsOneOf=${t}&sort=name&start=1&count=1`);
    expect(page.data.total).toBe(2);
    expect(page.data.data.map((v: { name: string }) => v.name)).toEqual([`${t} beta film`]);
    for (const sort of ['-createdAt', '-publishedAt', '-views', '-likes', '-trending', '-hot', 'name', '-duration', 'createdAt', 'views']) {
      expect((await api(`/api/v1/videos?sort=${sort}`)).status, sort).toBe(200);
    }
    expect((await api('/api/v1/videos?sort=-nope')).status).toBe(400);
    expect((await api('/api/v1/videos?count=101')).status).toBe(400);
  });
});

describe('PUT and DELETE /api/v1/videos/{id}', () => {
  it('updates metadata for the owner only', async () => {
    const v = await publishedVideo(alice, { name: `${tag} to update`, tags: ['old'] });
    const denied = await api(`/api/v1/videos/${v.uuid}`, { method: 'PUT', token: bob.token, json: { name: 'stolen' } });
    expect(denied.status).toBe(403);
    const bad = await api(`/api/v1/videos/${v.uuid}`, { method: 'PUT', token: alice.token, json: { name: 'x' } });
    expect(bad.status).toBe(400);
    const ok = await api(`/api/v1/videos/${v.shortUUID}`, {
      method: 'PUT',
      token: alice.token,
      json: { name: `${tag} updated`, description: 'new description', tags: ['new1', 'new2'], privacy: 2, nsfw: true, commentsPolicy: 2 },
    });
    expect(ok.status, JSON.stringify(ok.data)).toBe(204);
    const res = await api(`/api/v1/videos/${v.id}`);
    expect(res.data).toMatchObject({
      name: `${tag} updated`,
      description: 'new description',
      tags: ['new1', 'new2'],
      privacy: { id: 2 },
      nsfw: true,
      commentsEnabled: false,
      commentsPolicy: { id: 2, label: 'Disabled' },
    });
    expect((await api(`/api/v1/videos/${v.id}/description`)).data).toEqual({ description: 'new description' });
  });

  it('deletes the rows and every R2 object of the video', async () => {
    const v = await publishedVideo(alice, { name: `${tag} to delete` });
    expect((await readMedia(`videos/${v.uuid}/original`)).status).toBe(200);
    expect((await api(`/api/v1/videos/${v.uuid}`, { method: 'DELETE', token: bob.token })).status).toBe(403);
    expect((await api(`/api/v1/videos/${v.uuid}`, { method: 'DELETE', token: alice.token })).status).toBe(204);
    expect((await api(`/api/v1/videos/${v.uuid}`, { token: alice.token })).status).toBe(404);
    expect((await readMedia(`videos/${v.uuid}/original`)).status).toBe(404);
  });
});
