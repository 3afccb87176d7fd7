/**
 * Two real instances federate (issue 4, "Tests"): follows both ways, remote videos found by a
 * crawl, a search or a push, and what B does to them reaching A. A is the suite's instance, B
 * is started by test/helpers/federated-pair.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../scripts/instance';
import { api, uniqueName } from './helpers/api';
import { apiB, POLL, sweep, useFederatedPair } from './helpers/federated-pair';

describe('two instances federate', () => {
  const pair = useFederatedPair();
  const { aUrl, aHost, publishOnA, onB } = pair;
  let b: Instance;
  let tokenA: string;
  let tokenB: string;
  const tag = uniqueName('fed');

  let crawled: any;
  let searched: any;

  beforeAll(async () => {
    ({ b, tokenA, tokenB } = pair);
    // Published before any follow: one is found by B's crawl of A's outbox, the other by a search.
    [crawled, searched] = await Promise.all([publishOnA(`${tag} crawled`), publishOnA(`${tag} searched`)]);
  }, 400_000);

  it('a URL search fetches a remote video for a logged-in user only', async () => {
    const url = `${aUrl}/w/${searched.shortUUID}`;
    const anonymous = await apiB(b, `/api/v1/search/videos?search=${encodeURIComponent(url)}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.data).toEqual({ total: 0, data: [] });
    const knownUrl = searched.url ?? `${aUrl}/videos/watch/${searched.uuid}`;
    // Unknown yet, and so on B's edge cache until the logged-in search below indexes it.
    expect((await apiB(b, `/api/v1/search/videos?search=${encodeURIComponent(knownUrl)}`)).data.total).toBe(0);

    const res = await apiB(b, `/api/v1/search/videos?search=${encodeURIComponent(url)}`, { token: tokenB });
    expect(res.status).toBe(200);
    expect(res.data.total).toBe(1);
    expect(res.data.data[0]).toMatchObject({ uuid: searched.uuid, name: `${tag} searched`, isLocal: false, url: `${aUrl}/videos/watch/${searched.uuid}` });
    expect(res.data.data[0].channel).toMatchObject({ name: 'root_channel', host: aHost });

    // Known now: an anonymous search finds it without fetching.
    const again = await apiB(b, `/api/v1/search/videos?search=${encodeURIComponent(knownUrl)}`);
    expect(again.data.total).toBe(1);
  });

  it('a handle search fetches a remote channel', async () => {
    const handle = `root_channel@${aHost}`;
    const res = await apiB(b, `/api/v1/search/video-channels?search=${encodeURIComponent(handle)}`, { token: tokenB });
    expect(res.status).toBe(200);
    expect(res.data.total).toBe(1);
    expect(res.data.data[0]).toMatchObject({
      name: 'root_channel',
      host: aHost,
      isLocal: false,
      url: `${aUrl}/video-channels/root_channel`,
      ownerAccount: { name: 'root', host: aHost },
    });
    const local = await apiB(b, '/api/v1/search/video-channels?search=root_channel');
    expect(local.data.data.map((c: any) => c.host)).toContain(aHost);
  });

  it('validates follow requests and requires an administrator', async () => {
    expect((await apiB(b, '/api/v1/server/following', { method: 'POST', json: { hosts: [aHost] } })).status).toBe(401);
    const empty = await apiB(b, '/api/v1/server/following', { method: 'POST', token: tokenB, json: {} });
    expect(empty.status).toBe(400);
    expect(empty.data['invalid-params']).toBeDefined();
    expect((await apiB(b, '/api/v1/server/following', { method: 'POST', token: tokenB, json: { hosts: ['not a host!'] } })).status).toBe(400);
    expect((await apiB(b, `/api/v1/server/following/${encodeURIComponent('nobody.example')}`, { method: 'DELETE', token: tokenB })).status).toBe(404);
  });

  it('B follows A by host: accepted on both sides', async () => {
    const res = await apiB(b, '/api/v1/server/following', { method: 'POST', token: tokenB, json: { hosts: [aHost] } });
    expect(res.status).toBe(204);
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        const list = await apiB(b, `/api/v1/server/following?count=100`);
        return list.data.data.find((f: any) => f.following.host === aHost)?.state;
      }, POLL)
      .toBe('accepted');
    const following = (await apiB(b, '/api/v1/server/following?count=100')).data.data.find((f: any) => f.following.host === aHost);
    expect(following).toMatchObject({
      follower: { name: 'peertube', host: new URL(b.url).host },
      following: { name: 'peertube', host: aHost, url: `${aUrl}/accounts/peertube` },
    });

    const followers = await api('/api/v1/server/followers?count=100');
    expect(followers.status).toBe(200);
    expect(followers.data.data.find((f: any) => f.follower.host === new URL(b.url).host)).toMatchObject({ state: 'accepted', following: { name: 'peertube' } });
  });

  it('B follows a channel of A by handle, and unfollows it', async () => {
    const handle = `root_channel@${aHost}`;
    expect((await apiB(b, '/api/v1/server/following', { method: 'POST', token: tokenB, json: { handles: [handle] } })).status).toBe(204);
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        const list = await apiB(b, '/api/v1/server/following?count=100&actorType=Group');
        return list.data.data.find((f: any) => f.following.name === 'root_channel' && f.following.host === aHost)?.state;
      }, POLL)
      .toBe('accepted');
    expect((await apiB(b, `/api/v1/server/following/${encodeURIComponent(handle)}`, { method: 'DELETE', token: tokenB })).status).toBe(204);
    const after = await apiB(b, '/api/v1/server/following?count=100');
    expect(after.data.data.map((f: any) => f.following.name)).not.toContain('root_channel');
    // The instance follow is untouched.
    expect(after.data.data.find((f: any) => f.following.host === aHost)?.state).toBe('accepted');
  });

  it("with manual approval, a follower of B waits for B's admin", async () => {
    const bHost = new URL(b.url).host;
    expect(
      (await apiB(b, '/api/v1/config/custom', { method: 'PUT', token: tokenB, json: { followers: { instance: { enabled: true, manualApproval: true } } } }))
        .status,
    ).toBe(200);
    expect((await api('/api/v1/server/following', { method: 'POST', token: tokenA, json: { hosts: [bHost] } })).status).toBe(204);
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        const followers = await apiB(b, '/api/v1/server/followers?count=100');
        return followers.data.data.find((f: any) => f.follower.host === aHost)?.state;
      }, POLL)
      .toBe('pending');
    expect((await apiB(b, `/api/v1/server/followers/${encodeURIComponent(`peertube@${aHost}`)}/accept`, { method: 'POST' })).status).toBe(401);
    expect((await apiB(b, `/api/v1/server/followers/${encodeURIComponent(`peertube@${aHost}`)}/accept`, { method: 'POST', token: tokenB })).status).toBe(204);
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        const following = await api('/api/v1/server/following?count=100');
        return following.data.data.find((f: any) => f.following.host === bHost)?.state;
      }, POLL)
      .toBe('accepted');
    expect((await api(`/api/v1/server/following/${encodeURIComponent(bHost)}`, { method: 'DELETE', token: tokenA })).status).toBe(204);
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        const followers = await apiB(b, '/api/v1/server/followers?count=100');
        return followers.data.data.some((f: any) => f.follower.host === aHost);
      }, POLL)
      .toBe(false);
  });

  it('a video published on A before the follow is found by the crawl, and plays from A', async () => {
    const video = await onB(crawled.uuid);
    expect(video).toMatchObject({ uuid: crawled.uuid, name: `${tag} crawled`, isLocal: false, duration: crawled.duration });
    expect(video.files.length).toBeGreaterThan(0);
    for (const f of video.files) {
      expect(f.fileUrl.startsWith(`${aUrl}/`)).toBe(true);
      expect(f.torrentUrl.startsWith(`${aUrl}/`)).toBe(true);
    }
    const media = await fetch(video.files[0].fileUrl, { headers: { range: 'bytes=0-1023' } });
    expect([200, 206]).toContain(media.status);
    await media.body?.cancel();
    expect(video.streamingPlaylists[0].playlistUrl.startsWith(`${aUrl}/`)).toBe(true);
    const playlist = await fetch(video.streamingPlaylists[0].playlistUrl);
    expect(playlist.status).toBe(200);
    expect(await playlist.text()).toContain('#EXTM3U');

    // Its images are proxied by B from A at B's own paths, so every client can show them.
    const thumb = await fetch(`${b.url}${video.thumbnailPath}`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toMatch(/^image\//);
    const original = await fetch(`${aUrl}/lazy-static/thumbnails/${crawled.uuid}.jpg`);
    expect(Buffer.from(await thumb.arrayBuffer()).equals(Buffer.from(await original.arrayBuffer()))).toBe(true);

    const list = await apiB(b, '/api/v1/videos?isLocal=false&count=100');
    expect(list.data.data.map((v: any) => v.uuid)).toContain(crawled.uuid);
    expect((await apiB(b, '/api/v1/videos?isLocal=true&count=100')).data.data.map((v: any) => v.uuid)).not.toContain(crawled.uuid);
  });

  it('a comment, a like and a view made on B reach A', async () => {
    const text = `hello from B ${tag}`;
    const comment = await apiB(b, `/api/v1/videos/${crawled.uuid}/comment-threads`, { method: 'POST', token: tokenB, json: { text } });
    expect(comment.status).toBe(200);
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        const threads = await api(`/api/v1/videos/${crawled.uuid}/comment-threads?count=100`);
        return threads.data.data.find((t: any) => t.text === text)?.account?.host;
      }, POLL)
      .toBe(new URL(b.url).host);

    expect((await apiB(b, `/api/v1/videos/${crawled.uuid}/rate`, { method: 'PUT', token: tokenB, json: { rating: 'like' } })).status).toBe(204);
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        return (await api(`/api/v1/videos/${crawled.uuid}`)).data.likes;
      }, POLL)
      .toBe(1);

    // Logged in: anonymous readers see view counts up to the edge cache's content TTL late (ADR 0017).
    const viewsBefore = (await api(`/api/v1/videos/${crawled.uuid}`, { token: tokenA })).data.views;
    expect((await apiB(b, `/api/v1/videos/${crawled.uuid}/views`, { method: 'POST', json: { currentTime: 1 } })).status).toBe(204);
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        return (await api(`/api/v1/videos/${crawled.uuid}`, { token: tokenA })).data.views;
      }, POLL)
      .toBeGreaterThan(viewsBefore);
  });

  let pushed: any;

  it('a video published on A after the follow is pushed to B', async () => {
    pushed = await publishOnA(`${tag} pushed`);
    const video = await onB(pushed.uuid);
    expect(video).toMatchObject({
      isLocal: false,
      name: `${tag} pushed`,
      account: { name: 'root', host: aHost },
      channel: { name: 'root_channel', host: aHost },
    });
    expect(video.files[0].fileUrl.startsWith(`${aUrl}/`)).toBe(true);
    const head = await fetch(video.files[0].fileUrl, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('an edit on A reaches B', async () => {
    const res = await api(`/api/v1/videos/${pushed.uuid}`, { method: 'PUT', token: tokenA, json: { name: `${tag} renamed` } });
    expect(res.status).toBe(204);
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        return (await apiB(b, `/api/v1/videos/${pushed.uuid}`)).data?.name;
      }, POLL)
      .toBe(`${tag} renamed`);
  });

  it('deleting the video on A removes it from B', async () => {
    expect((await api(`/api/v1/videos/${pushed.uuid}`, { method: 'DELETE', token: tokenA })).status).toBe(204);
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        return (await apiB(b, `/api/v1/videos/${pushed.uuid}`)).status;
      }, POLL)
      .toBe(404);
  });

  it('B unfollows A: gone on both sides', async () => {
    expect((await apiB(b, `/api/v1/server/following/${encodeURIComponent(aHost)}`, { method: 'DELETE', token: tokenB })).status).toBe(204);
    const mine = await apiB(b, '/api/v1/server/following?count=100');
    expect(mine.data.data.find((f: any) => f.following.host === aHost)).toBeUndefined();
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        const followers = await api('/api/v1/server/followers?count=100');
        return followers.data.data.some((f: any) => f.follower.host === new URL(b.url).host);
      }, POLL)
      .toBe(false);
  });
});
