/**
 * Deleting a channel or a user removes its videos' media and its actors' images from R2, as
 * DELETE /videos/{id} and DELETE …/avatar remove theirs, through `media-removal` jobs
 * (services/actor-removal.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, uniqueName } from './helpers/api';
import { generateImage } from './helpers/clips';
import { HLS_SEGMENT_NAMES, seedWithMedia } from './helpers/seed-videos';
import { triggerSweep } from './helpers/internal';
import { newUploader, readMedia, type Uploader } from './helpers/video-uploads';

const r2Key = (path: string) => path.replace(/^\/lazy-static\/(avatars|banners)\//, 'actor-images/$1/');

/** The R2 keys seedWithMedia wrote for a video. */
const mediaKeys = (uuid: string) => [
  ...HLS_SEGMENT_NAMES.map((n) => `videos/${uuid}/hls/240/${n}`),
  `videos/${uuid}/hls/240/index.m3u8`,
  `videos/${uuid}/hls/master.m3u8`,
  `videos/${uuid}/torrents/${uuid}-240.torrent`,
];

async function statuses(keys: string[]) {
  return Promise.all(keys.map(async (k) => (await readMedia(k)).status));
}

/** Waits (bounded, sweeping) until each key is gone: the removal's `media-removal` jobs delete them. */
async function removedFromR2(keys: string[]) {
  await expect
    .poll(
      async () => {
        await triggerSweep();
        return statuses(keys);
      },
      { timeout: 60_000, interval: 500 },
    )
    .toEqual(keys.map(() => 404));
}

describe('media of deleted channels and users', () => {
  let dir: string;
  let png: Uint8Array;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgetube-removal-'));
    png = await generateImage(join(dir, 'avatar.png'), { width: 96, height: 96 });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function pickAvatar(token: string, path: string) {
    const form = new FormData();
    form.set('avatarfile', new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }), 'avatar.png');
    const picked = await api(path, { method: 'POST', token, body: form });
    expect(picked.status).toBe(200);
    return r2Key(picked.data.avatars[0].path as string);
  }

  it("removes a deleted channel's video media and avatar, and leaves its owner's other channel alone", async () => {
    const owner: Uploader = await newUploader();
    const name = uniqueName('media_chan');
    const made = await api('/api/v1/video-channels', { method: 'POST', token: owner.token, json: { name, displayName: name } });
    expect(made.status).toBe(200);
    const gone = await seedWithMedia({ ...owner, channelId: made.data.videoChannel.id }, 2);
    const kept = await seedWithMedia(owner, 1);
    const avatar = await pickAvatar(owner.token, `/api/v1/video-channels/${name}/avatar/pick`);
    const goneKeys = [...mediaKeys(gone.uuid), avatar];
    expect(await statuses([...goneKeys, ...mediaKeys(kept.uuid)])).toEqual([...goneKeys, ...mediaKeys(kept.uuid)].map(() => 200));

    expect((await api(`/api/v1/video-channels/${name}`, { method: 'DELETE', token: owner.token })).status).toBe(204);
    await removedFromR2(goneKeys);
    expect(await statuses(mediaKeys(kept.uuid))).toEqual(mediaKeys(kept.uuid).map(() => 200));
    expect((await api(`/api/v1/videos/${gone.uuid}`, { token: owner.token })).status).toBe(404);
  });

  it("removes a deleted user's video media and account avatar", async () => {
    const owner: Uploader = await newUploader();
    const video = await seedWithMedia(owner, 1);
    const avatar = await pickAvatar(owner.token, '/api/v1/users/me/avatar/pick');
    const keys = [...mediaKeys(video.uuid), avatar];
    expect(await statuses(keys)).toEqual(keys.map(() => 200));

    expect((await api('/api/v1/users/me', { method: 'DELETE', token: owner.token })).status).toBe(204);
    await removedFromR2(keys);
  });
});
