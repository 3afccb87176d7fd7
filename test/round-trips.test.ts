/**
 * libSQL round trips per read (issue 9): at most 1 for an anonymous read that misses the edge
 * cache, 2 logged in (the token check included). Counted by the local libSQL server (`/stats`).
 */
import { describe, it, expect, beforeAll, inject } from 'vitest';
import { instanceUrl } from './helpers/api';
import { seedLocalVideo } from './helpers/seed-videos';
import { newUploader, type Uploader } from './helpers/video-uploads';

let alice: Uploader;
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

beforeAll(async () => {
  alice = await newUploader();
  uuids = [];
  for (let i = 0; i < 3; i++) uuids.push((await seedLocalVideo(alice, {}, 'round-trips')).uuid);
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
});
