/**
 * Two real instances over loopback http (issue 4, "Tests"): A is the suite's
 * instance (test/global-setup.ts), B is started here. Videos are published on A
 * only, so B needs no companion. Every wait is bounded; cron sweeps are triggered
 * on both sides so a lost queue message cannot stall the scenario.
 */
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInstance, type Instance } from '../scripts/instance';
import { api, loginAsRoot, uniqueName } from './helpers/api';
import { generateClip } from './helpers/clips';
import { legacyUpload } from './helpers/video-uploads';

const B_PASSWORD = 'b-root-password-federation';
const POLL = { timeout: 90_000, interval: 1_000 };

type Res = { status: number; data: any };

/** A client for B, the same shape as helpers/api's `api`. */
async function apiB(b: Instance, path: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<Res> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const res = await fetch(`${b.url}${path}`, { ...init, headers, body });
  const text = await res.text();
  let data: any;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  return { status: res.status, data };
}

async function loginB(b: Instance): Promise<string> {
  const client = (await fetch(`${b.url}/api/v1/oauth-clients/local`).then((r) => r.json())) as { client_id: string; client_secret: string };
  const res = await fetch(`${b.url}/api/v1/users/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: client.client_id,
      client_secret: client.client_secret,
      grant_type: 'password',
      username: 'root',
      password: B_PASSWORD,
    }),
  });
  if (res.status !== 200) throw new Error(`login on B: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Runs the cron sweep of both instances: jobs whose queue message got lost are sent again. */
async function sweep(...urls: string[]) {
  await Promise.all(
    urls.map(async (u) => {
      const res = await fetch(`${u}/__scheduled?cron=*+*+*+*+*`).catch(() => undefined);
      await res?.body?.cancel();
    }),
  );
}

async function waitPublished(uuid: string, token: string) {
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    await sweep(inject('instanceUrl'));
    const res = await api(`/api/v1/videos/${uuid}`, { token });
    if (res.status === 200 && res.data.state?.id === 1 && res.data.files?.[0]?.torrentUrl) return res.data;
    if (res.data?.state?.id === 7) throw new Error('transcoding failed');
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`video ${uuid} not published in time`);
}

describe('two instances federate', () => {
  const aUrl = inject('instanceUrl');
  const aHost = new URL(aUrl).host;
  let b: Instance;
  let dir: string;
  let tokenA: string;
  let tokenB: string;
  let channelId: number;
  const tag = uniqueName('fed');

  async function publishOnA(name: string) {
    const clip = await generateClip(join(dir, `${name}.mp4`), { seconds: 2, width: 320, height: 240 });
    const bytes = new Uint8Array(await readFile(clip));
    const up = await legacyUpload(tokenA, { channelId: String(channelId), name, privacy: '1' }, { bytes, name: `${name}.mp4`, type: 'video/mp4' });
    if (up.status !== 200) throw new Error(`upload: ${up.status} ${JSON.stringify(up.data)}`);
    return waitPublished(up.data.video.uuid, tokenA);
  }

  /** Polls B for a video by uuid, sweeping both sides while it waits. */
  async function onB(uuid: string) {
    let found: Res | undefined;
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        found = await apiB(b, `/api/v1/videos/${uuid}`);
        return found.status;
      }, POLL)
      .toBe(200);
    return found!.data;
  }

  let crawled: any;
  let searched: any;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgetube-fed-'));
    b = await startInstance({
      dataDir: dir,
      rootPassword: B_PASSWORD,
      logFile: join(dir, 'wrangler.log'),
      vars: { ALLOW_LOOPBACK_FEDERATION: 'true', INSTANCE_NAME: 'instance b', JOB_LEASE_SECONDS: '6' },
    });
    tokenA = await loginAsRoot();
    tokenB = await loginB(b);
    channelId = (await api('/api/v1/users/me', { token: tokenA })).data.videoChannels[0].id;
    // Published before any follow: one is found by B's crawl of A's outbox, the other by a search.
    [crawled, searched] = await Promise.all([publishOnA(`${tag} crawled`), publishOnA(`${tag} searched`)]);
  }, 400_000);

  afterAll(async () => {
    // A is shared by the whole suite: never leave it following an instance that is gone.
    if (b) await api(`/api/v1/server/following/${encodeURIComponent(new URL(b.url).host)}`, { method: 'DELETE', token: tokenA }).catch(() => undefined);
    await b?.stop();
    if (dir && !process.env.KEEP_TEST_DATA) await rm(dir, { recursive: true, force: true });
  });

  it('a URL search fetches a remote video for a logged-in user only', async () => {
    const url = `${aUrl}/w/${searched.shortUUID}`;
    const anonymous = await apiB(b, `/api/v1/search/videos?search=${encodeURIComponent(url)}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.data).toEqual({ total: 0, data: [] });

    const res = await apiB(b, `/api/v1/search/videos?search=${encodeURIComponent(url)}`, { token: tokenB });
    expect(res.status).toBe(200);
    expect(res.data.total).toBe(1);
    expect(res.data.data[0]).toMatchObject({ uuid: searched.uuid, name: `${tag} searched`, isLocal: false, url: `${aUrl}/videos/watch/${searched.uuid}` });
    expect(res.data.data[0].channel).toMatchObject({ name: 'root_channel', host: aHost });

    // Known now: an anonymous search finds it without fetching.
    const again = await apiB(b, `/api/v1/search/videos?search=${encodeURIComponent(searched.url ?? `${aUrl}/videos/watch/${searched.uuid}`)}`);
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

  it("a user on B subscribes to a channel on A, sees what A publishes in their subscriptions, is notified, and gets A's playlists", async () => {
    const uri = `root_channel@${aHost}`;
    expect((await apiB(b, '/api/v1/users/me/subscriptions', { method: 'POST', token: tokenB, json: { uri } })).status).toBe(204);
    // The Follow goes from B's root account to A's channel; A accepts it.
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        return (
          (await apiB(b, `/api/v1/users/me/subscriptions/exist?uris=${uri}`, { token: tokenB })).data?.[uri] === true &&
          (await apiB(b, `/api/v1/users/me/subscriptions/${uri}`, { token: tokenB })).status
        );
      }, POLL)
      .toBe(200);
    const sub = await apiB(b, `/api/v1/users/me/subscriptions/${uri}`, { token: tokenB });
    expect(sub.data).toMatchObject({ name: 'root_channel', host: aHost, isLocal: false, ownerAccount: { name: 'root', host: aHost } });
    const followers = await api('/video-channels/root_channel/followers?page=1', { headers: { accept: 'application/activity+json' } });
    expect(followers.data.orderedItems).toContain(`${b.url}/accounts/root`);

    const video = await publishOnA(`${tag} for subscribers`);
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        const feed = await apiB(b, '/api/v1/users/me/subscriptions/videos?count=100', { token: tokenB });
        return feed.data.data.map((v: any) => v.uuid);
      }, POLL)
      .toContain(video.uuid);
    const notifications = await apiB(b, '/api/v1/users/me/notifications?count=100', { token: tokenB });
    const news = notifications.data.data.filter((n: any) => n.type === 1 && n.video.uuid === video.uuid);
    expect(news).toHaveLength(1);
    expect(news[0].video.channel).toMatchObject({ name: 'root_channel', host: aHost });

    // A playlist made on A, public in the followed channel, appears on B with its element.
    const made = await api('/api/v1/video-playlists', {
      method: 'POST',
      token: tokenA,
      json: { displayName: `${tag} list`, privacy: 1, videoChannelId: channelId },
    });
    expect(made.status).toBe(200);
    expect(
      (await api(`/api/v1/video-playlists/${made.data.videoPlaylist.id}/videos`, { method: 'POST', token: tokenA, json: { videoId: video.uuid } })).status,
    ).toBe(200);
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        const got = await apiB(b, `/api/v1/video-playlists/${made.data.videoPlaylist.uuid}`);
        return got.status === 200 ? got.data.videosLength : -1;
      }, POLL)
      .toBe(1);
    const remoteList = await apiB(b, `/api/v1/video-playlists/${made.data.videoPlaylist.uuid}`);
    expect(remoteList.data).toMatchObject({
      isLocal: false,
      displayName: `${tag} list`,
      url: `${aUrl}/video-playlists/${made.data.videoPlaylist.uuid}`,
      privacy: { id: 1 },
      ownerAccount: { name: 'root', host: aHost },
      videoChannel: { name: 'root_channel', host: aHost },
    });
    const remoteElements = await apiB(b, `/api/v1/video-playlists/${made.data.videoPlaylist.uuid}/videos`);
    expect(remoteElements.data.data.map((e: any) => e.video?.uuid)).toEqual([video.uuid]);
    // Deleted on A, gone from B.
    expect((await api(`/api/v1/video-playlists/${made.data.videoPlaylist.id}`, { method: 'DELETE', token: tokenA })).status).toBe(204);
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        return (await apiB(b, `/api/v1/video-playlists/${made.data.videoPlaylist.uuid}`)).status;
      }, POLL)
      .toBe(404);

    // Unsubscribing sends the Undo: A's channel loses its follower.
    expect((await apiB(b, `/api/v1/users/me/subscriptions/${uri}`, { method: 'DELETE', token: tokenB })).status).toBe(204);
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        const list = await api('/video-channels/root_channel/followers?page=1', { headers: { accept: 'application/activity+json' } });
        return list.data.orderedItems.includes(`${b.url}/accounts/root`);
      }, POLL)
      .toBe(false);
  });
});
