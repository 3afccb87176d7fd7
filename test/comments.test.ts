/**
 * Comment threads against the real instance: PeerTube's REST shapes and rules, the Note
 * served at its id, and a comment on a remote video delivered signed to its origin.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, instanceUrl, loginAsRoot } from './helpers/api';
import { waitFor } from './helpers/internal';
import { fixturePath } from './helpers/shape';
import { isVideoCommentObjectValid } from './helpers/peertube-validators';
import { newUploader, type Uploader } from './helpers/video-uploads';
import { postSigned, startFakeRemote, type FakeActor, type FakeRemote } from './helpers/fake-remote-instance';
import * as schema from '../worker/db/schema';
import { seedLocalVideo, seedRemoteVideo, signatureOracle } from './helpers/seed-videos';

const oracle = signatureOracle;
const AP = { accept: 'application/activity+json' };

let alice: Uploader; // owns the videos
let bob: Uploader;
let carol: Uploader;
let rootToken: string;

const localVideo = (owner: Uploader, values: Partial<schema.NewVideo> = {}) => seedLocalVideo(owner, values, 'comments');

const remoteVideo = seedRemoteVideo;

const thread = (videoId: string | number, token: string | undefined, text: string) =>
  api(`/api/v1/videos/${videoId}/comment-threads`, { method: 'POST', token, json: { text } });
const reply = (videoId: string | number, commentId: number, token: string | undefined, text: string) =>
  api(`/api/v1/videos/${videoId}/comments/${commentId}`, { method: 'POST', token, json: { text } });
const remove = (videoId: string | number, commentId: number, token: string | undefined) =>
  api(`/api/v1/videos/${videoId}/comments/${commentId}`, { method: 'DELETE', token });

beforeAll(async () => {
  [alice, bob, carol] = await Promise.all([newUploader(), newUploader(), newUploader()]);
  rootToken = await loginAsRoot();
});

describe('comment threads', () => {
  let video: schema.Video;
  let first: any;
  let second: any;

  beforeAll(async () => {
    video = await localVideo(alice);
  });

  it("creates a thread and answers PeerTube's VideoComment", async () => {
    const res = await thread(video.uuid, bob.token, 'First! *markdown* <b>kept as text</b>');
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    first = res.data.comment;
    expect(Object.keys(first).sort()).toEqual([
      'account',
      'createdAt',
      'deletedAt',
      'heldForReview',
      'id',
      'inReplyToCommentId',
      'isDeleted',
      'text',
      'threadId',
      'totalReplies',
      'totalRepliesFromVideoAuthor',
      'updatedAt',
      'url',
      'videoId',
    ]);
    expect(first).toMatchObject({
      text: 'First! *markdown* <b>kept as text</b>',
      threadId: first.id,
      inReplyToCommentId: null,
      videoId: video.id,
      deletedAt: null,
      isDeleted: false,
      totalReplies: 0,
      totalRepliesFromVideoAuthor: 0,
      heldForReview: false,
      url: instanceUrl(`/videos/watch/${video.uuid}/comments/${first.id}`),
      account: { id: bob.accountId, name: bob.username, host: new URL(instanceUrl()).host },
    });
    second = (await thread(video.id, carol.token, 'second thread')).data.comment;
    expect(second.id).toBeGreaterThan(first.id);
  });

  it('lists threads newest first, oldest first, and by replies', async () => {
    const res = await api(`/api/v1/videos/${video.uuid}/comment-threads`);
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ total: 2, totalNotDeletedComments: 2 });
    expect(res.data.data.map((c: any) => c.id)).toEqual([second.id, first.id]);
    const asc = await api(`/api/v1/videos/${video.uuid}/comment-threads?sort=createdAt`);
    expect(asc.data.data.map((c: any) => c.id)).toEqual([first.id, second.id]);
    const page = await api(`/api/v1/videos/${video.uuid}/comment-threads?start=1&count=1`);
    expect(page.data.total).toBe(2);
    expect(page.data.data.map((c: any) => c.id)).toEqual([first.id]);
  });

  it('answers replies and returns the thread as a tree', async () => {
    const r1 = await reply(video.uuid, first.id, alice.token, 'reply from the video author');
    expect(r1.status, JSON.stringify(r1.data)).toBe(200);
    expect(r1.data.comment).toMatchObject({ threadId: first.id, inReplyToCommentId: first.id });
    const r2 = await reply(video.uuid, r1.data.comment.id, carol.token, 'reply to the reply');
    expect(r2.data.comment).toMatchObject({ threadId: first.id, inReplyToCommentId: r1.data.comment.id });

    const tree = await api(`/api/v1/videos/${video.uuid}/comment-threads/${first.id}`);
    expect(tree.status).toBe(200);
    expect(tree.data.comment).toMatchObject({ id: first.id, totalReplies: 2, totalRepliesFromVideoAuthor: 1 });
    expect(tree.data.children).toHaveLength(1);
    expect(tree.data.children[0].comment.id).toBe(r1.data.comment.id);
    expect(tree.data.children[0].children.map((c: any) => c.comment.id)).toEqual([r2.data.comment.id]);
    expect(tree.data.children[0].children[0].children).toEqual([]);

    const byReplies = await api(`/api/v1/videos/${video.uuid}/comment-threads?sort=-totalReplies`);
    expect(byReplies.data.data.map((c: any) => c.id)).toEqual([first.id, second.id]);
    expect(byReplies.data.totalNotDeletedComments).toBe(4);
  });

  it('lets the author, the video owner and moderators delete, nobody else; deleted comments stay in their thread', async () => {
    const other = (await reply(video.uuid, first.id, bob.token, 'to be deleted by its author')).data.comment;
    const byOwner = (await reply(video.uuid, first.id, carol.token, 'to be deleted by the video owner')).data.comment;
    const byRoot = (await thread(video.uuid, carol.token, 'to be deleted by a moderator')).data.comment;

    expect((await remove(video.uuid, other.id, carol.token)).status).toBe(403);
    expect((await remove(video.uuid, other.id, undefined)).status).toBe(401);
    expect((await remove(video.uuid, other.id, bob.token)).status).toBe(204);
    expect((await remove(video.uuid, other.id, bob.token)).status).toBe(409);
    expect((await remove(video.uuid, byOwner.id, alice.token)).status).toBe(204);
    expect((await remove(video.uuid, byRoot.id, rootToken)).status).toBe(204);

    const tree = await api(`/api/v1/videos/${video.uuid}/comment-threads/${first.id}`);
    const deleted = tree.data.children.find((c: any) => c.comment.id === other.id).comment;
    expect(deleted).toMatchObject({ isDeleted: true, text: '', account: null });
    expect(Date.parse(deleted.deletedAt)).toBeGreaterThan(0);

    // A deleted thread without replies leaves the list; one with replies stays, deleted.
    expect((await remove(video.uuid, first.id, bob.token)).status).toBe(204);
    const list = await api(`/api/v1/videos/${video.uuid}/comment-threads?count=100`);
    const ids = list.data.data.map((c: any) => c.id);
    expect(ids).toContain(first.id);
    expect(ids).not.toContain(byRoot.id);
    expect(list.data.data.find((c: any) => c.id === first.id)).toMatchObject({ isDeleted: true, text: '' });
    expect(list.data.totalNotDeletedComments).toBe(3);
    expect((await reply(video.uuid, first.id, carol.token, 'reply to a deleted comment')).status).toBe(409);
  });

  it('rejects bad input as PeerTube does', async () => {
    const empty = await thread(video.uuid, bob.token, '');
    expect(empty.status).toBe(400);
    expect(empty.data['invalid-params']).toHaveProperty('text');
    expect((await thread(video.uuid, bob.token, 'x'.repeat(10_001))).status).toBe(400);
    expect((await thread(video.uuid, bob.token, 'x'.repeat(10_000))).status).toBe(200);
    expect((await api(`/api/v1/videos/${video.uuid}/comment-threads`, { method: 'POST', token: bob.token, json: {} })).status).toBe(400);
    const badVideo = await thread('not-a-video-id', bob.token, 'hello');
    expect(badVideo.status).toBe(400);
    expect(badVideo.data['invalid-params']).toHaveProperty('id');
    const badThread = await api(`/api/v1/videos/${video.uuid}/comment-threads/abc`);
    expect(badThread.status).toBe(400);
    expect(badThread.data['invalid-params']).toHaveProperty('threadId');
    expect((await reply(video.uuid, 0, bob.token, 'hello')).status).toBe(400);
    expect((await thread(randomUUID(), bob.token, 'hello')).status).toBe(404);
    expect((await api(`/api/v1/videos/${randomUUID()}/comment-threads`)).status).toBe(404);
    expect((await api(`/api/v1/videos/${video.uuid}/comment-threads/999999999`)).status).toBe(404);
    expect((await reply(video.uuid, 999999999, bob.token, 'hello')).status).toBe(404);
    expect((await thread(video.uuid, undefined, 'anonymous')).status).toBe(401);
    expect((await thread(video.uuid, bob.token, 'x')).headers.get('content-type')).toMatch(/json/);
  });

  it('refuses comments when the video disables them (409), and lists none', async () => {
    const closed = await localVideo(alice, { commentsPolicy: 2 });
    const res = await thread(closed.uuid, bob.token, 'hello');
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await api(`/api/v1/videos/${closed.uuid}/comment-threads`)).data).toMatchObject({ total: 0, data: [] });
  });

  it('keeps the comments of a private video to those who may see it', async () => {
    const secret = await localVideo(alice, { privacy: 3 });
    expect((await thread(secret.uuid, alice.token, 'note to self')).status).toBe(200);
    expect((await api(`/api/v1/videos/${secret.uuid}/comment-threads`, { token: alice.token })).data.total).toBe(1);
    expect((await api(`/api/v1/videos/${secret.uuid}/comment-threads`, { token: bob.token })).status).toBe(403);
    expect((await api(`/api/v1/videos/${secret.uuid}/comment-threads`)).status).toBe(401);
    expect((await thread(secret.uuid, bob.token, 'let me in')).status).toBe(403);
    expect((await api(`/api/v1/videos/${secret.uuid}/comment-threads`, { token: rootToken })).status).toBe(200);
  });
});

describe('comments as ActivityPub Notes', () => {
  it('serves a Note at its id with the field set PeerTube accepted, and a Tombstone once deleted', async () => {
    const video = await localVideo(alice);
    const root = (await thread(video.uuid, bob.token, 'Hello\n\nworld & <friends>')).data.comment;
    const child = (await reply(video.uuid, root.id, carol.token, 'a reply')).data.comment;

    const res = await api(new URL(root.url).pathname, { headers: AP });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/activity\+json/);
    const note = res.data;
    const fixture = JSON.parse(JSON.parse(await readFile(fixturePath('signed/accepted-by-peertube-comment.json'), 'utf8')).body).object;
    expect(Object.keys(note)).toEqual(expect.arrayContaining(Object.keys(fixture)));
    const bobUrl = instanceUrl(`/accounts/${bob.username}`);
    expect(note).toMatchObject({
      type: 'Note',
      id: root.url,
      url: root.url,
      attributedTo: bobUrl,
      inReplyTo: video.url,
      // PeerTube's own shape (video-comment.ts, toActivityPubObject): the Markdown as typed.
      content: 'Hello\n\nworld & <friends>',
      mediaType: 'text/markdown',
      to: ['https://www.w3.org/ns/activitystreams#Public'],
      published: root.createdAt,
      updated: root.updatedAt,
    });
    expect(note.cc).toContain(`${bobUrl}/followers`);
    expect(note).not.toHaveProperty('source');
    expect(isVideoCommentObjectValid(note)).toBe(true);

    const childNote = (await api(new URL(child.url).pathname, { headers: AP })).data;
    expect(childNote).toMatchObject({ inReplyTo: root.url, tag: [{ type: 'Mention', href: bobUrl, name: `@${bob.username}@${new URL(instanceUrl()).host}` }] });

    // A browser is sent to the watch page.
    const html = await fetch(instanceUrl(new URL(root.url).pathname), { redirect: 'manual' });
    expect(html.status).toBe(302);
    expect(html.headers.get('location')).toBe(`/w/${video.uuid}`);

    expect((await remove(video.uuid, root.id, bob.token)).status).toBe(204);
    const tomb = await api(new URL(root.url).pathname, { headers: AP });
    expect(tomb.status).toBe(200);
    expect(tomb.data).toMatchObject({ type: 'Tombstone', formerType: 'Note', id: root.url, inReplyTo: video.url });
    expect(tomb.data.content).toBeUndefined();

    expect((await api(`/videos/watch/${video.uuid}/comments/999999999`, { headers: AP })).status).toBe(404);
    expect((await api(`/videos/watch/${randomUUID()}/comments/${child.id}`, { headers: AP })).status).toBe(404);
    const secret = await localVideo(alice, { privacy: 3 });
    const hidden = (await thread(secret.uuid, alice.token, 'private')).data.comment;
    expect((await api(new URL(hidden.url).pathname, { headers: AP })).status).toBe(404);
  });
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
    const video = await remoteVideo(remote, owner);
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
    const follow = {
      '@context': AS,
      type: 'Follow',
      id: `${fan.url}/follows/${Date.now()}`,
      actor: fan.url,
      object: instanceUrl(`/video-channels/${alice.channelName}`),
    };
    const res = await postSigned(instanceUrl('/inbox'), JSON.stringify(follow), { signer: { keyId: fan.keyId, privateKeyPem: fan.privateKeyPem } });
    expect(res.status).toBe(204);
    await remote.waitFor((r) => r.method === 'POST' && r.body.includes('"Accept"') && r.body.includes(follow.id));
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
    const noteId = `${fan.url}/notes/${Date.now()}`;
    const note = {
      id: noteId,
      type: 'Note',
      attributedTo: fan.url,
      inReplyTo: video.url,
      content: '<p>Hi from <em>afar</em></p>',
      published: new Date().toISOString(),
      url: noteId,
      to: [`${AS}#Public`],
      cc: [`${fan.url}/followers`],
    };
    remote.serve(note);
    const create = { '@context': AS, id: `${noteId}/activity`, type: 'Create', actor: fan.url, to: note.to, cc: note.cc, object: note };
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
