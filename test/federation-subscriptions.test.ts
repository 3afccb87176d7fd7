/**
 * A user on one instance subscribes to a channel on another (issue 4, "Tests"): the Follow of
 * the channel, the subscription feed, notifications and the channel's playlists, then the Undo.
 * A is the suite's instance, B is started by test/helpers/federated-pair.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../scripts/instance';
import { api, uniqueName } from './helpers/api';
import { apiB, POLL, sweep, useFederatedPair } from './helpers/federated-pair';

describe('channel subscriptions across instances', () => {
  const pair = useFederatedPair();
  const { aUrl, aHost, publishOnA } = pair;
  let b: Instance;
  let tokenA: string;
  let tokenB: string;
  let channelId: number;
  const tag = uniqueName('sub');

  beforeAll(() => {
    ({ b, tokenA, tokenB, channelId } = pair);
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
