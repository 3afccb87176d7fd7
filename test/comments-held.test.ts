/**
 * Comments held for review (a video whose commentsPolicy is 3, PeerTube 6.3's REQUIRES_APPROVAL):
 * only the video's owner, moderators and the comment's author see one, in every read path (thread
 * lists and trees, their counts, the watch page, the comments feed, the video's AP comments
 * collection and the Note at its id), until the owner approves it; approval shows it to all, the
 * edge-cached anonymous list included, and federates it (Create for ours, ApproveReply for a remote
 * one). server/core/models/video/video-comment.ts (listThreadsForApi, listAndCountByVideoForAP,
 * listForFeed), server/core/lib/video-comment.ts (shouldCommentBeHeldForReview, approveComment).
 */
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../worker/db/schema';
import { api, instanceUrl, loginAsRoot, newModerator } from './helpers/api';
import { AP, followLocalChannel, localVideo, remoteNoteCreate, reply, thread } from './helpers/comment-threads';
import { postSigned, startFakeRemote, type FakeActor, type FakeRemote } from './helpers/fake-remote-instance';
import { testDb, waitFor } from './helpers/internal';
import { newUploader, PASSWORD, type Uploader } from './helpers/video-uploads';
import { pageSessionCookie } from './helpers/page-session';

const REQUIRES_APPROVAL = 3;
const { db, close } = testDb();

let alice: Uploader; // owns the video
let bob: Uploader; // comments, held
let carol: Uploader; // another user
let moderatorToken: string;

beforeAll(async () => {
  [alice, bob, carol] = await Promise.all([newUploader(), newUploader(), newUploader()]);
  moderatorToken = await newModerator(await loginAsRoot());
});
afterAll(() => close());

const threads = (uuid: string, token?: string) => api(`/api/v1/videos/${uuid}/comment-threads?count=100`, { token });
const tree = (uuid: string, id: number, token?: string) => api(`/api/v1/videos/${uuid}/comment-threads/${id}`, { token });
const approve = (uuid: string, id: number, token?: string) => api(`/api/v1/videos/${uuid}/comments/${id}/approve`, { method: 'POST', token });
const ids = (res: { data: any }) => res.data.data.map((c: any) => c.id);
const raw = async (path: string, accept?: string) => {
  const res = await fetch(instanceUrl(path), { headers: accept ? { accept } : {} });
  return { status: res.status, text: await res.text(), cache: res.headers.get('x-edge-cache') };
};

describe('a comment held for review on a local video', () => {
  let video: schema.Video;
  let held: any; // bob's thread
  let ownThread: any; // alice's, never held
  let heldReply: any; // bob's reply to alice's thread

  beforeAll(async () => {
    video = await localVideo(alice, { commentsPolicy: REQUIRES_APPROVAL });
    held = (await thread(video.uuid, bob.token, `held thread ${video.uuid}`)).data.comment;
    ownThread = (await thread(video.uuid, alice.token, 'the owner is never held')).data.comment;
    heldReply = (await reply(video.uuid, ownThread.id, bob.token, `held reply ${video.uuid}`)).data.comment;
  });

  it('is held for anyone but the owner and moderators, and its author sees it with heldForReview', async () => {
    expect(held).toMatchObject({ heldForReview: true, account: { id: bob.accountId } });
    expect(heldReply.heldForReview).toBe(true);
    expect(ownThread.heldForReview).toBe(false);
    // The owner hears of it, told that it waits for review (PeerTube's notification comment.heldForReview).
    const notifications = await api('/api/v1/users/me/notifications?count=50', { token: alice.token });
    expect(notifications.data.data.find((n: any) => n.comment?.id === held.id)).toMatchObject({ type: 2, comment: { heldForReview: true } });
    const byModerator = (await thread(video.uuid, moderatorToken, 'a moderator is never held')).data.comment;
    expect(byModerator.heldForReview).toBe(false);
    await api(`/api/v1/videos/${video.uuid}/comments/${byModerator.id}`, { method: 'DELETE', token: moderatorToken });
  });

  it('is listed to its author, the owner and moderators only, and counted for them only', async () => {
    for (const token of [undefined, carol.token]) {
      const res = await threads(video.uuid, token);
      expect(res.status).toBe(200);
      expect(ids(res)).toEqual([ownThread.id]);
      expect(res.data).toMatchObject({ total: 1, totalNotDeletedComments: 1 });
      expect(res.data.data[0]).toMatchObject({ totalReplies: 0, totalRepliesFromVideoAuthor: 0 });
      expect(JSON.stringify(res.data)).not.toMatch(/held (thread|reply)/);
    }
    const asAuthor = await threads(video.uuid, bob.token);
    expect(ids(asAuthor).sort()).toEqual([held.id, ownThread.id].sort());
    expect(asAuthor.data).toMatchObject({ total: 2, totalNotDeletedComments: 3 });
    expect(asAuthor.data.data.find((c: any) => c.id === held.id).heldForReview).toBe(true);
    for (const token of [alice.token, moderatorToken]) {
      const res = await threads(video.uuid, token);
      expect(res.data).toMatchObject({ total: 2, totalNotDeletedComments: 3 });
      expect(res.data.data.find((c: any) => c.id === held.id)).toMatchObject({ heldForReview: true, text: `held thread ${video.uuid}` });
      expect(res.data.data.find((c: any) => c.id === ownThread.id).totalReplies).toBe(1);
    }
  });

  it('is left out of thread trees for others: a held root is 404, a held reply absent', async () => {
    expect((await tree(video.uuid, held.id)).status).toBe(404);
    expect((await tree(video.uuid, held.id, carol.token)).status).toBe(404);
    expect((await tree(video.uuid, held.id, bob.token)).data.comment).toMatchObject({ id: held.id, heldForReview: true });
    expect((await tree(video.uuid, ownThread.id, carol.token)).data.children).toEqual([]);
    const ownerView = await tree(video.uuid, ownThread.id, alice.token);
    expect(ownerView.data.children.map((c: any) => c.comment)).toMatchObject([{ id: heldReply.id, heldForReview: true }]);
    // The owner's reply under the held one is hidden with it from others (PeerTube's buildFormattedCommentTree).
    const nested = (await reply(video.uuid, heldReply.id, alice.token, 'under a held reply')).data.comment;
    expect(nested.heldForReview).toBe(false);
    expect((await tree(video.uuid, ownThread.id)).data.children).toEqual([]);
    expect((await tree(video.uuid, ownThread.id, alice.token)).data.children[0].children.map((c: any) => c.comment.id)).toEqual([nested.id]);
    await api(`/api/v1/videos/${video.uuid}/comments/${nested.id}`, { method: 'DELETE', token: alice.token });
  });

  it('is absent from the watch page, the comments feed, the AP comments collection and its Note URL', async () => {
    const page = await raw(`/w/${video.uuid}`, 'text/html');
    expect(page.status).toBe(200);
    expect(page.text).toContain('the owner is never held');
    expect(page.text).not.toContain(`held thread ${video.uuid}`);
    const feed = await raw(`/feeds/video-comments.json?videoId=${video.uuid}`);
    expect(feed.text).toContain('the owner is never held');
    expect(feed.text).not.toMatch(/held (thread|reply)/);
    const collection = await api(`/videos/watch/${video.uuid}/comments?page=1`, { headers: AP });
    expect(collection.data.orderedItems).toEqual([ownThread.url]);
    expect((await api(`/videos/watch/${video.uuid}/comments`, { headers: AP })).data.totalItems).toBe(1);
    expect((await api(new URL(held.url).pathname, { headers: AP })).status).toBe(404);
  });

  it("is approved by the owner or a moderator only, with PeerTube's answers", async () => {
    expect((await approve(video.uuid, held.id)).status).toBe(401);
    const other = await approve(video.uuid, held.id, carol.token);
    expect(other.status).toBe(403);
    expect(other.data.detail).toBe('Cannot approve video comment of another user');
    expect((await approve(video.uuid, held.id, bob.token)).status).toBe(403);
    const notHeld = await approve(video.uuid, ownThread.id, alice.token);
    expect(notHeld.status).toBe(400);
    expect(notHeld.data.detail).toBe('This comment is not held for review');
    expect((await approve(video.uuid, 999_999_999, alice.token)).status).toBe(404);
    const gone = (await thread(video.uuid, bob.token, 'deleted before review')).data.comment;
    await api(`/api/v1/videos/${video.uuid}/comments/${gone.id}`, { method: 'DELETE', token: bob.token });
    expect((await approve(video.uuid, gone.id, alice.token)).status).toBe(409);
  });

  it('shows an approved comment to all, through the edge cache, and not before', async () => {
    // Fill the anonymous cache with the list that leaves it out.
    const path = `/api/v1/videos/${video.uuid}/comment-threads?count=100`;
    // Bounded: a job finishing meanwhile (a write) may start a new generation.
    const cached = await waitFor('a cached list', async () => {
      const hit = await raw(path);
      return hit.cache === 'HIT' && hit;
    });
    expect(cached.text).not.toContain(`held thread ${video.uuid}`);

    expect((await approve(video.uuid, held.id, alice.token)).status).toBe(204);
    expect((await approve(video.uuid, heldReply.id, moderatorToken)).status).toBe(204);
    const after = JSON.parse((await raw(path)).text);
    expect(after.data.map((c: any) => c.id).sort()).toEqual([held.id, ownThread.id].sort());
    expect(after.data.find((c: any) => c.id === held.id).heldForReview).toBe(false);
    expect(after.data.find((c: any) => c.id === ownThread.id).totalReplies).toBe(1);
    expect((await tree(video.uuid, held.id)).status).toBe(200);
    expect((await api(new URL(held.url).pathname, { headers: AP })).status).toBe(200);
    expect((await raw(`/feeds/video-comments.json?videoId=${video.uuid}`)).text).toContain(`held thread ${video.uuid}`);
    expect((await approve(video.uuid, held.id, alice.token)).status).toBe(400);
  });
});

describe('held comments on the watch page', () => {
  it('are marked for their author, and approved by the owner through the page', async () => {
    const video = await localVideo(alice, { commentsPolicy: REQUIRES_APPROVAL });
    const held = (await thread(video.uuid, bob.token, 'held, seen on the page')).data.comment;
    const page = async (cookie?: string) =>
      (await fetch(instanceUrl(`/w/${video.uuid}`), { headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } })).text();
    const [bobCookie, aliceCookie] = await Promise.all([
      pageSessionCookie(instanceUrl(), bob.username, PASSWORD),
      pageSessionCookie(instanceUrl(), alice.username, PASSWORD),
    ]);
    const approveAction = `/comments/${held.id}/approve"`;

    const asAuthor = await page(bobCookie);
    expect(asAuthor).toContain('held, seen on the page');
    expect(asAuthor).toContain('<p class="held">Awaiting approval');
    expect(asAuthor).not.toContain(approveAction);
    expect(await page()).not.toContain('held, seen on the page');

    const asOwner = await page(aliceCookie);
    expect(asOwner).toContain(approveAction);
    const token = /name="_csrf" value="([0-9a-f]+)"/.exec(asOwner)![1];
    const post = (cookie: string) =>
      fetch(instanceUrl(`/w/${video.uuid}/comments/${held.id}/approve`), {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: token }),
      });
    expect((await post(aliceCookie)).status).toBe(303);
    const after = await page();
    expect(after).toContain('held, seen on the page');
    expect(after).not.toContain('class="held"');
  });
});

describe('GET /users/me/videos/comments', () => {
  it("lists the comments on the caller's videos, held ones included, with PeerTube's filters", async () => {
    const owner = await newUploader();
    const video = await localVideo(owner, { commentsPolicy: REQUIRES_APPROVAL });
    const other = await localVideo(alice);
    const held = (await thread(video.uuid, bob.token, 'waiting on my video')).data.comment;
    const mine = (await thread(video.uuid, owner.token, 'the owner speaks')).data.comment;
    await thread(other.uuid, bob.token, 'on somebody else video');
    const list = (query = '') => api(`/api/v1/users/me/videos/comments${query}`, { token: owner.token });

    const all = await list();
    expect(all.status).toBe(200);
    expect(all.data.total).toBe(2);
    expect(all.data.data.map((c: any) => c.id)).toEqual([mine.id, held.id]);
    expect(Object.keys(all.data.data[1]).sort()).toEqual(
      ['account', 'automaticTags', 'createdAt', 'heldForReview', 'id', 'inReplyToCommentId', 'text', 'threadId', 'updatedAt', 'url', 'video', 'videoId'].sort(),
    );
    expect(all.data.data[1]).toMatchObject({
      text: 'waiting on my video',
      heldForReview: true,
      automaticTags: [],
      video: { id: video.id, uuid: video.uuid, name: video.name },
      account: { id: bob.accountId },
    });
    expect((await list('?isHeldForReview=true')).data.data.map((c: any) => c.id)).toEqual([held.id]);
    expect((await list('?isHeldForReview=false')).data.data.map((c: any) => c.id)).toEqual([mine.id]);
    expect((await list('?search=WAITING')).data.data.map((c: any) => c.id)).toEqual([held.id]);
    expect((await list(`?searchAccount=${bob.username}`)).data.data.map((c: any) => c.id)).toEqual([held.id]);
    expect((await list('?start=1&count=1&sort=createdAt')).data).toMatchObject({ total: 2, data: [{ id: mine.id }] });
    expect((await list('?isHeldForReview=maybe')).status).toBe(400);
    expect((await api('/api/v1/users/me/videos/comments')).status).toBe(401);
    expect((await api('/api/v1/users/me/videos/comments', { token: bob.token })).data.data.some((c: any) => c.id === held.id)).toBe(false);
  });
});

describe('held comments across instances', () => {
  let remote: FakeRemote;
  let fan: FakeActor;
  let video: schema.Video;
  const signer = () => ({ signer: { keyId: fan.keyId, privateKeyPem: fan.privateKeyPem } });
  const socialJob = (commentId: number, event: string) =>
    db
      .select({ state: schema.jobs.state })
      .from(schema.jobs)
      .where(like(schema.jobs.payload, `%"event":"${event}"%"commentId":${commentId}}`));

  beforeAll(async () => {
    remote = await startFakeRemote();
    fan = await remote.addActor(`heldfan${Date.now().toString(36)}`);
    video = await localVideo(alice, { commentsPolicy: REQUIRES_APPROVAL });
    await followLocalChannel(remote, fan, alice.channelName);
  });
  afterAll(async () => {
    await remote?.close();
  });

  it('sends our held comment to followers only once approved', async () => {
    const comment = (await thread(video.uuid, carol.token, 'held, then sent')).data.comment;
    expect(comment.heldForReview).toBe(true);
    await waitFor('the held comment event', async () => (await socialJob(comment.id, 'comment-created'))[0]?.state === 'completed');
    expect(remote.received.some((r) => r.body.includes(comment.url))).toBe(false);
    expect((await approve(video.uuid, comment.id, alice.token)).status).toBe(204);
    const create = await remote.waitFor((r) => r.method === 'POST' && r.body.includes('"Create"') && r.body.includes(comment.url));
    expect(JSON.parse(create.body).object).toMatchObject({ id: comment.url, content: 'held, then sent' });
  });

  it('holds a remote Note on our video, and answers ApproveReply only when the owner approves it', async () => {
    const { noteId, create } = remoteNoteCreate(fan, video.url, '<p>held from afar</p>');
    expect((await postSigned(instanceUrl('/inbox'), JSON.stringify(create), signer())).status).toBe(204);
    const stored = await waitFor('the held remote comment', async () => {
      const list = await threads(video.uuid, alice.token);
      return list.data.data.find((c: any) => c.url === noteId);
    });
    expect(stored.heldForReview).toBe(true);
    expect(ids(await threads(video.uuid))).not.toContain(stored.id);
    const [row] = await db.select().from(schema.comments).where(eq(schema.comments.id, stored.id));
    expect(row.heldForReview).toBe(true);
    expect(remote.received.some((r) => r.body.includes('"ApproveReply"') && r.body.includes(noteId))).toBe(false);

    expect((await approve(video.uuid, stored.id, alice.token)).status).toBe(204);
    const approval = await remote.waitFor((r) => r.method === 'POST' && r.body.includes('"ApproveReply"') && r.body.includes(noteId));
    expect(JSON.parse(approval.body)).toMatchObject({ type: 'ApproveReply', object: noteId, actor: instanceUrl(`/accounts/${alice.username}`) });
    expect(ids(await threads(video.uuid))).toContain(stored.id);
  });
});
