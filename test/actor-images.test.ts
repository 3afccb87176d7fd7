/**
 * Avatars and banners, as PeerTube 6.3 takes and shows them (controllers/api/users/me.ts and
 * video-channel.ts, middlewares/validators/actor-image.ts, models/actor/actor-image.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, instanceUrl, loginAsRoot } from './helpers/api';
import { generateImage } from './helpers/clips';
import { expectErrorShape, KEYS, PROBLEM_JSON } from './helpers/error-shape';
import { newUploader, readMedia, type Uploader } from './helpers/video-uploads';
import { seedLocalVideo } from './helpers/seed-videos';
import { settleResize } from './helpers/actor-images';

const MESSAGE = 'This file is not supported or too large. Please, make sure it is of the following type : .png, .jpeg, .jpg, .gif, .webp';
const IMAGE_KEYS = ['createdAt', 'fileUrl', 'path', 'updatedAt', 'width'];

let dir: string;
let png: Uint8Array;
let jpg: Uint8Array;
let gif: Uint8Array;
let webp: Uint8Array;
let banner: Uint8Array;
let owner: Uploader;
let other: Uploader;
let admin: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgetube-actor-images-'));
  [png, jpg, gif, webp, banner] = await Promise.all([
    generateImage(join(dir, 'a.png'), { width: 200, height: 200 }),
    generateImage(join(dir, 'a.jpg'), { width: 160, height: 160 }),
    generateImage(join(dir, 'a.gif'), { width: 64, height: 64 }),
    generateImage(join(dir, 'a.webp'), { width: 96, height: 96 }),
    generateImage(join(dir, 'b.jpg'), { width: 1200, height: 200 }),
  ]);
  [owner, other, admin] = await Promise.all([newUploader(), newUploader(), loginAsRoot()]);
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

function pick(path: string, field: string, file: { bytes: Uint8Array; type: string; name: string } | null, token?: string) {
  const form = new FormData();
  if (file) form.set(field, new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type }), file.name);
  return api(path, { method: 'POST', token, body: form });
}

async function served(path: string) {
  const res = await fetch(instanceUrl(path));
  return { status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('cache-control'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

const r2Key = (path: string) => path.replace(/^\/lazy-static\/(avatars|banners)\//, 'actor-images/$1/');

/** The list PeerTube's sizes give once the companion made them (ADR 0025): `<uuid>-<width>.<ext>` each. */
const sized = (original: { path: string; fileUrl: string }, widths: number[]) =>
  widths.map((width) => ({
    width,
    path: original.path.replace(/(\.\w+)$/, `-${width}$1`),
    fileUrl: original.fileUrl.replace(/(\.\w+)$/, `-${width}$1`),
    createdAt: expect.any(String),
    updatedAt: expect.any(String),
  }));

describe('POST /users/me/avatar/pick', () => {
  it("stores the avatar, answers PeerTube's avatars list, serves the bytes immutably, and shows it on the account", async () => {
    const res = await pick('/api/v1/users/me/avatar/pick', 'avatarfile', { bytes: png, type: 'image/png', name: 'me.png' }, owner.token);
    expect(res.status).toBe(200);
    expect(Object.keys(res.data)).toEqual(['avatars']);
    const [avatar] = res.data.avatars;
    expect(res.data.avatars).toHaveLength(1);
    expect(Object.keys(avatar).sort()).toEqual(IMAGE_KEYS);
    expect(avatar.path).toMatch(/^\/lazy-static\/avatars\/[0-9a-f-]{36}\.png$/);
    expect(avatar.fileUrl).toBe(instanceUrl(avatar.path));
    expect(avatar.width).toBe(200);

    // From R2, then the Cache API, then the isolate's copy (worker/media/serve.ts): the same answer each time.
    for (let i = 0; i < 4; i++) {
      const file = await served(avatar.path);
      expect(file, `GET ${i + 1}`).toMatchObject({ status: 200, type: 'image/png', cache: 'public, max-age=31536000, immutable' });
      expect(Buffer.from(file.bytes).equals(Buffer.from(png)), `GET ${i + 1}`).toBe(true);
    }

    // Once the companion made PeerTube's sizes (none larger than the upload), they are listed instead.
    expect(await settleResize(avatar.path)).toBe('completed');
    const me = await api('/api/v1/users/me', { token: owner.token });
    expect(me.data.account.avatars).toEqual(sized(avatar, [200, 120, 48]));
    const account = await api(`/api/v1/accounts/${owner.username}`);
    expect(account.data.avatars).toEqual(me.data.account.avatars);
    // An account has no banners key (PeerTube's Actor.toFormattedJSON(false)).
    expect(account.data.banners).toBeUndefined();

    // ActivityPub keeps one icon, the uploaded image (the largest).
    const ap = await api(`/accounts/${owner.username}`, { headers: { accept: 'application/activity+json' } });
    expect(ap.data.icon).toEqual([{ type: 'Image', mediaType: 'image/png', height: 200, width: 200, url: avatar.fileUrl }]);
  });

  it('takes JPEG, GIF and WebP; each change is a new file name, and the old file leaves the bucket', async () => {
    let previous = (await pick('/api/v1/users/me/avatar/pick', 'avatarfile', { bytes: png, type: 'image/png', name: 'a.png' }, owner.token)).data.avatars[0]
      .path;
    for (const [bytes, type, ext] of [
      [jpg, 'image/jpeg', 'jpg'],
      [gif, 'image/gif', 'gif'],
      [webp, 'image/webp', 'webp'],
    ] as const) {
      const res = await pick('/api/v1/users/me/avatar/pick', 'avatarfile', { bytes, type, name: `a.${ext}` }, owner.token);
      expect(res.status, type).toBe(200);
      const path = res.data.avatars[0].path as string;
      expect(path, type).toMatch(new RegExp(`\\.${ext}$`));
      expect(path).not.toBe(previous);
      expect(await served(path), type).toMatchObject({ status: 200, type });
      expect((await readMedia(r2Key(previous))).status, type).toBe(404);
      previous = path;
    }
  });

  it("refuses no file, a type PeerTube refuses, a file over avatar.file.size.max, and bytes that are no image, with PeerTube's error", async () => {
    const config = await api('/api/v1/config');
    const max = config.data.avatar.file.size.max as number;
    expect(max).toBe(4 * 1024 * 1024);
    const big = new Uint8Array(max + 1);
    big.set(png);
    const refusals = [
      { name: 'no file', file: null },
      { name: 'text/plain', file: { bytes: png, type: 'text/plain', name: 'a.png' } },
      { name: 'image/svg+xml', file: { bytes: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), type: 'image/svg+xml', name: 'a.svg' } },
      { name: 'too large', file: { bytes: big, type: 'image/png', name: 'big.png' } },
      { name: 'HTML sent as a PNG', file: { bytes: new TextEncoder().encode('<html><script>alert(1)</script></html>'), type: 'image/png', name: 'x.png' } },
    ];
    for (const { name, file } of refusals) {
      const form = new FormData();
      if (file) form.set('avatarfile', new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type }), file.name);
      const res = await fetch(instanceUrl('/api/v1/users/me/avatar/pick'), { method: 'POST', headers: { authorization: `Bearer ${other.token}` }, body: form });
      const body = (await res.clone().json()) as Record<string, any>;
      await expectErrorShape(name, res, { status: 400, contentType: PROBLEM_JSON, keys: KEYS.invalidParams });
      expect(body['invalid-params'], name).toEqual({ avatarfile: { type: 'field', msg: MESSAGE, path: 'avatarfile', location: 'body' } });
      expect(body.detail, name).toBe('Incorrect request parameters: avatarfile');
    }
    expect((await api(`/api/v1/accounts/${other.username}`)).data.avatars).toEqual([]);
    const anonymous = await fetch(instanceUrl('/api/v1/users/me/avatar/pick'), { method: 'POST', body: new FormData() });
    expect(anonymous.status).toBe(401);
  });
});

describe('DELETE /users/me/avatar', () => {
  it('removes the avatar and its file; PeerTube answers 200 with an empty list', async () => {
    const path = (await pick('/api/v1/users/me/avatar/pick', 'avatarfile', { bytes: png, type: 'image/png', name: 'a.png' }, owner.token)).data.avatars[0].path;
    const res = await api('/api/v1/users/me/avatar', { method: 'DELETE', token: owner.token });
    expect(res).toMatchObject({ status: 200, data: { avatars: [] } });
    expect((await api(`/api/v1/accounts/${owner.username}`)).data.avatars).toEqual([]);
    expect((await readMedia(r2Key(path))).status).toBe(404);
    const ap = await api(`/accounts/${owner.username}`, { headers: { accept: 'application/activity+json' } });
    expect(ap.data.icon).toBeUndefined();
    expect((await api('/api/v1/users/me/avatar', { method: 'DELETE', token: owner.token })).status).toBe(200);
  });
});

describe('channel avatar and banner', () => {
  it('stores both, shows them on the channel (API and ActivityPub), and removes them with 204', async () => {
    const base = `/api/v1/video-channels/${owner.channelName}`;
    const apChannel = () => api(`/video-channels/${owner.channelName}`, { headers: { accept: 'application/activity+json' } });
    // Read (and edge-cached) before: the change must show at once in the API, the actor and the page.
    expect((await api(base)).data.banners).toEqual([]);
    expect((await apChannel()).data.icon).toBeUndefined();
    expect(await (await fetch(instanceUrl(`/c/${owner.channelName}`))).text()).not.toContain('/lazy-static/banners/');
    const avatar = await pick(`${base}/avatar/pick`, 'avatarfile', { bytes: jpg, type: 'image/jpeg', name: 'c.jpg' }, owner.token);
    expect(avatar.status).toBe(200);
    expect(Object.keys(avatar.data)).toEqual(['avatars']);
    const b = await pick(`${base}/banner/pick`, 'bannerfile', { bytes: banner, type: 'image/jpeg', name: 'b.jpg' }, owner.token);
    expect(b.status).toBe(200);
    expect(Object.keys(b.data)).toEqual(['banners']);
    expect(Object.keys(b.data.banners[0]).sort()).toEqual(IMAGE_KEYS);
    expect(b.data.banners[0]).toMatchObject({ width: 1200, path: expect.stringMatching(/^\/lazy-static\/banners\/[0-9a-f-]{36}\.jpg$/) });
    expect(Buffer.from((await served(b.data.banners[0].path)).bytes).equals(Buffer.from(banner))).toBe(true);

    expect(await settleResize(avatar.data.avatars[0].path)).toBe('completed');
    expect(await settleResize(b.data.banners[0].path)).toBe('completed');
    const channel = await api(base);
    expect(channel.data.avatars).toEqual(sized(avatar.data.avatars[0], [160, 120, 48]));
    expect(channel.data.banners).toEqual(sized(b.data.banners[0], [1200, 600]));
    const ap = await apChannel();
    expect(ap.data.icon[0]).toMatchObject({ type: 'Image', mediaType: 'image/jpeg', width: 160, height: 160 });
    expect(ap.data.image).toEqual([{ type: 'Image', mediaType: 'image/jpeg', width: 1200, height: 200, url: b.data.banners[0].fileUrl }]);
    expect(await (await fetch(instanceUrl(`/c/${owner.channelName}`))).text()).toContain(channel.data.banners[1].path);

    expect((await api(`${base}/banner`, { method: 'DELETE', token: owner.token })).status).toBe(204);
    expect((await api(`${base}/avatar`, { method: 'DELETE', token: owner.token })).status).toBe(204);
    const after = await api(base);
    expect(after.data.avatars).toEqual([]);
    expect(after.data.banners).toEqual([]);
  });

  it("answers 401, then 404 for an unknown channel, then 403 for another user's, then 400 for the file; a moderator may", async () => {
    const base = `/api/v1/video-channels/${owner.channelName}`;
    const file = { bytes: png, type: 'image/png', name: 'a.png' };
    expect((await pick(`${base}/avatar/pick`, 'avatarfile', file)).status).toBe(401);
    const unknown = await pick('/api/v1/video-channels/no_such_channel_here/banner/pick', 'bannerfile', null, owner.token);
    expect(unknown.status).toBe(404);
    expect((await pick(`${base}/banner/pick`, 'bannerfile', null, other.token)).status).toBe(403);
    expect((await api(`${base}/banner`, { method: 'DELETE', token: other.token })).status).toBe(403);
    const wrongField = await pick(`${base}/banner/pick`, 'avatarfile', file, owner.token);
    expect(wrongField.status).toBe(400);
    expect(Object.keys(wrongField.data['invalid-params'])).toEqual(['bannerfile']);
    expect((await pick(`${base}/avatar/pick`, 'avatarfile', file, admin)).status).toBe(200);
    expect((await api(`${base}/avatar`, { method: 'DELETE', token: admin })).status).toBe(204);
  });
});

describe('where the images show', () => {
  it("a video's account and channel, its watch page, and a comment's account carry the avatars", async () => {
    const video = await seedLocalVideo(owner, {}, 'avatars');
    const base = `/api/v1/video-channels/${owner.channelName}`;
    const channelPicked = (await pick(`${base}/avatar/pick`, 'avatarfile', { bytes: webp, type: 'image/webp', name: 'c.webp' }, owner.token)).data.avatars;
    const accountAvatar = (await pick('/api/v1/users/me/avatar/pick', 'avatarfile', { bytes: gif, type: 'image/gif', name: 'a.gif' }, owner.token)).data
      .avatars;
    // A WebP is resized (96 px: 96 and 48); a GIF stays as it was sent.
    expect(await settleResize(channelPicked[0].path)).toBe('completed');
    expect(await settleResize(accountAvatar[0].path)).toBe('none');
    const channelAvatar = sized(channelPicked[0], [96, 48]);

    const listed = (await api(`/api/v1/video-channels/${owner.channelName}/videos`)).data.data.find((v: any) => v.uuid === video.uuid);
    expect(listed.channel.avatars).toEqual(channelAvatar);
    expect(listed.account.avatars).toEqual(accountAvatar);
    const details = (await api(`/api/v1/videos/${video.uuid}`)).data;
    expect(details.channel.avatars).toEqual(channelAvatar);
    expect(details.channel.banners).toEqual([]);
    expect(details.account.avatars).toEqual(accountAvatar);
    const watch = await (await fetch(instanceUrl(`/w/${video.uuid}`))).text();
    // The 40 px slot shows the 48 px size.
    expect(watch).toContain(`src="${channelPicked[0].fileUrl.replace('.webp', '-48.webp')}"`);

    const thread = await api(`/api/v1/videos/${video.uuid}/comment-threads`, { method: 'POST', token: owner.token, json: { text: 'with my avatar' } });
    expect(thread.data.comment.account.avatars).toEqual(accountAvatar);
    const threads = await api(`/api/v1/videos/${video.uuid}/comment-threads`);
    expect(threads.data.data[0].account.avatars).toEqual(accountAvatar);

    // A notification carries PeerTube's formatAvatars: `avatar` (the widest) and `avatars`, each { path, width }.
    const commenter = (await pick('/api/v1/users/me/avatar/pick', 'avatarfile', { bytes: png, type: 'image/png', name: 'o.png' }, other.token)).data.avatars[0];
    expect(await settleResize(commenter.path)).toBe('completed');
    const commenterSizes = sized(commenter, [200, 120, 48]).map((i) => ({ path: i.path, width: i.width }));
    await api(`/api/v1/videos/${video.uuid}/comment-threads`, { method: 'POST', token: other.token, json: { text: 'a comment to be notified of' } });
    const notifications = (await api('/api/v1/users/me/notifications?count=50', { token: owner.token })).data.data;
    const onComment = notifications.find((n: any) => n.comment?.video?.uuid === video.uuid);
    expect(onComment.comment.account.avatar).toEqual(commenterSizes[0]);
    expect(onComment.comment.account.avatars).toEqual(commenterSizes);
  });
});
