/**
 * Activities on a local video through the inbox, from a fake remote instance on loopback:
 * Like, Dislike, Create(Note) and their undoing, View, and what a forger may not do to them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceUrl } from './helpers/api';
import { postSigned } from './helpers/fake-remote-instance';
import { AS, nextId, signerOf, useInboxPeers, alice, db, mallory, remote } from './helpers/inbox-peers';

useInboxPeers();

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

  it('takes a Like again under the id it had before its Undo, as PeerTube names likes (<actor>/likes/<video id>)', async () => {
    const like = { '@context': AS, type: 'Like', id: `${alice.url}/likes/${video.id}`, actor: alice.url, object: video.url };
    const undo = { '@context': AS, type: 'Undo', id: `${like.id}/undo`, actor: alice.url, object: like };
    const post = (activity: object) => postSigned(instanceUrl('/inbox'), JSON.stringify(activity), { signer: signerOf(alice) });
    for (const round of [1, 2]) {
      expect((await post(like)).status).toBe(204);
      await expect.poll(counts, { timeout: 30_000, message: `like, round ${round}` }).toEqual({ likes: 1, dislikes: 0 });
      expect((await post(undo)).status).toBe(204);
      await expect.poll(counts, { timeout: 30_000, message: `undo, round ${round}` }).toEqual({ likes: 0, dislikes: 0 });
    }
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
