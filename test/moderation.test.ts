/**
 * Moderation against the real instance: blocklists (instance and user), a blocked server
 * refused at the inbox, hidden from video lists and never delivered to; abuse reports,
 * sent to a remote origin as a signed Flag and received from one.
 */
import { createClient, type Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, instanceUrl, loginAsRoot } from './helpers/api';
import { postSigned, startFakeRemote, type FakeActor, type FakeRemote } from './helpers/fake-remote-instance';
import { seedLocalVideo, seedRemoteVideo, signatureOracle } from './helpers/seed-videos';
import { newUploader, type Uploader } from './helpers/video-uploads';
import { waitFor } from './helpers/internal';

const AS = 'https://www.w3.org/ns/activitystreams';
let remote: FakeRemote;
let remoteHost: string;
let alice: FakeActor;
let db: Client;
let rootToken: string;
let user: Uploader;
let seq = 0;

const signerOf = (a: FakeActor) => ({ keyId: a.keyId, privateKeyPem: a.privateKeyPem });
const nextId = (a: FakeActor, kind: string) => `${a.url}/${kind}/${Date.now()}-${++seq}`;
const block = (host: string) => api('/api/v1/server/blocklist/servers', { method: 'POST', token: rootToken, json: { host } });
const unblock = (host: string) => api(`/api/v1/server/blocklist/servers/${host}`, { method: 'DELETE', token: rootToken });

async function rows(sql: string, args: (string | number)[]) {
  return (await db.execute({ sql, args })).rows;
}

beforeAll(async () => {
  remote = await startFakeRemote();
  remoteHost = new URL(remote.origin).host;
  alice = await remote.addActor('alice');
  db = createClient({ url: inject('libsqlUrl') });
  rootToken = await loginAsRoot();
  user = await newUploader();
});

afterAll(async () => {
  db?.close();
  await remote?.close();
});

describe('instance blocklist of servers', () => {
  const host = `blocked-${Date.now()}.example`;

  it('needs a moderator: 401 without a token, 403 for a user', async () => {
    expect((await api('/api/v1/server/blocklist/servers')).status).toBe(401);
    expect((await api('/api/v1/server/blocklist/servers', { token: user.token })).status).toBe(403);
    expect((await api('/api/v1/server/blocklist/servers', { method: 'POST', token: user.token, json: { host } })).status).toBe(403);
  });

  it('blocks, lists, refuses a duplicate (409), unblocks, then 404', async () => {
    expect((await block(host)).status).toBe(204);
    expect((await block(host)).status).toBe(409);
    const list = await api(`/api/v1/server/blocklist/servers?search=${host}`, { token: rootToken });
    expect(list.status).toBe(200);
    expect(list.data.total).toBe(1);
    expect(list.data.data[0]).toMatchObject({ blockedServer: { host }, byAccount: { name: 'peertube' } });
    expect(typeof list.data.data[0].createdAt).toBe('string');
    expect((await unblock(host)).status).toBe(204);
    expect((await unblock(host)).status).toBe(404);
  });

  it('rejects bad hosts (400) and our own (409)', async () => {
    expect((await block('not a host/')).status).toBe(400);
    expect((await api('/api/v1/server/blocklist/servers', { method: 'POST', token: rootToken, json: {} })).status).toBe(400);
    expect((await block(new URL(instanceUrl()).host)).status).toBe(409);
  });
});

describe('blocklist of accounts', () => {
  it('instance: blocks a known account, 404 for an unknown one, 409 twice', async () => {
    const target = await newUploader();
    const post = (accountName: string) => api('/api/v1/server/blocklist/accounts', { method: 'POST', token: rootToken, json: { accountName } });
    expect((await post(target.username)).status).toBe(204);
    expect((await post(target.username)).status).toBe(409);
    expect((await post(`nobody_${Date.now()}`)).status).toBe(404);
    const list = await api('/api/v1/server/blocklist/accounts?count=100', { token: rootToken });
    expect(list.data.data.map((b: any) => b.blockedAccount.name)).toContain(target.username);
    expect((await api(`/api/v1/server/blocklist/accounts/${target.username}`, { method: 'DELETE', token: rootToken })).status).toBe(204);
    expect((await api(`/api/v1/server/blocklist/accounts/${target.username}`, { method: 'DELETE', token: rootToken })).status).toBe(404);
  });

  it("user: own list, hides the blocked account's videos from that user only", async () => {
    const target = await newUploader();
    const video = await seedLocalVideo(target, {}, `ublock${Date.now()}`);
    const listed = async (token?: string) =>
      (await api(`/api/v1/videos?search=${encodeURIComponent(video.name)}`, { token })).data.data.map((v: any) => v.uuid);
    expect(await listed(user.token)).toContain(video.uuid);

    expect((await api('/api/v1/users/me/blocklist/accounts', { method: 'POST', json: { accountName: target.username } })).status).toBe(401);
    expect((await api('/api/v1/users/me/blocklist/accounts', { method: 'POST', token: user.token, json: { accountName: user.username } })).status).toBe(409);
    expect((await api('/api/v1/users/me/blocklist/accounts', { method: 'POST', token: user.token, json: { accountName: target.username } })).status).toBe(204);
    const mine = await api('/api/v1/users/me/blocklist/accounts', { token: user.token });
    expect(mine.data).toMatchObject({ total: 1, data: [{ blockedAccount: { name: target.username }, byAccount: { name: user.username } }] });
    expect(await listed(user.token)).not.toContain(video.uuid);
    expect(await listed()).toContain(video.uuid);
    // Not on the instance's list.
    const instance = await api('/api/v1/server/blocklist/accounts?count=100', { token: rootToken });
    expect(instance.data.data.map((b: any) => b.blockedAccount.name)).not.toContain(target.username);

    expect((await api(`/api/v1/users/me/blocklist/accounts/${target.username}`, { method: 'DELETE', token: user.token })).status).toBe(204);
    expect(await listed(user.token)).toContain(video.uuid);
  });

  it('user: blocks servers on their own list', async () => {
    const host = `mine-${Date.now()}.example`;
    expect((await api('/api/v1/users/me/blocklist/servers', { method: 'POST', token: user.token, json: { host } })).status).toBe(204);
    expect((await api('/api/v1/users/me/blocklist/servers', { method: 'POST', token: user.token, json: { host } })).status).toBe(409);
    const mine = await api('/api/v1/users/me/blocklist/servers', { token: user.token });
    expect(mine.data.data.map((b: any) => b.blockedServer.host)).toContain(host);
    expect((await api(`/api/v1/users/me/blocklist/servers/${host}`, { method: 'DELETE', token: user.token })).status).toBe(204);
  });
});

describe('a blocked server', () => {
  it('is refused at the inbox (403, nothing processed), and accepted again once unblocked', async () => {
    const video = await seedLocalVideo(user, {}, `inboxblock${Date.now()}`);
    const like = () => ({ '@context': AS, type: 'Like', id: nextId(alice, 'likes'), actor: alice.url, object: video.url });
    const likes = async () => Number((await rows('SELECT likes FROM videos WHERE id = ?', [video.id]))[0].likes);

    expect((await block(remoteHost)).status).toBe(204);
    try {
      const refused = like();
      const res = await postSigned(instanceUrl('/inbox'), JSON.stringify(refused), { signer: signerOf(alice) });
      expect(res.status).toBe(403);
      expect(await rows('SELECT 1 FROM inbox_activities WHERE activity_id = ?', [refused.id])).toHaveLength(0);
      // Not even the key was fetched from it.
      expect(remote.received.filter((r) => r.method === 'GET' && r.path === '/accounts/alice')).toHaveLength(0);
      expect(await likes()).toBe(0);
    } finally {
      expect((await unblock(remoteHost)).status).toBe(204);
    }

    const accepted = like();
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(accepted), { signer: signerOf(alice) })).status).toBe(204);
    await waitFor('the like to count', async () => (await likes()) === 1);
  });

  it('has its videos hidden from GET /videos until unblocked', async () => {
    const bob = await remote.addActor(`bob${Date.now()}`);
    const video = await seedRemoteVideo(remote, bob);
    const name = `remote blocked ${video.uuid.slice(0, 8)}`;
    await db.execute({ sql: 'UPDATE videos SET name = ? WHERE id = ?', args: [name, video.id] });
    const listed = async () => (await api(`/api/v1/videos?isLocal=false&search=${encodeURIComponent(name)}`)).data.data.map((v: any) => v.uuid);

    expect(await listed()).toEqual([video.uuid]);
    expect((await block(remoteHost)).status).toBe(204);
    try {
      expect(await listed()).toEqual([]);
    } finally {
      expect((await unblock(remoteHost)).status).toBe(204);
    }
    expect(await listed()).toEqual([video.uuid]);
  });

  it('is never delivered to: a comment on its video sends nothing', async () => {
    const carol = await remote.addActor(`carol${Date.now()}`);
    const video = await seedRemoteVideo(remote, carol);
    const before = remote.received.filter((r) => r.method === 'POST').length;
    const startedAt = Date.now();

    expect((await block(remoteHost)).status).toBe(204);
    try {
      const res = await api(`/api/v1/videos/${video.uuid}/comment-threads`, { method: 'POST', token: user.token, json: { text: 'not for them' } });
      expect(res.status).toBe(200);
      const commentId = res.data.comment.id as number;
      // The comment's event job ran, and enqueued no delivery.
      await waitFor('the comment event to be handled', async () => {
        const [job] = await rows("SELECT state FROM jobs WHERE type = 'activitypub-social' AND json_extract(payload, '$.commentId') = ?", [commentId]);
        return job?.state === 'completed';
      });
      const deliveries = await rows("SELECT 1 FROM jobs WHERE type = 'activitypub-deliver' AND json_extract(payload, '$.inbox') LIKE ? AND created_at >= ?", [
        `${remote.origin}/%`,
        startedAt,
      ]);
      expect(deliveries).toHaveLength(0);
      await new Promise((r) => setTimeout(r, 1000));
      expect(remote.received.filter((r) => r.method === 'POST').length).toBe(before);
    } finally {
      expect((await unblock(remoteHost)).status).toBe(204);
    }
    // Unblocked, the same kind of comment does arrive: the silence above was the block.
    const res = await api(`/api/v1/videos/${video.uuid}/comment-threads`, { method: 'POST', token: user.token, json: { text: 'for them' } });
    expect(res.status).toBe(200);
    const note = await remote.waitFor((r) => r.method === 'POST' && r.body.includes('for them'));
    expect(JSON.parse(note.body).type).toBe('Create');
  });
});

describe('abuses', () => {
  it('a report of a local video is listed for moderators, 403 for users, and judged', async () => {
    const owner = await newUploader();
    const video = await seedLocalVideo(owner, {}, `abused${Date.now()}`);
    const res = await api('/api/v1/abuses', {
      method: 'POST',
      token: user.token,
      json: { reason: 'this is spam', predefinedReasons: ['spamOrMisleading'], video: { id: video.uuid } },
    });
    expect(res.status).toBe(200);
    const id = res.data.abuse.id as number;
    expect(id).toBeGreaterThan(0);

    expect((await api('/api/v1/abuses', { token: user.token })).status).toBe(403);
    expect((await api('/api/v1/abuses')).status).toBe(401);
    const list = await api(`/api/v1/abuses?id=${id}`, { token: rootToken });
    expect(list.status).toBe(200);
    expect(list.data.total).toBe(1);
    expect(list.data.data[0]).toMatchObject({
      id,
      reason: 'this is spam',
      predefinedReasons: ['spamOrMisleading'],
      state: { id: 1, label: 'Pending' },
      reporterAccount: { name: user.username },
      flaggedAccount: { name: owner.username },
      video: { id: video.id, uuid: video.uuid, name: video.name },
    });

    expect((await api(`/api/v1/abuses/${id}`, { method: 'PUT', token: user.token, json: { state: 3 } })).status).toBe(403);
    expect((await api(`/api/v1/abuses/${id}`, { method: 'PUT', token: rootToken, json: { state: 9 } })).status).toBe(400);
    expect((await api(`/api/v1/abuses/${id}`, { method: 'PUT', token: rootToken, json: { state: 3, moderationComment: 'removed' } })).status).toBe(204);
    const judged = await api(`/api/v1/abuses?id=${id}`, { token: rootToken });
    expect(judged.data.data[0]).toMatchObject({ state: { id: 3, label: 'Accepted' }, moderationComment: 'removed' });

    expect((await api(`/api/v1/abuses/${id}`, { method: 'DELETE', token: rootToken })).status).toBe(204);
    expect((await api(`/api/v1/abuses/${id}`, { method: 'DELETE', token: rootToken })).status).toBe(404);
  });

  it('refuses bad input (400), unknown videos (404), anonymous reporters (401)', async () => {
    const video = await seedLocalVideo(user, {}, `badabuse${Date.now()}`);
    const post = (json: unknown) => api('/api/v1/abuses', { method: 'POST', token: user.token, json });
    expect((await post({ reason: 'x', video: { id: video.id } })).status).toBe(400);
    expect((await post({ reason: 'long enough' })).status).toBe(400);
    expect((await post({ reason: 'long enough', predefinedReasons: ['notAReason'], video: { id: video.id } })).status).toBe(400);
    expect((await post({ reason: 'y'.repeat(3001), video: { id: video.id } })).status).toBe(400);
    expect((await post({ reason: 'long enough', video: { id: 999_999_999 } })).status).toBe(404);
    expect((await api('/api/v1/abuses', { method: 'POST', json: { reason: 'long enough', video: { id: video.id } } })).status).toBe(401);
  });

  it('a report of a remote video sends a signed Flag from our instance actor to its origin', async () => {
    const dave = await remote.addActor(`dave${Date.now()}`);
    const video = await seedRemoteVideo(remote, dave);
    const res = await api('/api/v1/abuses', {
      method: 'POST',
      token: user.token,
      json: { reason: 'remote spam', predefinedReasons: ['spamOrMisleading', 'rights'], video: { id: video.id } },
    });
    expect(res.status).toBe(200);

    const flag = await remote.waitFor((r) => r.method === 'POST' && r.body.includes('"Flag"') && r.body.includes(video.url));
    expect(flag.path).toBe('/inbox');
    const body = JSON.parse(flag.body);
    expect(body).toMatchObject({
      type: 'Flag',
      actor: instanceUrl('/accounts/peertube'),
      content: 'remote spam',
      object: [video.url],
      to: [dave.url],
      tag: [
        { type: 'Hashtag', name: 'spamOrMisleading' },
        { type: 'Hashtag', name: 'rights' },
      ],
    });
    expect(body.id).toBe(instanceUrl(`/admin/abuses/${res.data.abuse.id}`));
    const parsed = signatureOracle.parseRequest(flag.req, { clockSkew: 1800, headers: ['(request-target)', 'host', 'digest'] });
    expect(parsed.params.keyId).toBe(instanceUrl('/accounts/peertube#main-key'));
    const key = (await api('/accounts/peertube', { headers: { accept: 'application/activity+json' } })).data.publicKey.publicKeyPem;
    expect(signatureOracle.verifySignature(parsed, key)).toBe(true);
  });

  it('a Flag received from a remote instance creates one abuse, however often it is sent', async () => {
    const video = await seedLocalVideo(user, {}, `flagged${Date.now()}`);
    const flag = {
      '@context': AS,
      type: 'Flag',
      id: nextId(alice, 'flags'),
      actor: alice.url,
      object: [video.url],
      content: 'reported from afar',
      mediaType: 'text/markdown',
      tag: [
        { type: 'Hashtag', name: 'violentOrRepulsive' },
        { type: 'Hashtag', name: 'bogus' },
      ],
    };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(flag), { signer: signerOf(alice) })).status).toBe(204);
    const [row] = await waitFor('the abuse row', async () => {
      const found = await rows('SELECT * FROM abuses WHERE activity_url = ?', [flag.id]);
      return found.length ? found : undefined;
    });
    expect(row).toMatchObject({ reason: 'reported from afar', video_id: video.id, state: 1 });
    expect(JSON.parse(String(row.predefined_reasons))).toEqual(['violentOrRepulsive']);
    const [aliceAccount] = await rows('SELECT accounts.id FROM accounts JOIN actors ON actors.id = accounts.actor_id WHERE actors.url = ?', [alice.url]);
    expect(row.reporter_account_id).toBe(aliceAccount.id);

    const list = await api(`/api/v1/abuses?id=${row.id}`, { token: rootToken });
    expect(list.data.data[0]).toMatchObject({ reporterAccount: { url: alice.url }, flaggedAccount: { name: user.username }, video: { uuid: video.uuid } });

    // Replayed under the same id: duplicate at the inbox, still one row.
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(flag), { signer: signerOf(alice) })).status).toBe(204);
    expect(await rows('SELECT 1 FROM abuses WHERE activity_url = ?', [flag.id])).toHaveLength(1);
  });
});
