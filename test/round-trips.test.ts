/**
 * libSQL round trips per read (issue 9): at most 1 for an anonymous read that misses the edge
 * cache, 2 logged in (the token check included). Counted by the local libSQL server (`/stats`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, inject } from 'vitest';
import { api, instanceUrl, loginAsRoot } from './helpers/api';
import { seedLocalVideo } from './helpers/seed-videos';
import { newUploader, PASSWORD, type Uploader } from './helpers/video-uploads';
import { pageSessionCookie } from './helpers/page-session';
import { generateImage } from './helpers/clips';
import { API_ENDPOINTS } from '../bench/api-endpoints';
import { seedPlaylist, subscribe, type Seeded } from '../bench/lib/api-seed';

let alice: Uploader;
let bob: Uploader;
let uuids: string[];

async function libsqlRequests() {
  const res = await fetch(`${inject('libsqlUrl')}/stats`);
  return ((await res.json()) as { requests: number }).requests;
}

/**
 * Round trips of one GET. Jobs left by earlier files may touch the database meanwhile, so each
 * figure is the least of three tries: extra work can only add to a count, never hide one.
 */
async function roundTrips(paths: string[], headers: Record<string, string> = {}) {
  let least = Infinity;
  for (const path of paths) {
    const before = await libsqlRequests();
    const res = await fetch(instanceUrl(path), { headers });
    await res.arrayBuffer();
    expect(res.status, path).toBe(200);
    expect(res.headers.get('x-edge-cache'), path).not.toBe('HIT');
    least = Math.min(least, (await libsqlRequests()) - before);
  }
  return least;
}

/** Three distinct URLs of one read (an ignored query parameter), so each anonymous GET misses the edge cache. */
const misses = (path: string) => [0, 1, 2].map((i) => `${path}${path.includes('?') ? '&' : '?'}miss=${Date.now()}${i}`);

beforeAll(async () => {
  alice = await newUploader();
  bob = await newUploader();
  uuids = [];
  for (let i = 0; i < 3; i++) uuids.push((await seedLocalVideo(alice, {}, 'round-trips')).uuid);
  // Threads with replies: a tree per thread must not cost a round trip each.
  for (let i = 0; i < 3; i++) {
    const thread = await api(`/api/v1/videos/${uuids[0]}/comment-threads`, { method: 'POST', token: alice.token, json: { text: `thread ${i}` } });
    expect(thread.status).toBe(200);
    const reply = await api(`/api/v1/videos/${uuids[0]}/comments/${thread.data.comment.id}`, {
      method: 'POST',
      token: bob.token,
      json: { text: `reply ${i}` },
    });
    expect(reply.status).toBe(200);
  }
}, 60_000);

describe('libSQL round trips', () => {
  it('a video list: 1 anonymous (cache miss), 2 logged in', async () => {
    // Distinct pages, so each anonymous read misses the edge cache.
    const pages = [0, 1, 2].map((start) => `/api/v1/videos?count=15&start=${start}&sort=-publishedAt&nonce=${Date.now()}`);
    expect(await roundTrips(pages)).toBeLessThanOrEqual(1);
    expect(await roundTrips(pages, { authorization: `Bearer ${alice.token}` })).toBeLessThanOrEqual(2);
  });

  it('a video detail: 1 anonymous (cache miss), 2 logged in', async () => {
    const details = uuids.map((uuid) => `/api/v1/videos/${uuid}`);
    expect(await roundTrips(details)).toBeLessThanOrEqual(1);
    expect(await roundTrips(details, { authorization: `Bearer ${alice.token}` })).toBeLessThanOrEqual(2);
  });

  it.each([
    ['comment threads', () => `/api/v1/videos/${uuids[0]}/comment-threads`],
    ["a video's captions", () => `/api/v1/videos/${uuids[0]}/captions`],
    ['an account', () => `/api/v1/accounts/${alice.username}`],
    ["an account's videos", () => `/api/v1/accounts/${alice.username}/videos`],
    ["an account's channels", () => `/api/v1/accounts/${alice.username}/video-channels`],
    ['a channel', () => `/api/v1/video-channels/${alice.channelName}`],
    ["a channel's videos", () => `/api/v1/video-channels/${alice.channelName}/videos`],
    ['the channel list', () => '/api/v1/video-channels'],
    ['the playlist list', () => '/api/v1/video-playlists?count=15'],
    ['a playlist search', () => '/api/v1/search/video-playlists?search=a'],
    ['a video search with host and uuids', () => `/api/v1/search/videos?search=round&host=${new URL(instanceUrl()).host}&uuids=${uuids[1]}`],
    ['a channel search with host', () => `/api/v1/search/video-channels?search=a&host=${new URL(instanceUrl()).host}`],
    ['a playlist search with host and uuids', () => `/api/v1/search/video-playlists?search=a&host=${new URL(instanceUrl()).host}&uuids=${uuids[0]}`],
    ["a channel's playlists", () => `/api/v1/video-channels/${alice.channelName}/video-playlists`],
    // Feeds: the scope's lookup, the videos and their files (or the video and its comments) in one pipeline.
    ["an account's videos feed, by name", () => `/feeds/videos.json?accountName=${alice.username}`],
    ["a channel's videos feed, by id", () => `/feeds/videos.xml?videoChannelId=${alice.channelId}`],
    ["a video's comments feed", () => `/feeds/video-comments.json?videoId=${uuids[0]}`],
    ["an account's comments feed", () => `/feeds/video-comments.atom?accountId=${alice.accountId}`],
  ])('%s: 1 anonymous (cache miss), 2 logged in', async (_name, path) => {
    expect(await roundTrips(misses(path()))).toBeLessThanOrEqual(1);
    expect(await roundTrips(misses(path()), { authorization: `Bearer ${bob.token}` })).toBeLessThanOrEqual(2);
  });

  it('the watch page with comment threads and replies: 1 anonymous (cache miss)', async () => {
    const page = await fetch(instanceUrl(`/videos/watch/${uuids[0]}`), { headers: { accept: 'text/html' } });
    const html = await page.text();
    for (let i = 0; i < 3; i++) expect(html).toContain(`reply ${i}`);
    expect(await roundTrips(misses(`/videos/watch/${uuids[0]}`), { accept: 'text/html' })).toBeLessThanOrEqual(1);
  });
});

describe('libSQL round trips of the public pages', () => {
  const HTML = { accept: 'text/html' };
  // Distinct query strings, so each anonymous read misses the edge cache.
  const distinct = (path: string) => [1, 2, 3].map((i) => `${path}?nonce=${Date.now()}-${i}`);

  it('home and its tabs: 1 anonymous (cache miss)', async () => {
    expect(await roundTrips(distinct('/'), HTML)).toBeLessThanOrEqual(1);
    expect(await roundTrips(distinct('/videos/trending'), HTML)).toBeLessThanOrEqual(1);
  });

  it('the search page: 1 anonymous (cache miss)', async () => {
    expect(
      await roundTrips(
        [1, 2, 3].map((i) => `/search?search=round-trips&page=${i}&nonce=${Date.now()}`),
        HTML,
      ),
    ).toBeLessThanOrEqual(1);
  });

  it('a channel page and an account page: 1 anonymous (cache miss)', async () => {
    expect(await roundTrips(distinct(`/c/${alice.channelName}`), HTML)).toBeLessThanOrEqual(1);
    expect(await roundTrips(distinct(`/a/${alice.username}`), HTML)).toBeLessThanOrEqual(1);
  });

  it('pages for a signed-in browser: 2 (the session check, with the unread count of the nav, then the page)', async () => {
    const cookie = await pageSessionCookie(instanceUrl(''), alice.username, PASSWORD);
    for (const path of ['/my/account', '/my/notifications', '/my/channels'])
      expect(await roundTrips([path, path, path], { cookie, accept: 'text/html' }), path).toBeLessThanOrEqual(2);
  });
});

/**
 * Every read of bench:api (bench/api-endpoints.ts), walked with a small seed of this file's own:
 * an endpoint added to the bench is held to the target here too. As the bench: anonymous (a
 * distinct URL, so a miss), then logged in with a bearer token and a session cookie (root's for
 * the administration pages).
 */
describe('libSQL round trips of every bench:api endpoint', () => {
  let seeded: Seeded;
  let cookies: { user: string; root: string };

  beforeAll(async () => {
    const rootToken = await loginAsRoot();
    const rootChannelId = (await api('/api/v1/users/me', { token: rootToken })).data.videoChannels[0].id as number;
    const video = await seedLocalVideo({ ...alice, channelId: rootChannelId }, {}, 'round-trips bench');
    const videoUuids = [video.uuid];
    const thread = await api(`/api/v1/videos/${videoUuids[0]}/comment-threads`, { method: 'POST', token: bob.token, json: { text: 'bench walk' } });
    expect(thread.status).toBe(200);
    // A channel avatar (alice's: root's channel stays as other files expect it).
    const avatar = new FormData();
    const dir = mkdtempSync(join(tmpdir(), 'round-trips-'));
    const png = await generateImage(join(dir, 'avatar.png'), { width: 120, height: 120 });
    rmSync(dir, { recursive: true, force: true });
    avatar.set('avatarfile', new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }), 'avatar.png');
    const picked = await api(`/api/v1/video-channels/${alice.channelName}/avatar/pick`, { method: 'POST', token: alice.token, body: avatar });
    expect(picked.status).toBe(200);
    // Root likes it (as the bench's seed): the AP Like object's row.
    const liked = await api(`/api/v1/videos/${video.uuid}/rate`, { method: 'PUT', token: rootToken, json: { rating: 'like' } });
    expect(liked.status).toBe(204);
    // Bob follows alice's channel (not root's: other files count root_channel's followers).
    await subscribe(instanceUrl(''), bob.token, alice.channelName);
    seeded = {
      host: new URL(instanceUrl()).host,
      videoUuid: videoUuids[0],
      videoId: video.id,
      threadId: thread.data.comment.id,
      videoUuids,
      rootToken,
      userToken: bob.token,
      userName: bob.username,
      userPassword: PASSWORD,
      userId: bob.userId,
      userAccountId: bob.accountId,
      feedToken: (await api('/api/v1/users/scoped-tokens', { token: bob.token })).data.feedToken,
      avatarPath: picked.data.avatars[0].path,
      playlistUuid: await seedPlaylist(instanceUrl(''), rootToken, rootChannelId, videoUuids),
    };
    cookies = {
      user: await pageSessionCookie(instanceUrl(''), bob.username, PASSWORD),
      root: await pageSessionCookie(instanceUrl(''), 'root', inject('rootPassword')),
    };
  }, 60_000);

  it.each(API_ENDPOINTS.map((e) => [e.name, e] as const))('%s: at most 1 anonymous (cache miss), 2 logged in', async (_name, endpoint) => {
    const path = endpoint.path(seeded);
    const accept = endpoint.accept ?? 'application/json';
    if (!endpoint.signedInOnly) expect(await roundTrips(misses(path), { accept }), 'anonymous').toBeLessThanOrEqual(1);
    if (endpoint.anonymousOnly) return;
    const [token, cookie] = endpoint.signedInOnly === 'root' ? [seeded.rootToken, cookies.root] : [seeded.userToken, cookies.user];
    const loggedIn = { accept, authorization: `Bearer ${token}`, cookie };
    expect(await roundTrips([path, path, path], loggedIn), 'logged in').toBeLessThanOrEqual(2);
  });
});
