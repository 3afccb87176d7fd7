/**
 * Rates and views against the real instance: PeerTube's endpoints, counters kept in step,
 * one view per client and hour, and Like/Undo/View on a remote video delivered to its origin
 * and served at their ids.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, instanceUrl, loginAsRoot } from './helpers/api';
import { testDb, waitFor } from './helpers/internal';
import { newUploader, type Uploader } from './helpers/video-uploads';
import { postSigned, startFakeRemote, type FakeActor, type FakeRemote } from './helpers/fake-remote-instance';
import * as schema from '../worker/db/schema';
import { seedLocalVideo, seedRemoteVideo, signatureOracle } from './helpers/seed-videos';

const oracle = signatureOracle;
const AP = { accept: 'application/activity+json' };
const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

let alice: Uploader;
let bob: Uploader;
let carol: Uploader;

const localVideo = (owner: Uploader, values: Partial<schema.NewVideo> = {}) => seedLocalVideo(owner, values, 'rates');

const remoteVideo = seedRemoteVideo;

const rate = (videoId: string | number, token: string | undefined, rating: unknown) =>
  api(`/api/v1/videos/${videoId}/rate`, { method: 'PUT', token, json: { rating } });
const counts = async (videoId: string | number) => {
  const res = await api(`/api/v1/videos/${videoId}`, { token: alice.token });
  return { likes: res.data.likes as number, dislikes: res.data.dislikes as number, views: res.data.views as number };
};
const myRating = async (token: string, videoId: string | number) => (await api(`/api/v1/users/me/videos/${videoId}/rating`, { token })).data;
const view = (videoId: string | number, body: unknown = { currentTime: 3 }, headers: Record<string, string> = {}, token?: string) =>
  api(`/api/v1/videos/${videoId}/views`, { method: 'POST', json: body, headers, token });

beforeAll(async () => {
  [alice, bob, carol] = await Promise.all([newUploader(), newUploader(), newUploader()]);
});

describe('PUT /videos/:id/rate', () => {
  it('likes, dislikes and clears, keeping the counters in step, idempotently', async () => {
    const video = await localVideo(alice);
    expect(await myRating(bob.token, video.id)).toEqual({ videoId: video.id, rating: 'none' });

    expect((await rate(video.uuid, bob.token, 'like')).status).toBe(204);
    expect(await counts(video.id)).toMatchObject({ likes: 1, dislikes: 0 });
    expect((await rate(video.uuid, bob.token, 'like')).status).toBe(204);
    expect(await counts(video.id)).toMatchObject({ likes: 1, dislikes: 0 });
    expect(await myRating(bob.token, video.uuid)).toEqual({ videoId: video.id, rating: 'like' });

    expect((await rate(video.id, carol.token, 'like')).status).toBe(204);
    expect(await counts(video.id)).toMatchObject({ likes: 2, dislikes: 0 });

    expect((await rate(video.uuid, bob.token, 'dislike')).status).toBe(204);
    expect(await counts(video.id)).toMatchObject({ likes: 1, dislikes: 1 });
    expect(await myRating(bob.token, video.id)).toMatchObject({ rating: 'dislike' });

    expect((await rate(video.uuid, bob.token, 'none')).status).toBe(204);
    expect((await rate(video.uuid, bob.token, 'none')).status).toBe(204);
    expect(await counts(video.id)).toMatchObject({ likes: 1, dislikes: 0 });
    expect(await myRating(bob.token, video.id)).toMatchObject({ rating: 'none' });
    expect(await myRating(carol.token, video.id)).toMatchObject({ rating: 'like' });
  });

  it('rejects bad input, anonymous users, unknown and hidden videos', async () => {
    const video = await localVideo(alice);
    const bad = await rate(video.uuid, bob.token, 'love');
    expect(bad.status).toBe(400);
    expect(bad.data['invalid-params']).toHaveProperty('rating');
    expect((await rate(video.uuid, bob.token, undefined)).status).toBe(400);
    expect((await rate('nope', bob.token, 'like')).status).toBe(400);
    expect((await rate(video.uuid, undefined, 'like')).status).toBe(401);
    expect((await rate(randomUUID(), bob.token, 'like')).status).toBe(404);
    expect((await api(`/api/v1/users/me/videos/${video.id}/rating`)).status).toBe(401);
    expect((await api(`/api/v1/users/me/videos/${randomUUID()}/rating`, { token: bob.token })).status).toBe(404);

    const secret = await localVideo(alice, { privacy: 3 });
    const forbidden = await rate(secret.uuid, bob.token, 'like');
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await api(`/api/v1/users/me/videos/${secret.id}/rating`, { token: bob.token })).status).toBe(403);
    expect((await rate(secret.uuid, alice.token, 'like')).status).toBe(204);
    expect(await counts(secret.id)).toMatchObject({ likes: 1 });
  });
});

describe('POST /videos/:id/views', () => {
  it('counts one view per client and hour, on the video and its hourly row', async () => {
    const video = await localVideo(alice);
    const client = { 'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 250) + 1}` };
    expect((await view(video.uuid, { currentTime: 0 }, client)).status).toBe(204);
    expect((await view(video.uuid, { currentTime: 5 }, client)).status).toBe(204);
    expect((await view(video.id, { currentTime: 9 }, client, bob.token)).status).toBe(204);
    expect((await counts(video.id)).views).toBe(1);

    const { db, close } = testDb();
    try {
      const rows = await db.select().from(schema.videoViews).where(eq(schema.videoViews.videoId, video.id));
      expect(rows).toHaveLength(1);
      expect(rows[0].views).toBe(1);
      expect(rows[0].startDate.getTime() % 3600_000).toBe(0);
      // The dedupe key is a one-hour window in rate_limits, pruned by the cron sweep.
      const keys = await db.select().from(schema.rateLimits);
      expect(keys.filter((k) => k.key.startsWith(`view:${video.id}:`))).toHaveLength(1);
    } finally {
      close();
    }
  });

  it('rejects bad input, unknown and hidden videos', async () => {
    const video = await localVideo(alice);
    const bad = await view(video.uuid, { currentTime: 'soon' });
    expect(bad.status).toBe(400);
    expect(bad.data['invalid-params']).toHaveProperty('currentTime');
    expect((await view(video.uuid, {})).status).toBe(400);
    expect((await view(video.uuid, { currentTime: -1 })).status).toBe(400);
    expect((await view('nope')).status).toBe(400);
    expect((await view(randomUUID())).status).toBe(404);
    const secret = await localVideo(alice, { privacy: 3 });
    expect((await view(secret.uuid)).status).toBe(401);
    expect((await view(secret.uuid, { currentTime: 1 }, {}, bob.token)).status).toBe(403);
    expect((await counts(secret.id)).views).toBe(0);
  });
});

describe('rates and views of a remote video', () => {
  let remote: FakeRemote;
  let owner: FakeActor;
  let video: schema.Video;

  beforeAll(async () => {
    remote = await startFakeRemote();
    owner = await remote.addActor(`owner${Date.now().toString(36)}`);
    video = await remoteVideo(remote, owner);
  });
  afterAll(async () => {
    await remote?.close();
  });

  const posted = (type: string, match: (a: any) => boolean) =>
    remote.waitFor((r) => {
      if (r.method !== 'POST') return false;
      const a = JSON.parse(r.body);
      return a.type === type && match(a);
    });

  it('sends a signed Like to the origin and serves it at its id; Undo on none, then 404', async () => {
    const bobUrl = instanceUrl(`/accounts/${bob.username}`);
    const likeId = `${bobUrl}/likes/${video.id}`;
    expect((await rate(video.uuid, bob.token, 'like')).status).toBe(204);
    expect(await counts(video.id)).toMatchObject({ likes: 1 });

    const like = await posted('Like', (a) => a.id === likeId);
    expect(like.path).toBe('/inbox');
    const body = JSON.parse(like.body);
    expect(body).toMatchObject({ type: 'Like', id: likeId, actor: bobUrl, object: video.url, to: [PUBLIC], cc: [`${bobUrl}/followers`] });
    // The field set of the Like PeerTube 6.3 accepted (accepted-by-peertube-like.json).
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['@context', 'id', 'type', 'actor', 'object', 'to', 'cc']));
    const parsed = oracle.parseRequest(like.req, { clockSkew: 1800, headers: ['(request-target)', 'host', 'date', 'digest'] });
    expect(parsed.params.keyId).toBe(`${bobUrl}#main-key`);
    const actor = await api(new URL(bobUrl).pathname, { headers: AP });
    expect(oracle.verifySignature(parsed, actor.data.publicKey.publicKeyPem)).toBe(true);

    const served = await api(new URL(likeId).pathname, { headers: AP });
    expect(served.status).toBe(200);
    expect(served.data).toEqual(body);

    expect((await rate(video.uuid, bob.token, 'dislike')).status).toBe(204);
    const undo = await posted('Undo', (a) => a.object?.id === likeId);
    expect(JSON.parse(undo.body)).toMatchObject({
      id: `${likeId}/undo`,
      actor: bobUrl,
      object: { type: 'Like', id: likeId, actor: bobUrl, object: video.url },
    });
    const dislikeId = `${bobUrl}/dislikes/${video.id}`;
    await posted('Dislike', (a) => a.id === dislikeId);
    expect((await api(new URL(likeId).pathname, { headers: AP })).status).toBe(404);
    expect((await api(new URL(dislikeId).pathname, { headers: AP })).data).toMatchObject({ type: 'Dislike', id: dislikeId });
    expect(await counts(video.id)).toMatchObject({ likes: 0, dislikes: 1 });

    expect((await rate(video.uuid, bob.token, 'none')).status).toBe(204);
    await posted('Undo', (a) => a.object?.id === dislikeId);
    expect((await api(new URL(dislikeId).pathname, { headers: AP })).status).toBe(404);
  });

  it('sends a counted View from the instance actor, served at its id', async () => {
    const client = { 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250) + 1}` };
    expect((await view(video.uuid, { currentTime: 1 }, client)).status).toBe(204);
    const instanceActor = instanceUrl('/accounts/peertube');
    const got = await posted('View', (a) => a.object === video.url);
    expect(got.path).toBe('/inbox');
    const body = JSON.parse(got.body);
    expect(body).toMatchObject({ type: 'View', actor: instanceActor, object: video.url, to: [PUBLIC] });
    expect(body.id).toMatch(new RegExp(`^${instanceActor}/views/videos/${video.id}/[0-9a-f-]{36}$`));
    expect(body.expires).toBeUndefined();
    const parsed = oracle.parseRequest(got.req, { clockSkew: 1800, headers: ['(request-target)', 'host', 'date', 'digest'] });
    expect(parsed.params.keyId).toBe(`${instanceActor}#main-key`);
    const served = await api(new URL(body.id).pathname, { headers: AP });
    expect(served.status).toBe(200);
    expect(served.data).toEqual(body);
    expect((await counts(video.id)).views).toBe(1);
  });
});

describe('rates of a local video from here and from afar', () => {
  let remote: FakeRemote;
  afterAll(async () => {
    await remote?.close();
  });

  it('counts a remote Like (inbox) and a local like together, and a remote Undo takes only its own away', async () => {
    remote = await startFakeRemote();
    const fan = await remote.addActor(`fan${Date.now().toString(36)}`);
    const video = await localVideo(alice);
    const AS = 'https://www.w3.org/ns/activitystreams';
    const like = { '@context': AS, id: `${fan.url}/likes/${video.id}`, type: 'Like', actor: fan.url, object: video.url };
    const signer = { keyId: fan.keyId, privateKeyPem: fan.privateKeyPem };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(like), { signer })).status).toBe(204);
    await waitFor('the remote like', async () => (await counts(video.id)).likes === 1, { timeoutMs: 30_000 });
    expect((await rate(video.uuid, bob.token, 'like')).status).toBe(204);
    expect(await counts(video.id)).toMatchObject({ likes: 2, dislikes: 0 });
    expect((await rate(video.uuid, carol.token, 'dislike')).status).toBe(204);

    const undo = { '@context': AS, id: `${like.id}/undo`, type: 'Undo', actor: fan.url, object: like };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(undo), { signer })).status).toBe(204);
    await waitFor('the remote undo', async () => (await counts(video.id)).likes === 1, { timeoutMs: 30_000 });
    expect(await counts(video.id)).toMatchObject({ likes: 1, dislikes: 1 });
    expect(await myRating(bob.token, video.id)).toMatchObject({ rating: 'like' });
    // A local rate of a local video is not sent as a Like: PeerTube federates the counts with Update(Video).
    expect(remote.received.filter((r) => r.method === 'POST' && /"(Like|Dislike)"/.test(r.body))).toHaveLength(0);
  });

  it('tells the followers of the video the new counts with Update(Video)', async () => {
    const fan = await remote.addActor(`follower${Date.now().toString(36)}`);
    const AS = 'https://www.w3.org/ns/activitystreams';
    const signer = { keyId: fan.keyId, privateKeyPem: fan.privateKeyPem };
    const follow = {
      '@context': AS,
      type: 'Follow',
      id: `${fan.url}/follows/${Date.now()}`,
      actor: fan.url,
      object: instanceUrl(`/accounts/${alice.username}`),
    };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(follow), { signer })).status).toBe(204);
    await remote.waitFor((r) => r.method === 'POST' && r.body.includes('"Accept"') && r.body.includes(follow.id));
    const video = await localVideo(alice);
    expect((await rate(video.uuid, bob.token, 'like')).status).toBe(204);
    const update = await remote.waitFor((r) => {
      if (r.method !== 'POST' || !r.body.includes('"Update"')) return false;
      const a = JSON.parse(r.body);
      return a.object?.id === video.url && a.object.likes !== undefined;
    });
    expect(JSON.parse(update.body)).toMatchObject({
      type: 'Update',
      actor: instanceUrl(`/accounts/${alice.username}`),
      object: { type: 'Video', id: video.url },
    });
  });
});
