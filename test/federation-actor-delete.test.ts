/**
 * A channel or a user deleted on A reaches B (PeerTube's sendDeleteActor): A sends Delete(actor),
 * signed by the removed actor, to its followers; B, which follows the channel and holds its video,
 * removes its copies of the channel (and account) and their videos. Nothing names the channel's
 * private video on the way. A is the suite's instance, B is test/helpers/federated-pair.ts.
 */
import { describe, expect, it } from 'vitest';
import { api, uniqueName } from './helpers/api';
import { seedLocalVideo } from './helpers/seed-videos';
import { apiB, bSubscribes, jobsNaming, POLL, sweep, useFederatedPair, type FederatedPair } from './helpers/federated-pair';
import { newUploader, type Uploader } from './helpers/video-uploads';

/** B fetches A's video by its URL, as a search does, and holds a copy. */
async function bHolds(pair: FederatedPair, url: string, uuid: string) {
  const found = await apiB(pair.b, `/api/v1/search/videos?search=${encodeURIComponent(url)}`, { token: pair.tokenB });
  expect(found.data.data.map((v: any) => v.uuid)).toEqual([uuid]);
  expect((await apiB(pair.b, `/api/v1/videos/${uuid}`)).status).toBe(200);
}

/** Polls B until each path answers 404. */
async function goneOnB(pair: FederatedPair, paths: string[]) {
  await expect
    .poll(async () => {
      await sweep(pair.aUrl, pair.b.url);
      return Promise.all(paths.map(async (p) => (await apiB(pair.b, p)).status));
    }, POLL)
    .toEqual(paths.map(() => 404));
}

describe('deleting a channel or a user federates a Delete of the actors', () => {
  const pair = useFederatedPair();

  it('a channel deleted on A is removed from B with its video; its private video is named nowhere; A serves it no more', async () => {
    const owner: Uploader = await newUploader();
    const name = uniqueName('gone_chan');
    const made = await api('/api/v1/video-channels', { method: 'POST', token: owner.token, json: { name, displayName: `${name} display` } });
    expect(made.status).toBe(200);
    const channelId = made.data.videoChannel.id as number;
    const shown = await seedLocalVideo({ ...owner, channelId }, {}, 'public of deleted channel');
    const secret = await seedLocalVideo({ ...owner, channelId }, { privacy: 3 }, 'private of deleted channel');
    await bSubscribes(pair, name);
    await bHolds(pair, shown.url, shown.uuid);
    const handle = `${name}@${pair.aHost}`;
    expect((await apiB(pair.b, `/api/v1/video-channels/${handle}`)).status).toBe(200);

    expect((await api(`/api/v1/video-channels/${name}`, { method: 'DELETE', token: owner.token })).status).toBe(204);
    await goneOnB(pair, [`/api/v1/video-channels/${handle}`, `/api/v1/videos/${shown.uuid}`]);
    // B's subscription went with the channel.
    expect((await apiB(pair.b, `/api/v1/users/me/subscriptions/exist?uris=${handle}`, { token: pair.tokenB })).data[handle]).toBe(false);

    // A: the actor answers nowhere (its row stays for its name and key), and the name is not given again.
    const actorDoc = await fetch(`${pair.aUrl}/video-channels/${name}`, { headers: { accept: 'application/activity+json' } });
    expect(actorDoc.status).toBe(404);
    await actorDoc.body?.cancel();
    expect((await api(`/.well-known/webfinger?resource=acct:${name}@${pair.aHost}`)).status).toBe(404);
    expect((await api('/api/v1/video-channels', { method: 'POST', token: owner.token, json: { name, displayName: 'again' } })).status).toBe(409);
    // A local subscription to the removed channel makes nothing (204 as PeerTube, which fails in its job).
    const local = `${name}@${pair.aHost}`;
    expect((await api('/api/v1/users/me/subscriptions', { method: 'POST', token: owner.token, json: { uri: local } })).status).toBe(204);
    expect((await api(`/api/v1/users/me/subscriptions/exist?uris=${local}`, { token: owner.token })).data[local]).toBe(false);
    // The Delete names the actor only: no federation job of A ever named the private video, nor the public one.
    expect(await jobsNaming(secret.uuid)).toEqual([]);
    expect(await jobsNaming(shown.uuid)).toEqual([]);
    const deletes = await jobsNaming(`"object":"${pair.aUrl}/video-channels/${name}"`);
    expect(deletes.map((j) => j.type)).toContain('activitypub-deliver');
  });

  it('a user deleted on A is removed from B with its account, channel and video', async () => {
    const gone: Uploader = await newUploader();
    const video = await seedLocalVideo(gone, {}, 'video of deleted user');
    await bSubscribes(pair, gone.channelName);
    await bHolds(pair, video.url, video.uuid);
    const account = `${gone.username}@${pair.aHost}`;
    expect((await apiB(pair.b, `/api/v1/accounts/${account}`)).status).toBe(200);

    expect((await api(`/api/v1/users/${gone.userId}`, { method: 'DELETE', token: pair.tokenA })).status).toBe(204);
    await goneOnB(pair, [`/api/v1/accounts/${account}`, `/api/v1/video-channels/${gone.channelName}@${pair.aHost}`, `/api/v1/videos/${video.uuid}`]);
    const deletes = await jobsNaming(`"object":"${pair.aUrl}/accounts/${gone.username}"`);
    expect(deletes.map((j) => j.type)).toContain('activitypub-deliver');
  });
});
