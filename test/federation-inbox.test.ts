/**
 * The inbox against a fake remote instance on loopback: a valid Follow is
 * accepted with a signed Accept, and a corpus of forged requests is rejected or
 * ignored, never processed, never a 5xx.
 */
import { createRequire } from 'node:module';
import { createClient, type Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, instanceUrl } from './helpers/api';
import { postSigned, startFakeRemote, type FakeActor, type FakeRemote, type Received } from './helpers/fake-remote-instance';

type Oracle = {
  parseRequest(req: Received['req'], opts?: { headers?: string[]; clockSkew?: number }): { params: { keyId: string; headers: string[] } };
  verifySignature(parsed: unknown, publicKeyPem: string): boolean;
};
// PeerTube's own verifier, as a test oracle (dev dependency, CommonJS).
const oracle = createRequire(import.meta.url)('@peertube/http-signature') as Oracle;

let remote: FakeRemote;
let alice: FakeActor;
let mallory: FakeActor;
let db: Client;
let seq = 0;

const AS = 'https://www.w3.org/ns/activitystreams';
const channelUrl = () => instanceUrl('/video-channels/root_channel');
const nextId = (actor: FakeActor, kind = 'follows') => `${actor.url}/${kind}/${Date.now()}-${++seq}`;
const follow = (actor: FakeActor, object = channelUrl(), id = nextId(actor)) => ({ '@context': AS, type: 'Follow', id, actor: actor.url, object });
const signerOf = (a: FakeActor) => ({ keyId: a.keyId, privateKeyPem: a.privateKeyPem });

async function fetchPublicKey(path: string): Promise<string> {
  const res = await api(path, { headers: { accept: 'application/activity+json' } });
  return res.data.publicKey.publicKeyPem;
}

async function followersOf(path: string): Promise<string[]> {
  const res = await api(`${path}/followers?page=1`, { headers: { accept: 'application/activity+json' } });
  return res.data.orderedItems;
}

async function seen(activityId: string): Promise<boolean> {
  const rs = await db.execute({ sql: 'SELECT 1 FROM inbox_activities WHERE activity_id = ?', args: [activityId] });
  return rs.rows.length > 0;
}

const acceptsOf = (followId: string) => (r: Received) => r.method === 'POST' && r.body.includes('"Accept"') && JSON.parse(r.body).object?.id === followId;

beforeAll(async () => {
  remote = await startFakeRemote();
  alice = await remote.addActor('alice');
  mallory = await remote.addActor('mallory');
  db = createClient({ url: inject('libsqlUrl') });
});

afterAll(async () => {
  db?.close();
  await remote?.close();
});

describe('a valid Follow', () => {
  it('is accepted: 204, the follow is recorded, and a signed Accept quoting it comes back', async () => {
    const activity = follow(alice);
    const res = await postSigned(instanceUrl('/video-channels/root_channel/inbox'), JSON.stringify(activity), { signer: signerOf(alice) });
    expect(res.status).toBe(204);

    const accept = await remote.waitFor(acceptsOf(activity.id));
    expect(accept.path).toBe('/accounts/alice/inbox');
    const body = JSON.parse(accept.body);
    expect(body).toMatchObject({
      type: 'Accept',
      actor: channelUrl(),
      object: { type: 'Follow', id: activity.id, actor: alice.url, object: channelUrl() },
    });
    expect(accept.headers['content-type']).toBe('application/activity+json');

    // Verified as PeerTube verifies it, with the channel's key as served over HTTP.
    const parsed = oracle.parseRequest(accept.req, { clockSkew: 1800, headers: ['(request-target)', 'host', 'digest'] });
    expect(parsed.params.keyId).toBe(`${channelUrl()}#main-key`);
    expect(parsed.params.headers).toEqual(['(request-target)', 'host', 'date', 'digest']);
    expect(oracle.verifySignature(parsed, await fetchPublicKey('/video-channels/root_channel'))).toBe(true);

    expect(await followersOf('/video-channels/root_channel')).toContain(alice.url);
  });

  it('fetched the follower with a GET signed by the instance actor', async () => {
    const get = await remote.waitFor((r) => r.method === 'GET' && r.path === '/accounts/alice');
    const parsed = oracle.parseRequest(get.req, { clockSkew: 1800, headers: ['(request-target)', 'host', 'date'] });
    expect(parsed.params.keyId).toBe(instanceUrl('/accounts/peertube#main-key'));
    expect(oracle.verifySignature(parsed, await fetchPublicKey('/accounts/peertube'))).toBe(true);
  });

  it("is accepted with PeerTube's bare-URL keyId, on the shared inbox, for an account", async () => {
    const activity = follow(alice, instanceUrl('/accounts/root'));
    const res = await postSigned(instanceUrl('/inbox'), JSON.stringify(activity), { signer: { keyId: alice.url, privateKeyPem: alice.privateKeyPem } });
    expect(res.status).toBe(204);
    const accept = await remote.waitFor(acceptsOf(activity.id));
    expect(JSON.parse(accept.body).actor).toBe(instanceUrl('/accounts/root'));
    expect(await followersOf('/accounts/root')).toContain(alice.url);
  });

  it('of the instance actor by a remote instance actor is auto-accepted', async () => {
    const server = await remote.addActor('peertube', 'Application');
    const activity = follow(server, instanceUrl('/accounts/peertube'));
    const res = await postSigned(instanceUrl('/accounts/peertube/inbox'), JSON.stringify(activity), { signer: signerOf(server) });
    expect(res.status).toBe(204);
    const accept = await remote.waitFor(acceptsOf(activity.id));
    const parsed = oracle.parseRequest(accept.req, { clockSkew: 1800, headers: ['(request-target)', 'host', 'digest'] });
    expect(oracle.verifySignature(parsed, await fetchPublicKey('/accounts/peertube'))).toBe(true);
  });

  it('is undone by Undo(Follow)', async () => {
    const bob = await remote.addActor(`bob${Date.now()}`);
    const activity = follow(bob);
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(activity), { signer: signerOf(bob) })).status).toBe(204);
    await remote.waitFor(acceptsOf(activity.id));
    expect(await followersOf('/video-channels/root_channel')).toContain(bob.url);

    const undo = { '@context': AS, type: 'Undo', id: `${activity.id}/undo`, actor: bob.url, object: activity };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(undo), { signer: signerOf(bob) })).status).toBe(204);
    await expect.poll(() => followersOf('/video-channels/root_channel'), { timeout: 30_000 }).not.toContain(bob.url);
  });

  it('forwarded by another actor, is processed as its origin serves it', async () => {
    const erin = await remote.addActor(`erin${Date.now()}`);
    const activity = follow(erin);
    remote.serve(activity);
    const res = await postSigned(instanceUrl('/inbox'), JSON.stringify(activity), { signer: signerOf(mallory) });
    expect(res.status).toBe(204);
    await remote.waitFor(acceptsOf(activity.id));
    expect(await followersOf('/video-channels/root_channel')).toContain(erin.url);
  });

  it('forwarded with a forged body, is processed as its origin serves it, not as sent', async () => {
    const frank = await remote.addActor(`frank${Date.now()}`);
    const original = follow(frank);
    remote.serve(original);
    const forged = { ...original, object: instanceUrl('/accounts/root') };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(forged), { signer: signerOf(mallory) })).status).toBe(204);
    const accept = await remote.waitFor(acceptsOf(original.id));
    expect(JSON.parse(accept.body).actor).toBe(channelUrl());
    expect(await followersOf('/accounts/root')).not.toContain(frank.url);
  });

  it('still verifies after the remote actor rotates its key (one refetch)', async () => {
    const carol = await remote.addActor(`carol${Date.now()}`);
    const first = follow(carol);
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(first), { signer: signerOf(carol) })).status).toBe(204);
    await remote.waitFor(acceptsOf(first.id));
    await remote.rotateKey(carol);
    const undo = { '@context': AS, type: 'Undo', id: `${first.id}/undo`, actor: carol.url, object: first };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(undo), { signer: signerOf(carol) })).status).toBe(204);
    await expect.poll(() => followersOf('/video-channels/root_channel'), { timeout: 30_000 }).not.toContain(carol.url);
  });
});

describe('Update and Delete of a remote actor', () => {
  it('Update(Person) refreshes the actor from its origin; Delete(Person) ends its follows', async () => {
    const gina = await remote.addActor(`gina${Date.now()}`);
    const f = follow(gina);
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(f), { signer: signerOf(gina) })).status).toBe(204);
    await remote.waitFor(acceptsOf(f.id));
    expect(await followersOf('/video-channels/root_channel')).toContain(gina.url);

    const gets = () => remote.received.filter((r) => r.method === 'GET' && r.path === `/accounts/${gina.name}`).length;
    const before = gets();
    const update = {
      '@context': AS,
      type: 'Update',
      id: nextId(gina, 'updates'),
      actor: gina.url,
      object: { type: 'Person', id: gina.url, name: 'forged name' },
    };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(update), { signer: signerOf(gina) })).status).toBe(204);
    await expect.poll(gets, { timeout: 30_000 }).toBeGreaterThan(before);
    await new Promise((r) => setTimeout(r, 500)); // the refetched actor is stored after the GET
    const name = await db.execute({ sql: 'SELECT ac.display_name FROM accounts ac JOIN actors a ON a.id = ac.actor_id WHERE a.url = ?', args: [gina.url] });
    expect(name.rows[0].display_name).toBe(gina.name); // what the origin serves, not what the activity claimed

    const del = { '@context': AS, type: 'Delete', id: nextId(gina, 'deletes'), actor: gina.url, object: gina.url };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(del), { signer: signerOf(gina) })).status).toBe(204);
    await expect.poll(() => followersOf('/video-channels/root_channel'), { timeout: 30_000 }).not.toContain(gina.url);
  });
});

describe('Like, Dislike, comments and their undoing on a local video', () => {
  let video: { id: number; url: string };

  beforeAll(async () => {
    // A private video row, so other suites' public listings do not see it.
    const uuid = crypto.randomUUID();
    const url = instanceUrl(`/videos/watch/${uuid}`);
    const now = Date.now();
    const rs = await db.execute({
      sql: `INSERT INTO videos (uuid, name, channel_id, privacy, state, url, published_at, created_at, updated_at)
            SELECT ?, 'federation rate test', vc.id, 3, 1, ?, ?, ?, ? FROM video_channels vc JOIN actors a ON a.id = vc.actor_id
            WHERE a.preferred_username = 'root_channel' AND a.host IS NULL RETURNING id`,
      args: [uuid, url, now, now, now],
    });
    video = { id: Number(rs.rows[0].id), url };
  });

  afterAll(async () => {
    if (video) await db.execute({ sql: 'DELETE FROM videos WHERE id = ?', args: [video.id] });
  });

  const counts = async () => {
    const rs = await db.execute({ sql: 'SELECT likes, dislikes FROM videos WHERE id = ?', args: [video.id] });
    return { likes: Number(rs.rows[0].likes), dislikes: Number(rs.rows[0].dislikes) };
  };

  it('counts a Like, turns it into a Dislike, and undoes it', async () => {
    const like = { '@context': AS, type: 'Like', id: nextId(alice, 'likes'), actor: alice.url, object: video.url };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(like), { signer: signerOf(alice) })).status).toBe(204);
    await expect.poll(counts, { timeout: 30_000 }).toEqual({ likes: 1, dislikes: 0 });

    const dislike = { '@context': AS, type: 'Dislike', id: nextId(alice, 'dislikes'), actor: alice.url, object: video.url };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(dislike), { signer: signerOf(alice) })).status).toBe(204);
    await expect.poll(counts, { timeout: 30_000 }).toEqual({ likes: 0, dislikes: 1 });

    const undo = { '@context': AS, type: 'Undo', id: `${dislike.id}/undo`, actor: alice.url, object: dislike };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(undo), { signer: signerOf(alice) })).status).toBe(204);
    await expect.poll(counts, { timeout: 30_000 }).toEqual({ likes: 0, dislikes: 0 });
  });

  const commentRow = async (url: string) => {
    const rs = await db.execute({
      sql: 'SELECT text, in_reply_to_comment_id, origin_comment_id, deleted_at, video_id FROM comments WHERE url = ?',
      args: [url],
    });
    return rs.rows[0];
  };

  it('stores a Create(Note) as a comment, a reply in its thread, and a Delete', async () => {
    const note = {
      type: 'Note',
      id: nextId(alice, 'notes'),
      attributedTo: alice.url,
      inReplyTo: video.url,
      content: '<p>Nice <b>video</b> &amp; thanks</p>',
      published: new Date().toISOString(),
      to: ['https://www.w3.org/ns/activitystreams#Public'],
      cc: [`${alice.url}/followers`],
    };
    const create = { '@context': AS, type: 'Create', id: `${note.id}/activity`, actor: alice.url, object: note };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(create), { signer: signerOf(alice) })).status).toBe(204);
    await expect
      .poll(() => commentRow(note.id), { timeout: 30_000 })
      .toMatchObject({ text: 'Nice video & thanks', in_reply_to_comment_id: null, video_id: video.id });

    // A reply given by id only: dereferenced from its origin.
    const reply = { '@context': AS, type: 'Note', id: nextId(alice, 'notes'), attributedTo: alice.url, inReplyTo: note.id, content: 'and a reply' };
    remote.serve(reply);
    const createReply = { '@context': AS, type: 'Create', id: `${reply.id}/activity`, actor: alice.url, object: reply.id };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(createReply), { signer: signerOf(alice) })).status).toBe(204);
    await expect.poll(() => commentRow(reply.id), { timeout: 30_000 }).toBeDefined();
    const root = await db.execute({ sql: 'SELECT id FROM comments WHERE url = ?', args: [note.id] });
    expect(await commentRow(reply.id)).toMatchObject({ text: 'and a reply', in_reply_to_comment_id: root.rows[0].id, origin_comment_id: root.rows[0].id });

    // Someone else cannot delete it; its author can.
    const forgedDelete = { '@context': AS, type: 'Delete', id: nextId(mallory, 'deletes'), actor: mallory.url, object: note.id };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(forgedDelete), { signer: signerOf(mallory) })).status).toBe(204);
    const del = { '@context': AS, type: 'Delete', id: nextId(alice, 'deletes'), actor: alice.url, object: note.id };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(del), { signer: signerOf(alice) })).status).toBe(204);
    await expect.poll(async () => (await commentRow(note.id)).deleted_at, { timeout: 30_000 }).not.toBeNull();
  });

  it('ignores a Note attributed to someone else than the signer', async () => {
    const note = { type: 'Note', id: nextId(mallory, 'notes'), attributedTo: alice.url, inReplyTo: video.url, content: 'impersonation' };
    const create = { '@context': AS, type: 'Create', id: `${note.id}/activity`, actor: mallory.url, object: note };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(create), { signer: signerOf(mallory) })).status).toBe(204);
    await new Promise((r) => setTimeout(r, 500));
    expect(await commentRow(note.id)).toBeUndefined();
  });

  it('counts a View once per activity, and not a live heartbeat', async () => {
    const views = async () => Number((await db.execute({ sql: 'SELECT views FROM videos WHERE id = ?', args: [video.id] })).rows[0].views);
    const before = await views();
    const view = { '@context': AS, type: 'View', id: nextId(alice, 'views'), actor: alice.url, object: video.url };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(view), { signer: signerOf(alice) })).status).toBe(204);
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(view), { signer: signerOf(alice) })).status).toBe(204);
    const heartbeat = { ...view, id: nextId(alice, 'views'), expires: new Date(Date.now() + 60_000).toISOString() };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(heartbeat), { signer: signerOf(alice) })).status).toBe(204);
    await expect.poll(views, { timeout: 30_000 }).toBe(before + 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(await views()).toBe(before + 1);
  });

  it("does not let one actor undo another's Like", async () => {
    const like = { '@context': AS, type: 'Like', id: nextId(alice, 'likes'), actor: alice.url, object: video.url };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(like), { signer: signerOf(alice) })).status).toBe(204);
    await expect.poll(counts, { timeout: 30_000 }).toEqual({ likes: 1, dislikes: 0 });
    const undo = { '@context': AS, type: 'Undo', id: nextId(mallory, 'undos'), actor: mallory.url, object: like.id };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(undo), { signer: signerOf(mallory) })).status).toBe(204);
    await new Promise((r) => setTimeout(r, 500));
    expect(await counts()).toEqual({ likes: 1, dislikes: 0 });
  });
});

describe('forged requests are rejected or ignored, never processed', () => {
  const inbox = () => instanceUrl('/video-channels/root_channel/inbox');

  async function expectNotProcessed(activityId: string) {
    // Leave time for a (wrong) background processing to send an Accept.
    await new Promise((r) => setTimeout(r, 300));
    expect(await seen(activityId)).toBe(false);
    expect(remote.received.some(acceptsOf(activityId))).toBe(false);
  }

  /**
   * Each failure as PeerTube 6.3 answers it (server/core/middlewares/activitypub.ts, checkSignature;
   * middlewares/validators/activitypub/activity.ts; its 500 kB body limit): every signature failure
   * is 403 with PeerTube's message where it has a fixed one.
   */
  it("answers inbox failures with PeerTube's status and body", async () => {
    const ghost = `${remote.origin}/accounts/ghost`;
    type Case = { name: string; send: () => Promise<Response>; status: number; detail?: string; code?: string; activityId?: string };
    const tamper = (a: { object: string }) => ({ ...a, object: instanceUrl('/accounts/root') });
    const cases: Array<() => Case> = [
      () => {
        const a = follow(alice);
        return {
          name: 'no signature',
          activityId: a.id,
          status: 403,
          code: 'missing_signature',
          send: () => fetch(inbox(), { method: 'POST', body: JSON.stringify(a), headers: { 'content-type': 'application/activity+json' } }),
        };
      },
      () => {
        const a = follow(alice);
        return {
          name: "another key than the keyId's",
          activityId: a.id,
          status: 403,
          detail: 'Invalid signature',
          send: () => postSigned(inbox(), JSON.stringify(a), { signer: { keyId: alice.keyId, privateKeyPem: mallory.privateKeyPem } }),
        };
      },
      () => {
        const a = follow(alice);
        return {
          name: 'a body that does not match its Digest',
          activityId: a.id,
          status: 403,
          code: 'digest_mismatch',
          send: () => postSigned(inbox(), JSON.stringify(a), { signer: signerOf(alice), sendBody: JSON.stringify(tamper(a)) }),
        };
      },
      () => {
        const a = follow(alice);
        const body = JSON.stringify(tamper(a));
        return {
          name: 'a Digest replaced to match a tampered body',
          activityId: a.id,
          status: 403,
          code: 'digest_mismatch',
          send: async () =>
            postSigned(inbox(), JSON.stringify(a), {
              signer: signerOf(alice),
              sendBody: body,
              headers: { digest: `SHA-256=${Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body))).toString('base64')}` },
            }),
        };
      },
      () => {
        const a = follow(alice);
        return {
          name: 'a Date 31 minutes old',
          activityId: a.id,
          status: 403,
          code: 'date_out_of_range',
          send: () => postSigned(inbox(), JSON.stringify(a), { signer: signerOf(alice), now: Date.now() - 31 * 60_000 }),
        };
      },
      () => {
        const a = follow(alice);
        return {
          name: "a keyId on another origin than its key's owner",
          activityId: a.id,
          status: 403,
          detail: 'Invalid signature',
          send: () =>
            postSigned(inbox(), JSON.stringify(a), { signer: { keyId: `${instanceUrl('/accounts/root')}#main-key`, privateKeyPem: alice.privateKeyPem } }),
        };
      },
      () => {
        const a = { '@context': AS, type: 'Follow', id: `${ghost}/follows/1`, actor: ghost, object: channelUrl() };
        return {
          name: 'a keyId whose actor cannot be fetched',
          activityId: a.id,
          status: 403,
          detail: 'ActivityPub signature could not be checked',
          send: () => postSigned(inbox(), JSON.stringify(a), { signer: { keyId: `${ghost}#main-key`, privateKeyPem: alice.privateKeyPem } }),
        };
      },
      () => ({ name: 'malformed JSON, signed', status: 400, send: () => postSigned(inbox(), '{"type":"Follow",', { signer: signerOf(alice) }) }),
      () => ({
        name: 'an activity without id',
        status: 400,
        send: () => postSigned(inbox(), JSON.stringify({ type: 'Follow', actor: alice.url, object: channelUrl() }), { signer: signerOf(alice) }),
      }),
      () => {
        const a = { ...follow(alice), padding: 'x'.repeat(1_100_000) };
        return { name: 'an oversized body', activityId: a.id, status: 413, send: () => postSigned(inbox(), JSON.stringify(a), { signer: signerOf(alice) }) };
      },
      () => {
        const a = follow(alice);
        return {
          name: 'an unknown inbox',
          activityId: a.id,
          status: 404,
          send: () => postSigned(instanceUrl('/video-channels/nobody_here/inbox'), JSON.stringify(a), { signer: signerOf(alice) }),
        };
      },
    ];
    const got: Array<[string, number, string | undefined]> = [];
    const want: Array<[string, number, string | undefined]> = [];
    for (const make of cases) {
      const c = make();
      const res = await c.send();
      const body = (await res.json().catch(() => ({}))) as { status?: number; detail?: string; code?: string };
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      got.push([c.name, res.status, c.detail !== undefined ? body.detail : c.code !== undefined ? body.code : undefined]);
      want.push([c.name, c.status, c.detail ?? c.code]);
      if (c.status < 500) expect(body.status).toBe(c.status);
      if (c.activityId) await expectNotProcessed(c.activityId);
    }
    expect(got).toEqual(want);
  });

  it('signed by one actor for another (actor ≠ signer), not served by its origin: 202, ignored', async () => {
    const activity = follow(alice); // alice's Follow, signed by mallory; alice's server does not serve it
    const res = await postSigned(inbox(), JSON.stringify(activity), { signer: signerOf(mallory) });
    expect(res.status).toBe(202);
    await expectNotProcessed(activity.id);
    expect(await followersOf('/video-channels/root_channel')).not.toContain(mallory.url);
  });

  it('a replayed activity is processed once', async () => {
    const dave = await remote.addActor(`dave${Date.now()}`);
    const activity = follow(dave);
    const body = JSON.stringify(activity);
    expect((await postSigned(inbox(), body, { signer: signerOf(dave) })).status).toBe(204);
    await remote.waitFor(acceptsOf(activity.id));
    const replay = await postSigned(inbox(), body, { signer: signerOf(dave) });
    expect(replay.status).toBe(204);
    await new Promise((r) => setTimeout(r, 1000));
    expect(remote.received.filter(acceptsOf(activity.id))).toHaveLength(1);
  });
});
