/**
 * A corpus of forged requests to the inbox, from a fake remote instance on loopback: each is
 * rejected as PeerTube 6.3 rejects it, or ignored, never processed, never a 5xx.
 */
import { describe, expect, it } from 'vitest';
import { instanceUrl } from './helpers/api';
import { postSigned } from './helpers/fake-remote-instance';
import { AS, acceptsOf, channelUrl, follow, followersOf, signerOf, useInboxPeers, alice, db, mallory, remote } from './helpers/inbox-peers';

useInboxPeers();

async function seen(activityId: string): Promise<boolean> {
  const rs = await db.execute({ sql: 'SELECT 1 FROM inbox_activities WHERE activity_id = ?', args: [activityId] });
  return rs.rows.length > 0;
}

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
    // The parser's own message where PeerTube answers with it (no code: PeerTube's res.fail sends none here).
    type Case = { name: string; send: () => Promise<Response>; status: number; detail?: string | RegExp; code?: string; activityId?: string };
    const tamper = (a: { object: string }) => ({ ...a, object: instanceUrl('/accounts/root') });
    const cases: Array<() => Case> = [
      () => {
        const a = follow(alice);
        return {
          name: 'no signature',
          activityId: a.id,
          status: 403,
          detail: 'no Signature header',
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
          detail: 'the Digest does not match the body',
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
          detail: 'the Digest does not match the body',
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
          detail: /^Date is 18\d\d s from now; at most 1800 s allowed$/,
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
    const want: Array<[string, number, unknown]> = [];
    for (const make of cases) {
      const c = make();
      const res = await c.send();
      const body = (await res.json().catch(() => ({}))) as { status?: number; detail?: string; code?: string };
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      got.push([c.name, res.status, c.detail !== undefined ? body.detail : c.code !== undefined ? body.code : undefined]);
      want.push([c.name, c.status, c.detail instanceof RegExp ? expect.stringMatching(c.detail) : (c.detail ?? c.code)]);
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
