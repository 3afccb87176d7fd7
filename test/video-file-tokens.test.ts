import { describe, it, expect, beforeAll, inject } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import * as schema from '../worker/db/schema';
import { api, instanceUrl } from './helpers/api';
import { testDb } from './helpers/internal';
import { seedWithMedia, HLS_MASTER as master, HLS_SEGMENT_NAMES as NAMES, type SeededWithMedia as Seeded } from './helpers/seed-videos';
import { newUploader, type Uploader } from './helpers/video-uploads';
import { loadSecrets } from '../scripts/instance';
import { createVideoFileToken, VIDEO_FILE_TOKEN_TTL_MS } from '../worker/services/video-file-tokens';

let alice: Uploader;
let bob: Uploader;
let video: Seeded;
let otherVideo: Seeded;

async function setPrivacy(id: number, privacy: number) {
  const { db, close } = testDb();
  try {
    await db.update(schema.videos).set({ privacy }).where(eq(schema.videos.id, id));
  } finally {
    close();
  }
}

/** Every media URL of a video, as PeerTube's VideoDetails lists them. */
const mediaUrls = (uuid: string) => [
  `/static/web-videos/${uuid}-240.mp4`,
  `/download/web-videos/${uuid}-240.mp4`,
  `/download/videos/${uuid}-240.mp4`,
  `/static/streaming-playlists/hls/${uuid}/${uuid}-240-fragmented.mp4`,
  `/static/streaming-playlists/hls/${uuid}/master.m3u8`,
  `/static/streaming-playlists/hls/${uuid}/240/index.m3u8`,
  `/static/streaming-playlists/hls/${uuid}/240/seg-00001.m4s`,
  `/lazy-static/torrents/${uuid}-240.torrent`,
  `/download/torrents/${uuid}-240.torrent`,
];

const withToken = (path: string, token: string) => instanceUrl(`${path}?videoFileToken=${encodeURIComponent(token)}`);

async function status(url: string) {
  const res = await fetch(url);
  await res.body?.cancel();
  return res.status;
}

async function requestToken(id: string | number, token?: string) {
  return api(`/api/v1/videos/${id}/token`, { method: 'POST', token });
}

beforeAll(async () => {
  [alice, bob] = await Promise.all([newUploader(), newUploader()]);
  video = await seedWithMedia(alice, schema.VIDEO_PRIVACY.PRIVATE);
  otherVideo = await seedWithMedia(alice, schema.VIDEO_PRIVACY.PRIVATE);
}, 120_000);

describe('POST /api/v1/videos/{id}/token', () => {
  it('gives the owner a token valid 8 hours, by id or uuid', async () => {
    const before = Date.now();
    for (const id of [video.id, video.uuid]) {
      const res = await requestToken(id, alice.token);
      expect(res.status).toBe(200);
      expect(Object.keys(res.data)).toEqual(['files']);
      expect(typeof res.data.files.token).toBe('string');
      const expires = Date.parse(res.data.files.expires);
      expect(new Date(expires).toISOString()).toBe(res.data.files.expires);
      expect(expires).toBeGreaterThan(before + VIDEO_FILE_TOKEN_TTL_MS - 5_000);
      expect(expires).toBeLessThanOrEqual(Date.now() + VIDEO_FILE_TOKEN_TTL_MS);
    }
  });

  it("answers 401 without a user, 403 for another user's private video, 404 for an unknown video", async () => {
    const anonymous = await requestToken(video.uuid);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    const other = await requestToken(video.uuid, bob.token);
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.data.status).toBe(403);
    expect((await requestToken(randomUUID(), alice.token)).status).toBe(404);
    expect((await requestToken(999_999_999, alice.token)).status).toBe(404);
    expect((await requestToken('not-a-video-id', alice.token)).status).toBe(400);
  });
});

describe('media with ?videoFileToken=', () => {
  it('serves every media URL of a private video with the token, privately, and none without it', async () => {
    const { token } = (await requestToken(video.uuid, alice.token)).data.files;
    for (const path of mediaUrls(video.uuid)) {
      expect(await status(instanceUrl(path)), path).toBe(403);
      const res = await fetch(withToken(path, token));
      const body = Buffer.from(await res.arrayBuffer());
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('private, no-store');
      if (path.endsWith('.mp4')) expect(body.equals(Buffer.concat(video.segments)), path).toBe(true);
      if (path.endsWith('seg-00001.m4s')) expect(body.equals(video.segments[2])).toBe(true);
      if (path.endsWith('master.m3u8')) expect(body.toString()).toBe(master);
    }
    const ranged = await fetch(withToken(`/static/web-videos/${video.uuid}-240.mp4`, token), { headers: { range: 'bytes=1990-2009' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(Buffer.concat(video.segments).subarray(1990, 2010))).toBe(true);
  });

  it('refuses a token of another video, a tampered one and an expired one', async () => {
    const { token: otherToken } = (await requestToken(otherVideo.uuid, alice.token)).data.files;
    const path = `/static/web-videos/${video.uuid}-240.mp4`;
    expect(await status(withToken(`/static/web-videos/${otherVideo.uuid}-240.mp4`, otherToken))).toBe(200);
    expect(await status(withToken(path, otherToken))).toBe(403);

    const { token } = (await requestToken(video.uuid, alice.token)).data.files;
    const [user, expires, mac] = token.split('.');
    const flipped = mac.slice(0, -1) + (mac.endsWith('0') ? '1' : '0');
    expect(await status(withToken(path, `${user}.${expires}.${flipped}`))).toBe(403);
    expect(await status(withToken(path, `${user}.${Number(expires) + 86_400}.${mac}`))).toBe(403);
    expect(await status(withToken(path, `${bob.userId}.${expires}.${mac}`))).toBe(403);
    expect(await status(withToken(path, 'garbage'))).toBe(403);

    // Made with the instance's real secret, so only its expiry is wrong.
    const secret = (await loadSecrets(inject('dataDir'))).KEY_ENCRYPTION_SECRET;
    const fresh = await createVideoFileToken(secret, { videoUuid: video.uuid, userId: alice.userId });
    expect(await status(withToken(path, fresh.token))).toBe(200);
    const expired = await createVideoFileToken(secret, { videoUuid: video.uuid, userId: alice.userId }, Date.now() - VIDEO_FILE_TOKEN_TTL_MS - 1000);
    expect(await status(withToken(path, expired.token))).toBe(403);
  });

  it('works for any user on an internal video, and stops once the video turns private', async () => {
    await setPrivacy(otherVideo.id, schema.VIDEO_PRIVACY.INTERNAL);
    try {
      const res = await requestToken(otherVideo.uuid, bob.token);
      expect(res.status).toBe(200);
      const url = withToken(`/static/streaming-playlists/hls/${otherVideo.uuid}/240/seg-00000.m4s`, res.data.files.token);
      expect(await status(url)).toBe(200);
      await setPrivacy(otherVideo.id, schema.VIDEO_PRIVACY.PRIVATE);
      expect(await status(url)).toBe(403);
    } finally {
      await setPrivacy(otherVideo.id, schema.VIDEO_PRIVACY.PRIVATE);
    }
  });
});

describe('reinjectVideoFileToken=true', () => {
  it('rewrites the master and media playlists so a player can follow every URI with the token', async () => {
    const { token } = (await requestToken(video.uuid, alice.token)).data.files;
    const masterUrl = `${withToken(`/static/streaming-playlists/hls/${video.uuid}/master.m3u8`, token)}&reinjectVideoFileToken=true`;
    const m = await fetch(masterUrl);
    const masterBody = await m.text();
    expect(m.status).toBe(200);
    expect(m.headers.get('cache-control')).toBe('private, no-store');
    expect(m.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(Number(m.headers.get('content-length'))).toBe(Buffer.byteLength(masterBody));
    expect(masterBody).toContain(`\n240/index.m3u8?videoFileToken=${token}&reinjectVideoFileToken=true\n`);

    const variantUrl = new URL(`240/index.m3u8?videoFileToken=${token}&reinjectVideoFileToken=true`, masterUrl).href;
    const v = await fetch(variantUrl);
    const variant = await v.text();
    expect(v.status).toBe(200);
    expect(variant).toContain(`#EXT-X-MAP:URI="init.mp4?videoFileToken=${token}"`);
    const uris = [/URI="([^"]+)"/.exec(variant)![1], ...variant.split('\n').filter((l) => l && !l.startsWith('#'))];
    expect(uris).toEqual(NAMES.map((n) => `${n}?videoFileToken=${token}`));
    for (const [i, uri] of uris.entries()) {
      const res = await fetch(new URL(uri, variantUrl));
      expect(res.status, uri).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(video.segments[i]), uri).toBe(true);
    }

    const head = await fetch(masterUrl, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(masterBody)));
    const plain = await fetch(withToken(`/static/streaming-playlists/hls/${video.uuid}/master.m3u8`, token));
    expect(await plain.text()).toBe(master);
    expect(await status(`${withToken(`/static/streaming-playlists/hls/${video.uuid}/master.m3u8`, 'forged')}&reinjectVideoFileToken=true`)).toBe(403);
  });
});
