/**
 * The inbox against a fake remote instance on loopback: a valid Follow is accepted with a
 * signed Accept (as PeerTube's own verifier checks it), undone, forwarded, and survives a key
 * rotation; a remote actor's Update and Delete. Activities on videos:
 * federation-inbox-videos.test.ts; forged requests: federation-inbox-forged.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { instanceUrl } from './helpers/api';
import { postSigned } from './helpers/fake-remote-instance';
import {
  AS,
  acceptsOf,
  channelUrl,
  fetchPublicKey,
  follow,
  followersOf,
  nextId,
  signerOf,
  useInboxPeers,
  alice,
  db,
  mallory,
  remote,
} from './helpers/inbox-peers';
import { signatureOracle as oracle } from './helpers/seed-videos';

useInboxPeers();

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

  it("answers 204 to a gone actor's Delete of itself, as PeerTube 6.3 does, and processes nothing", async () => {
    // An actor we never stored, whose origin no longer serves it (404): its key cannot be had.
    // PeerTube's checkSignature (server/core/middlewares/activitypub.ts) catches the failed actor
    // fetch and answers 204 when the activity is a Delete whose object is its actor.
    const gone = `${remote.origin}/accounts/gone${Date.now()}`;
    const signer = { keyId: `${gone}#main-key`, privateKeyPem: alice.privateKeyPem };
    const del = { '@context': AS, type: 'Delete', id: `${gone}/delete`, actor: gone, object: gone };
    const res = await postSigned(instanceUrl('/inbox'), JSON.stringify(del), { signer });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    const seen = await db.execute({ sql: 'SELECT 1 FROM inbox_activities WHERE activity_id = ?', args: [del.id] });
    expect(seen.rows).toHaveLength(0);
    const stored = await db.execute({ sql: 'SELECT 1 FROM actors WHERE url = ?', args: [gone] });
    expect(stored.rows).toHaveLength(0);

    // Any other Delete from it is a signature that could not be checked: 403.
    const other = { ...del, id: `${gone}/delete-note`, object: `${gone}/notes/1` };
    const refused = await postSigned(instanceUrl('/inbox'), JSON.stringify(other), { signer });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toBe('ActivityPub signature could not be checked');
  });
});
