/**
 * Comments across instances, against a fake remote instance on loopback: a comment on a remote
 * video delivered signed to its origin, and comments on a local video delivered to, and received
 * from, the remote followers of its channel.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as schema from '../worker/db/schema';
import { api, instanceUrl } from './helpers/api';
import { AP, followLocalChannel, localVideo, remoteNoteCreate, remove, reply, thread } from './helpers/comment-threads';
import { postSigned, startFakeRemote, type FakeActor, type FakeRemote } from './helpers/fake-remote-instance';
import { waitFor } from './helpers/internal';
import { isVideoCommentObjectValid } from './helpers/peertube-validators';
import { seedRemoteVideo, signatureOracle as oracle } from './helpers/seed-videos';
import { newUploader, type Uploader } from './helpers/video-uploads';

let alice: Uploader; // owns the local video
let bob: Uploader;
let carol: Uploader;

beforeAll(async () => {
  [alice, bob, carol] = await Promise.all([newUploader(), newUploader(), newUploader()]);
});

describe('comments on a remote video', () => {
  let remote: FakeRemote;
  let owner: FakeActor;

  beforeAll(async () => {
    remote = await startFakeRemote();
    owner = await remote.addActor(`owner${Date.now().toString(36)}`);
  });
  afterAll(async () => {
    await remote?.close();
  });

  it('delivers Create(Note) signed by the commenter to the origin, then Delete', async () => {
    const video = await seedRemoteVideo(remote, owner);
    const res = await thread(video.uuid, bob.token, 'Hello from edgetube');
    expect(res.status).toBe(200);
    const comment = res.data.comment;
    expect(comment.url).toBe(instanceUrl(`/videos/watch/${video.uuid}/comments/${comment.id}`));

    const create = await remote.waitFor((r) => r.method === 'POST' && r.body.includes('"Create"') && r.body.includes(comment.url));
    expect(create.path).toBe('/inbox');
    const bobUrl = instanceUrl(`/accounts/${bob.username}`);
    const activity = JSON.parse(create.body);
    expect(activity).toMatchObject({
      type: 'Create',
      id: `${comment.url}/activity`,
      actor: bobUrl,
      to: ['https://www.w3.org/ns/activitystreams#Public'],
      object: { type: 'Note', id: comment.url, attributedTo: bobUrl, inReplyTo: video.url, content: 'Hello from edgetube', mediaType: 'text/markdown' },
    });
    expect(activity.cc).toEqual(expect.arrayContaining([`${bobUrl}/followers`, `${owner.url}/followers`]));
    const parsed = oracle.parseRequest(create.req, { clockSkew: 1800, headers: ['(request-target)', 'host', 'date', 'digest'] });
    expect(parsed.params.keyId).toBe(`${bobUrl}#main-key`);
    const actor = await api(new URL(bobUrl).pathname, { headers: AP });
    expect(oracle.verifySignature(parsed, actor.data.publicKey.publicKeyPem)).toBe(true);

    // The origin dereferences the Note before accepting it: it is served at its id, equal to what was sent.
    const served = await api(new URL(comment.url).pathname, { headers: AP });
    const { '@context': _ctx, ...servedNote } = served.data;
    expect(servedNote).toEqual(activity.object);

    expect((await remove(video.uuid, comment.id, bob.token)).status).toBe(204);
    const del = await remote.waitFor((r) => r.method === 'POST' && r.body.includes('"Delete"') && r.body.includes(comment.url));
    expect(JSON.parse(del.body)).toMatchObject({ type: 'Delete', id: `${comment.url}/delete`, actor: bobUrl, object: comment.url });
  });
});

describe('comments on a local video, across instances', () => {
  let remote: FakeRemote;
  let fan: FakeActor;
  let video: schema.Video;
  const AS = 'https://www.w3.org/ns/activitystreams';

  beforeAll(async () => {
    remote = await startFakeRemote();
    fan = await remote.addActor(`fan${Date.now().toString(36)}`);
    video = await localVideo(alice);
    // The fan follows alice's channel, as a PeerTube instance would.
    await followLocalChannel(remote, fan, alice.channelName);
  });
  afterAll(async () => {
    await remote?.close();
  });

  it("delivers a comment to the remote followers of the video's channel", async () => {
    const comment = (await thread(video.uuid, carol.token, 'local comment, remote readers')).data.comment;
    const create = await remote.waitFor((r) => r.method === 'POST' && r.body.includes('"Create"') && r.body.includes(comment.url));
    expect(create.path).toBe('/inbox');
    expect(JSON.parse(create.body)).toMatchObject({ actor: instanceUrl(`/accounts/${carol.username}`), object: { type: 'Note', inReplyTo: video.url } });
  });

  it('keeps the Markdown of a Note shaped as PeerTube shapes its own, as PeerTube shows it', async () => {
    // server/core/models/video/video-comment.ts, toActivityPubObject, with its audience.
    const noteId = `${remote.origin}/videos/watch/${randomUUID()}/comments/${Date.now()}`;
    const text = '**Nice** video & <3 thanks\n\nsee <https://example.org>';
    const note = {
      type: 'Note',
      id: noteId,
      content: text,
      mediaType: 'text/markdown',
      inReplyTo: video.url,
      updated: new Date().toISOString(),
      published: new Date().toISOString(),
      url: noteId,
      attributedTo: fan.url,
      tag: [],
      to: [`${AS}#Public`],
      cc: [`${fan.url}/followers`],
    };
    expect(isVideoCommentObjectValid(note)).toBe(true);
    const create = { '@context': AS, id: `${noteId}/activity`, type: 'Create', actor: fan.url, to: note.to, cc: note.cc, object: note };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(create), { signer: { keyId: fan.keyId, privateKeyPem: fan.privateKeyPem } })).status).toBe(
      204,
    );
    const stored = await waitFor(
      'the PeerTube-shaped comment',
      async () => {
        const list = await api(`/api/v1/videos/${video.uuid}/comment-threads?count=100`);
        return list.data.data.find((c: any) => c.url === noteId);
      },
      { timeoutMs: 30_000 },
    );
    expect(stored.text).toBe(text);

    // Not held here: approved at once, unicast to its author as PeerTube does, and served at its id.
    const approval = await remote.waitFor((r) => r.method === 'POST' && r.body.includes('"ApproveReply"') && r.body.includes(noteId));
    expect(approval.path).toBe(`/accounts/${fan.name}/inbox`);
    const activity = JSON.parse(approval.body);
    expect(activity).toMatchObject({
      type: 'ApproveReply',
      id: `${video.url}/comments/${stored.id}/approve-reply`,
      actor: instanceUrl(`/accounts/${alice.username}`),
      inReplyTo: video.url,
      object: noteId,
    });
    const served = await api(new URL(activity.id).pathname, { headers: AP });
    expect(served.status).toBe(200);
    expect(served.data).toEqual(activity);
  });

  it('shows a remote Note from the inbox in the thread API, answers it to its author, and follows its Delete', async () => {
    const { noteId, note, create } = remoteNoteCreate(fan, video.url, '<p>Hi from <em>afar</em></p>');
    remote.serve(note);
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(create), { signer: { keyId: fan.keyId, privateKeyPem: fan.privateKeyPem } })).status).toBe(
      204,
    );

    const remoteComment = await waitFor(
      'the remote comment',
      async () => {
        const list = await api(`/api/v1/videos/${video.uuid}/comment-threads?count=100`);
        return list.data.data.find((c: any) => c.url === noteId);
      },
      { timeoutMs: 30_000 },
    );
    expect(remoteComment).toMatchObject({ text: 'Hi from afar', isDeleted: false, account: { name: fan.name, host: new URL(remote.origin).host } });

    // A local reply goes to the remote author too, mentioning them.
    const answer = (await reply(video.uuid, remoteComment.id, bob.token, 'welcome')).data.comment;
    const delivered = await remote.waitFor((r) => r.method === 'POST' && r.body.includes(answer.url));
    expect(JSON.parse(delivered.body).object).toMatchObject({ inReplyTo: noteId, tag: [{ type: 'Mention', href: fan.url }] });

    const del = { '@context': AS, id: `${noteId}/delete`, type: 'Delete', actor: fan.url, to: [`${AS}#Public`], object: noteId };
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(del), { signer: { keyId: fan.keyId, privateKeyPem: fan.privateKeyPem } })).status).toBe(204);
    const tree = await waitFor(
      'the remote delete',
      async () => {
        const t = await api(`/api/v1/videos/${video.uuid}/comment-threads/${remoteComment.id}`);
        return t.data.comment.isDeleted ? t.data : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(tree.comment).toMatchObject({ text: '', account: null });
    expect(tree.children.map((c: any) => c.comment.id)).toEqual([answer.id]);
  });
});
