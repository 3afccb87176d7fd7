/**
 * Comment threads against the real instance: PeerTube's REST shapes and rules, and the Note
 * served at its id. Comments that cross instances: comments-federation.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as schema from '../worker/db/schema';
import { api, instanceUrl, loginAsRoot } from './helpers/api';
import { AP, localVideo, remove, reply, thread } from './helpers/comment-threads';
import { fixturePath } from './helpers/shape';
import { isVideoCommentObjectValid } from './helpers/peertube-validators';
import { newUploader, type Uploader } from './helpers/video-uploads';

let alice: Uploader; // owns the videos
let bob: Uploader;
let carol: Uploader;
let rootToken: string;

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
