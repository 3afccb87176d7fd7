/**
 * /users/me/subscriptions, /users/scoped-tokens and /feeds/subscriptions.*, as PeerTube 6.3
 * answers them (server/core/controllers/api/users/my-subscriptions.ts, token.ts, feeds/).
 * Remote subscriptions are in federation-two-instances.test.ts.
 */
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { api } from './helpers/api';
import { newUploader, type Uploader } from './helpers/video-uploads';
import { seedLocalVideo } from './helpers/seed-videos';

const host = () => new URL(inject('instanceUrl')).host;
const subs = '/api/v1/users/me/subscriptions';

let fan: Uploader;
let creator: Uploader;
let other: Uploader;
let creatorVideo: { uuid: string; name: string };
let otherVideo: { uuid: string };
let creatorUri: string;

beforeAll(async () => {
  [fan, creator, other] = await Promise.all([newUploader(), newUploader(), newUploader()]);
  creatorVideo = await seedLocalVideo(creator, {}, 'subscribed');
  otherVideo = await seedLocalVideo(other, {}, 'not subscribed');
  creatorUri = `${creator.channelName}@${host()}`;
});

describe('subscriptions to a local channel', () => {
  it('need a user', async () => {
    for (const [method, path] of [
      ['GET', subs],
      ['POST', subs],
      ['GET', `${subs}/videos`],
      ['GET', `${subs}/exist?uris=${creatorUri}`],
      ['GET', `${subs}/${creatorUri}`],
      ['DELETE', `${subs}/${creatorUri}`],
    ]) {
      const res = await api(path, { method, json: method === 'POST' ? { uri: creatorUri } : undefined });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it('refuse a URI that is not name@host', async () => {
    for (const uri of ['nohost', 'a@b@c', '', 'x@bad_host!']) {
      const res = await api(subs, { method: 'POST', token: fan.token, json: { uri } });
      expect(res.status, uri).toBe(400);
      expect(res.data['invalid-params'].uri, uri).toBeTruthy();
    }
    expect((await api(`${subs}/exist?uris=nohost`, { token: fan.token })).status).toBe(400);
    expect((await api(`${subs}/exist`, { token: fan.token })).status).toBe(400);
    expect((await api(`${subs}/nohost`, { token: fan.token })).status).toBe(400);
    expect((await api(`${subs}?search=`, { token: fan.token })).status).toBe(400);
    expect((await api(`${subs}?sort=name`, { token: fan.token })).status).toBe(400);
  });

  it('is 404 before subscribing', async () => {
    const res = await api(`${subs}/${creatorUri}`, { token: fan.token });
    expect(res.status).toBe(404);
    expect(res.data.detail).toBe(`Subscription ${creatorUri} not found.`);
    expect((await api(`${subs}/exist?uris=${creatorUri}`, { token: fan.token })).data).toEqual({ [creatorUri]: false });
  });

  it("subscribes, lists, tells it exists, and lists the channel's videos", async () => {
    const add = await api(subs, { method: 'POST', token: fan.token, json: { uri: creatorUri } });
    expect(add.status).toBe(204);

    const list = await api(subs, { token: fan.token });
    expect(list.status).toBe(200);
    expect(list.data.total).toBe(1);
    expect(list.data.data[0]).toMatchObject({ name: creator.channelName, host: host(), isLocal: true, ownerAccount: { name: creator.username } });
    expect(list.data.data[0].followersCount).toBe(1);

    const one = await api(`${subs}/${creatorUri}`, { token: fan.token });
    expect(one.status).toBe(200);
    expect(one.data.id).toBe(creator.channelId);

    const exist = await api(`${subs}/exist?uris=${creatorUri}&uris=${other.channelName}@${host()}`, { token: fan.token });
    expect(exist.data).toEqual({ [creatorUri]: true, [`${other.channelName}@${host()}`]: false });

    const videos = await api(`${subs}/videos`, { token: fan.token });
    expect(videos.status).toBe(200);
    const uuids = videos.data.data.map((v: any) => v.uuid);
    expect(uuids).toContain(creatorVideo.uuid);
    expect(uuids).not.toContain(otherVideo.uuid);
    expect(videos.data.total).toBe(1);

    // Someone else's subscriptions are their own.
    expect((await api(subs, { token: other.token })).data.total).toBe(0);
    expect((await api(`${subs}/${creatorUri}`, { token: other.token })).status).toBe(404);
  });

  it('searches by channel name', async () => {
    expect((await api(`${subs}?search=${creator.channelName.slice(0, 8)}`, { token: fan.token })).data.total).toBe(1);
    expect((await api(`${subs}?search=zzzz-nothing`, { token: fan.token })).data.total).toBe(0);
  });

  it("subscribing to an unknown local channel is answered 204 and changes nothing, as PeerTube's job", async () => {
    expect((await api(subs, { method: 'POST', token: fan.token, json: { uri: `nobody_here@${host()}` } })).status).toBe(204);
    expect((await api(subs, { token: fan.token })).data.total).toBe(1);
  });

  it('feeds the subscriptions with the feed token', async () => {
    const anonymous = await api('/api/v1/users/scoped-tokens');
    expect(anonymous.status).toBe(401);
    const first = await api('/api/v1/users/scoped-tokens', { token: fan.token });
    expect(first.status).toBe(200);
    expect(Object.keys(first.data)).toEqual(['feedToken']);
    expect((await api('/api/v1/users/scoped-tokens', { token: fan.token })).data.feedToken).toBe(first.data.feedToken);

    const feed = await api(`/feeds/subscriptions.json?accountId=${fan.accountId}&token=${first.data.feedToken}`);
    expect(feed.status).toBe(200);
    expect(feed.data.items.map((i: any) => i.title)).toEqual([creatorVideo.name]);
    const rss = await api(`/feeds/subscriptions.xml?accountId=${fan.accountId}&token=${first.data.feedToken}`);
    expect(rss.status).toBe(200);
    expect(rss.headers.get('content-type')).toMatch(/^application\/xml/);
    // @peertube/feed, as PeerTube, writes titles as CDATA.
    expect(rss.data).toContain(`<title><![CDATA[${creatorVideo.name}]]></title>`);

    expect((await api(`/feeds/subscriptions.json?accountId=${fan.accountId}&token=wrong`)).status).toBe(403);
    expect((await api(`/feeds/subscriptions.json?accountId=${other.accountId}&token=${first.data.feedToken}`)).status).toBe(403);
    expect((await api(`/feeds/subscriptions.json?accountId=999999&token=${first.data.feedToken}`)).status).toBe(404);
    expect((await api(`/feeds/subscriptions.json?token=${first.data.feedToken}`)).status).toBe(400);
    expect((await api(`/feeds/subscriptions.pdf?accountId=${fan.accountId}&token=${first.data.feedToken}`)).status).toBe(406);

    // Renewing the token closes the old one.
    const renewed = await api('/api/v1/users/scoped-tokens', { method: 'POST', token: fan.token });
    expect(renewed.data.feedToken).not.toBe(first.data.feedToken);
    expect((await api(`/feeds/subscriptions.json?accountId=${fan.accountId}&token=${first.data.feedToken}`)).status).toBe(403);
    expect((await api(`/feeds/subscriptions.json?accountId=${fan.accountId}&token=${renewed.data.feedToken}`)).status).toBe(200);
  });

  it('unsubscribes', async () => {
    expect((await api(`${subs}/${creatorUri}`, { method: 'DELETE', token: other.token })).status).toBe(404);
    const del = await api(`${subs}/${creatorUri}`, { method: 'DELETE', token: fan.token });
    expect(del.status).toBe(204);
    expect((await api(subs, { token: fan.token })).data.total).toBe(0);
    expect((await api(`${subs}/videos`, { token: fan.token })).data.total).toBe(0);
    expect((await api(`/api/v1/video-channels/${creator.channelName}`)).data.followersCount).toBe(0);
    expect((await api(`${subs}/${creatorUri}`, { method: 'DELETE', token: fan.token })).status).toBe(404);
  });
});
