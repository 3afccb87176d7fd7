/**
 * The edge cache (ADR 0017) through the real runtime: workerd's Cache API under wrangler dev.
 * `x-edge-cache: HIT` is what the middleware says when an answer came from the cache.
 */
import { describe, it, expect, beforeAll, inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as schema from '../worker/db/schema';
import { api, instanceUrl, loginAsRoot } from './helpers/api';
import { HLS_SEGMENT_NAMES, seedLocalVideo, seedWithMedia } from './helpers/seed-videos';
import { newUploader, waitForTorrent, type Uploader } from './helpers/video-uploads';
import { generateClip } from './helpers/clips';
import { internalJson } from './helpers/internal';

const AP = 'application/activity+json';
const HTML = 'text/html,application/xhtml+xml';

let alice: Uploader;

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(instanceUrl(path), { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, cache: res.headers.get('x-edge-cache') };
}

/** Two anonymous GETs: the second must be a hit, with the same body. */
async function expectCached(path: string, headers: Record<string, string> = {}) {
  const first = await get(path, headers);
  const second = await get(path, headers);
  expect(second.cache, path).toBe('HIT');
  expect(second.text).toBe(first.text);
  return second;
}

beforeAll(async () => {
  alice = await newUploader();
}, 60_000);

describe('anonymous reads of public content', () => {
  it('are served from the cache the second time, with ETag, 304 on If-None-Match, Cache-Control and Vary', async () => {
    const v = await seedLocalVideo(alice, {}, 'cached');
    const second = await expectCached(`/api/v1/videos/${v.uuid}`);
    expect(second.status).toBe(200);
    expect(JSON.parse(second.text).uuid).toBe(v.uuid);
    expect(second.headers.get('cache-control')).toMatch(/^public, max-age=0, must-revalidate, s-maxage=\d+$/);
    expect(second.headers.get('vary')).toBe('Accept, Authorization, Cookie');
    const etag = second.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const revalidated = await get(`/api/v1/videos/${v.uuid}`, { 'if-none-match': etag! });
    expect(revalidated.status).toBe(304);
    expect(revalidated.text).toBe('');
    expect((await get(`/api/v1/videos/${v.uuid}`, { 'if-none-match': '"other"' })).status).toBe(200);
  });

  it('keep the HTML page and the ActivityPub object of one URL apart', async () => {
    const v = await seedLocalVideo(alice, {}, 'negotiated');
    const page = await expectCached(`/videos/watch/${v.uuid}`, { accept: HTML });
    expect(page.headers.get('content-type')).toContain('text/html');
    const object = await expectCached(`/videos/watch/${v.uuid}`, { accept: AP });
    expect(object.headers.get('content-type')).toContain('application/activity+json');
    expect(JSON.parse(object.text).uuid).toBe(v.uuid);
  });

  it("keep pages in each visitor's language apart", async () => {
    const v = await seedLocalVideo(alice, {}, 'languages');
    const fr = await expectCached(`/w/${v.uuid}`, { accept: HTML, 'accept-language': 'fr-FR,fr;q=0.9' });
    const en = await expectCached(`/w/${v.uuid}`, { accept: HTML, 'accept-language': 'en-US' });
    expect(fr.headers.get('content-language')).toBe('fr');
    expect(en.headers.get('content-language')).toBe('en');
    expect(fr.headers.get('vary')).toContain('Accept-Language');
  });

  it('cover lists, config, labels, WebFinger, NodeInfo, actors and outboxes', async () => {
    const host = new URL(instanceUrl()).host;
    for (const path of [
      '/api/v1/videos?count=5',
      '/api/v1/config',
      '/api/v1/videos/categories',
      `/.well-known/webfinger?resource=acct:root@${host}`,
      '/nodeinfo/2.0.json',
      '/.well-known/host-meta',
    ]) {
      expect((await expectCached(path)).status, path).toBe(200);
    }
    for (const path of ['/accounts/root', '/accounts/root/outbox']) expect((await expectCached(path, { accept: AP })).status, path).toBe(200);
    expect((await expectCached('/', { accept: HTML })).status).toBe(200);
  });

  it("cover a public video's oEmbed", async () => {
    const v = await seedLocalVideo(alice, {}, 'oembed');
    expect((await expectCached(`/services/oembed?url=${encodeURIComponent(instanceUrl(`/w/${v.uuid}`))}`)).status).toBe(200);
  });

  it("cover a public video's description, and the instance's OAuth client", async () => {
    const v = await seedLocalVideo(alice, { description: 'described' }, 'description');
    const description = await expectCached(`/api/v1/videos/${v.uuid}/description`);
    expect(JSON.parse(description.text)).toEqual({ description: 'described' });
    expect((await expectCached('/api/v1/oauth-clients/local')).status).toBe(200);
  });

  it('keep a 404 of an ActivityPub fetch for a short while, and no other error', async () => {
    const missing = `/videos/watch/${randomUUID()}`;
    const ap = await expectCached(missing, { accept: AP });
    expect(ap.status).toBe(404);
    for (const path of [`/api/v1/videos/${randomUUID()}`, missing]) {
      await get(path, { accept: HTML });
      const again = await get(path, { accept: HTML });
      expect(again.status, path).toBe(404);
      expect(again.cache, path).toBeNull();
    }
  });
});

describe('accounts and channels', () => {
  it('are cached: the API objects, their channels and videos, the channel list, the AP actors and outboxes', async () => {
    for (const path of [
      `/api/v1/accounts/${alice.username}`,
      `/api/v1/accounts/${alice.username}/video-channels`,
      `/api/v1/accounts/${alice.username}/videos`,
      `/api/v1/video-channels/${alice.channelName}`,
      `/api/v1/video-channels/${alice.channelName}/videos`,
      '/api/v1/video-channels',
    ]) {
      expect((await expectCached(path)).status, path).toBe(200);
    }
    for (const path of [`/accounts/${alice.username}`, `/video-channels/${alice.channelName}`, `/video-channels/${alice.channelName}/outbox`]) {
      expect((await expectCached(path, { accept: AP })).status, path).toBe(200);
    }
    // A logged-in read of the same URL is not served from the cache.
    expect((await get(`/api/v1/accounts/${alice.username}`, { authorization: `Bearer ${alice.token}` })).cache).toBeNull();
  });

  it('show a profile change, a channel change, a new video, a deleted video and a deleted channel', async () => {
    const bob = await newUploader();
    const token = bob.token;
    const account = `/api/v1/accounts/${bob.username}`;
    const channel = `/api/v1/video-channels/${bob.channelName}`;
    const lists = [`${account}/videos`, `${channel}/videos`];
    await expectCached(account);
    await expectCached(channel);
    await expectCached(`/accounts/${bob.username}`, { accept: AP });
    for (const list of lists) expect(JSON.parse((await expectCached(list)).text).total).toBe(0);

    expect((await api('/api/v1/users/me', { method: 'PUT', token, json: { displayName: 'Bob, renamed', description: 'a new bio' } })).status).toBe(204);
    expect(JSON.parse((await get(account)).text)).toMatchObject({ displayName: 'Bob, renamed', description: 'a new bio' });
    expect(JSON.parse((await get(`/accounts/${bob.username}`, { accept: AP })).text).name).toBe('Bob, renamed');
    expect((await api(channel, { method: 'PUT', token, json: { displayName: 'Channel, renamed' } })).status).toBe(204);
    expect(JSON.parse((await get(channel)).text).displayName).toBe('Channel, renamed');

    // A new video, through the upload and its transcode: the lists show it once it is published.
    const dir = await mkdtemp(join(tmpdir(), 'edgetube-edge-'));
    try {
      const form = new FormData();
      form.set('channelId', String(bob.channelId));
      form.set('name', 'a new video in the lists');
      form.set('privacy', String(schema.VIDEO_PRIVACY.PUBLIC));
      form.set('videofile', new Blob([await readFile(await generateClip(join(dir, 'clip.mp4'), { seconds: 2 }))], { type: 'video/mp4' }), 'clip.mp4');
      const upload = await api('/api/v1/videos/upload', { method: 'POST', token, body: form });
      expect(upload.status).toBe(200);
      await waitForTorrent(upload.data.video.uuid, token);
      for (const list of lists) expect(JSON.parse((await get(list)).text).data.map((v: { uuid: string }) => v.uuid)).toEqual([upload.data.video.uuid]);
      for (const list of lists) await expectCached(list);
      expect((await api(`/api/v1/videos/${upload.data.video.uuid}`, { method: 'DELETE', token })).status).toBe(204);
      for (const list of lists) expect(JSON.parse((await get(list)).text).total).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    // A second channel appears in the account's channels, and is gone once deleted.
    const name = `${bob.username}_second`;
    expect((await api('/api/v1/video-channels', { method: 'POST', token, json: { name, displayName: 'Second' } })).status).toBe(200);
    const channels = `${account}/video-channels`;
    expect(JSON.parse((await expectCached(channels)).text).total).toBe(2);
    await expectCached(`/api/v1/video-channels/${name}`);
    expect((await api(`/api/v1/video-channels/${name}`, { method: 'DELETE', token })).status).toBe(204);
    expect((await get(`/api/v1/video-channels/${name}`)).status).toBe(404);
    expect((await get(`/api/v1/video-channels/${name}/videos`)).status).toBe(404);
    expect(JSON.parse((await get(channels)).text).total).toBe(1);
  });
});

describe('hits kept in the isolate (ADR 0017)', () => {
  it('answer range requests and HEAD in full, and leave media ranges exact, around cached pages', async () => {
    const v = await seedWithMedia(alice, schema.VIDEO_PRIVACY.PUBLIC);
    const detail = await expectCached(`/api/v1/videos/${v.uuid}`);
    await expectCached(`/w/${v.uuid}`, { accept: HTML });
    // A Range header on a cached read gets the whole answer, never a slice of a kept copy.
    const ranged = await get(`/api/v1/videos/${v.uuid}`, { range: 'bytes=0-9' });
    expect(ranged.status).toBe(200);
    expect(ranged.text).toBe(detail.text);
    const head = await fetch(instanceUrl(`/w/${v.uuid}`), { method: 'HEAD', headers: { accept: HTML } });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toContain('text/html');
    // Media keeps its own routes: the same range twice is the same exact slice, a whole segment is whole.
    const segment = `/static/streaming-playlists/hls/${v.uuid}/240/${HLS_SEGMENT_NAMES[1]}`;
    for (let i = 0; i < 2; i++) {
      const res = await fetch(instanceUrl(segment), { headers: { range: 'bytes=100-199' } });
      expect(res.status).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes 100-199/${v.segments[1].length}`);
      expect(Buffer.from(await res.arrayBuffer()).equals(v.segments[1].subarray(100, 200))).toBe(true);
    }
    const whole = await fetch(instanceUrl(segment));
    expect(Buffer.from(await whole.arrayBuffer()).equals(v.segments[1])).toBe(true);
    expect(whole.headers.get('x-edge-cache')).toBeNull();
    // The stored copy's bookkeeping stays inside.
    expect(detail.headers.get('x-edge-stored-at')).toBeNull();
  });
});

describe('logged-in reads', () => {
  it('are never served from the cache and never fill it', async () => {
    const v = await seedLocalVideo(alice, {}, 'logged-in');
    const path = `/api/v1/videos/${v.uuid}`;
    for (let i = 0; i < 2; i++) {
      const res = await get(path, { authorization: `Bearer ${alice.token}` });
      expect(res.status).toBe(200);
      expect(res.cache).toBeNull();
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(res.headers.get('vary')).toContain('Authorization');
    }
    // The logged-in reads left nothing behind: the first anonymous read is a miss.
    expect((await get(path)).cache).toBe('MISS');
    expect((await get(path)).cache).toBe('HIT');
    expect((await get(path, { authorization: `Bearer ${alice.token}` })).cache).toBeNull();
    expect((await get(path, { cookie: 'session=x' })).cache).toBeNull();
  });
});

describe('writes', () => {
  it('show an update, a privacy change and a deletion to the next anonymous read', async () => {
    const v = await seedLocalVideo(alice, {}, 'written');
    const tag = `t${Date.now().toString(36)}`;
    const paths = [`/api/v1/videos/${v.uuid}`, `/api/v1/videos/${v.id}`, `/w/${v.uuid}`];
    const list = `/api/v1/videos?search=${encodeURIComponent(tag)}`;
    for (const path of paths) await expectCached(path, { accept: path.startsWith('/w/') ? HTML : 'application/json' });
    expect(JSON.parse((await expectCached(list)).text).total).toBe(0);

    expect((await api(`/api/v1/videos/${v.uuid}`, { method: 'PUT', token: alice.token, json: { name: `renamed ${tag}` } })).status).toBe(204);
    expect(JSON.parse((await get(paths[0])).text).name).toBe(`renamed ${tag}`);
    expect(JSON.parse((await get(paths[1])).text).name).toBe(`renamed ${tag}`);
    expect((await get(paths[2], { accept: HTML })).text).toContain(`renamed ${tag}`);
    expect(JSON.parse((await get(list)).text).total).toBe(1);

    expect((await api(`/api/v1/videos/${v.uuid}`, { method: 'PUT', token: alice.token, json: { privacy: schema.VIDEO_PRIVACY.PRIVATE } })).status).toBe(204);
    expect((await get(paths[0])).status).toBe(401);
    expect((await get(paths[2], { accept: HTML })).status).toBe(404);
    expect((await get(`/videos/watch/${v.uuid}`, { accept: AP })).status).not.toBe(200);
    expect(JSON.parse((await get(list)).text).total).toBe(0);

    expect((await api(`/api/v1/videos/${v.uuid}`, { method: 'PUT', token: alice.token, json: { privacy: schema.VIDEO_PRIVACY.PUBLIC } })).status).toBe(204);
    await expectCached(paths[0]);
    expect((await api(`/api/v1/videos/${v.uuid}`, { method: 'DELETE', token: alice.token })).status).toBe(204);
    expect((await get(paths[0])).status).toBe(404);
    expect(JSON.parse((await get(list)).text).total).toBe(0);
  });

  it('show a new comment and a settings change', async () => {
    const v = await seedLocalVideo(alice, {}, 'commented');
    const threads = `/api/v1/videos/${v.uuid}/comment-threads`;
    expect(JSON.parse((await expectCached(threads)).text).total).toBe(0);
    const posted = await api(threads, { method: 'POST', token: alice.token, json: { text: 'first!' } });
    expect(posted.status).toBe(200);
    expect(JSON.parse((await get(threads)).text).total).toBe(1);
    // The comment as ActivityPub is shared too; its edit or removal is a write like any other.
    const note = `/videos/watch/${v.uuid}/comments/${posted.data.comment.id}`;
    expect(JSON.parse((await expectCached(note, { accept: AP })).text)).toMatchObject({ type: 'Note', content: expect.stringContaining('first!') });
    expect((await api(`${threads}/${posted.data.comment.id}`.replace('comment-threads', 'comments'), { method: 'DELETE', token: alice.token })).status).toBe(
      204,
    );
    expect(JSON.parse((await get(note, { accept: AP })).text).type).toBe('Tombstone');

    const root = await loginAsRoot();
    const custom = await api('/api/v1/config/custom', { token: root });
    const name = `edgetube ${Date.now().toString(36)}`;
    await expectCached('/api/v1/config');
    const put = await api('/api/v1/config/custom', { method: 'PUT', token: root, json: { ...custom.data, instance: { ...custom.data.instance, name } } });
    expect(put.status).toBe(200);
    expect(JSON.parse((await get('/api/v1/config')).text).instance.name).toBe(name);
    await api('/api/v1/config/custom', { method: 'PUT', token: root, json: custom.data });
  });

  it("leave the cache alone when they change nothing public: a companion's heartbeat (every 30 s)", async () => {
    const companionUrl = inject('companionUrl');
    const { ok: _ok, ...health } = (await (await fetch(`${companionUrl}/health`)).json()) as Record<string, unknown>;
    const path = `/api/v1/videos/categories?heartbeat=${Date.now()}`;
    // A job of another file may start a new generation meanwhile: one of three tries must keep its hit.
    let kept = false;
    for (let i = 0; i < 3 && !kept; i++) {
      await expectCached(path);
      const beat = await internalJson('/internal/companions/heartbeat', { url: companionUrl, ...health });
      expect(beat.status).toBe(204);
      kept = (await get(path)).cache === 'HIT';
    }
    expect(kept).toBe(true);
  });
});

describe('private and unlisted videos', () => {
  it('never enter the cache, even when their owner fetches them first: API, page, AP object, media', async () => {
    const v = await seedWithMedia(alice, schema.VIDEO_PRIVACY.PRIVATE);
    const owner = { authorization: `Bearer ${alice.token}` };
    const master = `/static/streaming-playlists/hls/${v.uuid}/master.m3u8`;
    expect((await get(`/api/v1/videos/${v.uuid}`, owner)).status).toBe(200);
    expect((await get(master, owner)).status).toBe(200);
    await get(`/w/${v.uuid}`, { ...owner, accept: HTML });
    await get(`/videos/watch/${v.uuid}`, { ...owner, accept: AP });
    for (const [path, accept] of [
      [`/api/v1/videos/${v.uuid}`, 'application/json'],
      [`/api/v1/videos/${v.uuid}/description`, 'application/json'],
      [`/w/${v.uuid}`, HTML],
      [master, '*/*'],
    ]) {
      for (let i = 0; i < 2; i++) {
        const res = await get(path, { accept });
        expect(res.status, path).toBeGreaterThanOrEqual(400);
        expect(res.cache, path).toBeNull();
        expect(res.text, path).not.toContain('#EXTM3U');
      }
    }
    // A 404 on an AP fetch may be kept briefly; it never holds the object.
    const ap = await get(`/videos/watch/${v.uuid}`, { accept: AP });
    expect(ap.status).toBe(404);
    expect(ap.text).not.toContain('"type":"Video"');
  });

  it('serve an unlisted video to anyone with the link, never from the cache', async () => {
    const v = await seedLocalVideo(alice, { privacy: schema.VIDEO_PRIVACY.UNLISTED }, 'unlisted');
    for (const [path, accept] of [
      [`/api/v1/videos/${v.uuid}`, 'application/json'],
      [`/w/${v.uuid}`, HTML],
      [`/videos/watch/${v.uuid}`, AP],
      [`/services/oembed?url=${encodeURIComponent(instanceUrl(`/w/${v.uuid}`))}`, 'application/json'],
      [`/api/v1/videos/${v.uuid}/description`, 'application/json'],
    ]) {
      for (let i = 0; i < 2; i++) {
        const res = await get(path, { accept });
        expect(res.status, path).toBe(200);
        expect(res.cache, path).toBeNull();
        expect(res.headers.get('cache-control'), path).toBe('private, no-store');
      }
    }
  });
});
