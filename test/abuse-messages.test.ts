/**
 * GET /users/me/abuses and the abuse messages (GET/POST /abuses/{id}/messages, DELETE
 * /abuses/{id}/messages/{messageId}), as PeerTube 6.3: server/core/controllers/api/abuse.ts,
 * users/my-abuses.ts, middlewares/validators/abuse.ts; shapes from AbuseModel.toFormattedUserJSON
 * and AbuseMessageModel.toFormattedJSON (server/core/models/abuse/).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, login, loginAsRoot, uniqueName } from './helpers/api';
import { testDb } from './helpers/internal';
import { seedLocalVideo } from './helpers/seed-videos';
import { newUploader, PASSWORD, type Uploader } from './helpers/video-uploads';
import * as schema from '../worker/db/schema';

let rootToken: string;
let moderatorToken: string;
let reporter: Uploader;
let other: Uploader;
let owner: Uploader;
let abuseId: number;
let videoUuid: string;

const USER_ABUSE_KEYS = ['comment', 'countMessages', 'createdAt', 'flaggedAccount', 'id', 'predefinedReasons', 'reason', 'state', 'updatedAt', 'video'];
const USER_VIDEO_KEYS = ['blacklisted', 'channel', 'deleted', 'endAt', 'id', 'name', 'nsfw', 'startAt', 'thumbnailPath', 'uuid'];
const ADMIN_EXTRA_KEYS = ['countReportsForReportee', 'countReportsForReporter', 'moderationComment', 'reporterAccount'];
const keys = (o: object) => Object.keys(o).sort();

const messages = (id: number, token?: string) => api(`/api/v1/abuses/${id}/messages`, { token });
const postMessage = (id: number, token: string | undefined, message: unknown) =>
  api(`/api/v1/abuses/${id}/messages`, { method: 'POST', token, json: { message } });
const deleteMessage = (id: number, messageId: number, token?: string) => api(`/api/v1/abuses/${id}/messages/${messageId}`, { method: 'DELETE', token });

beforeAll(async () => {
  rootToken = await loginAsRoot();
  const username = uniqueName('abmod');
  const created = await api('/api/v1/users', {
    method: 'POST',
    token: rootToken,
    json: { username, email: `${username}@example.com`, password: PASSWORD, role: 1, videoQuota: -1, videoQuotaDaily: -1 },
  });
  expect(created.status).toBe(200);
  moderatorToken = await login(username, PASSWORD);
  [reporter, other, owner] = await Promise.all([newUploader(), newUploader(), newUploader()]);
  const video = await seedLocalVideo(owner, {}, 'reported');
  videoUuid = video.uuid;
  const res = await api('/api/v1/abuses', {
    method: 'POST',
    token: reporter.token,
    json: { reason: 'spam in the title', predefinedReasons: ['spamOrMisleading'], video: { id: video.uuid } },
  });
  expect(res.status).toBe(200);
  abuseId = res.data.abuse.id;
});

describe('GET /users/me/abuses', () => {
  it("lists the reporter's own reports, in PeerTube's UserAbuse shape, and nobody else's", async () => {
    const mine = await api('/api/v1/users/me/abuses', { token: reporter.token });
    expect(mine.status).toBe(200);
    expect(mine.data.total).toBe(1);
    const [abuse] = mine.data.data;
    expect(keys(abuse)).toEqual(USER_ABUSE_KEYS);
    expect(keys(abuse.video)).toEqual(USER_VIDEO_KEYS);
    expect(abuse).toMatchObject({
      id: abuseId,
      reason: 'spam in the title',
      predefinedReasons: ['spamOrMisleading'],
      state: { id: 1, label: 'Pending' },
      countMessages: 0,
      flaggedAccount: { name: owner.username },
      video: { uuid: videoUuid, deleted: false, blacklisted: false, channel: { name: owner.channelName } },
      comment: null,
    });
    expect((await api('/api/v1/users/me/abuses', { token: other.token })).data).toEqual({ total: 0, data: [] });
  });

  it('filters by id, state and search; sorts; refuses bad parameters (400) and anonymous (401)', async () => {
    const get = (q: string) => api(`/api/v1/users/me/abuses?${q}`, { token: reporter.token });
    expect((await get(`id=${abuseId}`)).data.total).toBe(1);
    expect((await get('state=2')).data.total).toBe(0);
    expect((await get('search=spam in the')).data.total).toBe(0); // the reason is not searched, as in PeerTube
    expect((await get(`search=${owner.username}`)).data.total).toBe(1);
    expect((await get('sort=-id')).status).toBe(200);
    for (const bad of ['state=9', 'id=abc', 'sort=name', 'count=1000', 'start=-1']) expect((await get(bad)).status, bad).toBe(400);
    expect((await api('/api/v1/users/me/abuses')).status).toBe(401);
  });
});

describe('abuse messages', () => {
  let reporterMessage: number;
  let moderatorMessage: number;

  it('the reporter and a moderator write; both read the conversation in order', async () => {
    const first = await postMessage(abuseId, reporter.token, 'here is more context');
    expect(first.status).toBe(200);
    expect(keys(first.data)).toEqual(['abuseMessage']);
    reporterMessage = first.data.abuseMessage.id;
    const reply = await postMessage(abuseId, moderatorToken, 'thanks, we look at it');
    expect(reply.status).toBe(200);
    moderatorMessage = reply.data.abuseMessage.id;

    for (const token of [reporter.token, moderatorToken, rootToken]) {
      const list = await messages(abuseId, token);
      expect(list.status).toBe(200);
      expect(list.data.total).toBe(2);
      expect(list.data.data.map((m: { id: number }) => m.id)).toEqual([reporterMessage, moderatorMessage]);
      expect(keys(list.data.data[0])).toEqual(['account', 'byModerator', 'createdAt', 'id', 'message']);
      expect(keys(list.data.data[0].account)).toEqual(['avatars', 'displayName', 'host', 'id', 'name', 'url']);
      expect(list.data.data[0]).toMatchObject({ byModerator: false, message: 'here is more context', account: { name: reporter.username } });
      expect(list.data.data[1]).toMatchObject({ byModerator: true, message: 'thanks, we look at it' });
    }
    const mine = await api(`/api/v1/users/me/abuses?id=${abuseId}`, { token: reporter.token });
    expect(mine.data.data[0].countMessages).toBe(2);
    const admin = await api(`/api/v1/abuses?id=${abuseId}`, { token: moderatorToken });
    expect(keys(admin.data.data[0])).toEqual([...USER_ABUSE_KEYS, ...ADMIN_EXTRA_KEYS].sort());
    expect(keys(admin.data.data[0].video)).toEqual([...USER_VIDEO_KEYS, 'countReports', 'nthReport'].sort());
    expect(admin.data.data[0]).toMatchObject({
      countMessages: 2,
      countReportsForReporter: 1,
      countReportsForReportee: 1,
      video: { countReports: 1, nthReport: 1 },
    });
  });

  it('anonymous 401, another user 403 (read, write and delete), unknown report 404', async () => {
    expect((await messages(abuseId)).status).toBe(401);
    expect((await postMessage(abuseId, undefined, 'hello there')).status).toBe(401);
    expect((await messages(abuseId, other.token)).status).toBe(403);
    expect((await postMessage(abuseId, other.token, 'hello there')).status).toBe(403);
    expect((await deleteMessage(abuseId, reporterMessage, other.token)).status).toBe(403);
    expect((await messages(987654321, rootToken)).status).toBe(404);
    expect((await postMessage(987654321, rootToken, 'hello there')).status).toBe(404);
  });

  it('refuses a message of 1 or 3001 characters and bad ids (400 invalid-params)', async () => {
    for (const message of ['x', 'y'.repeat(3001), 12]) {
      const res = await postMessage(abuseId, reporter.token, message);
      expect([res.status, Object.keys(res.data['invalid-params'])]).toEqual([400, ['message']]);
    }
    expect((await messages(Number.NaN, rootToken)).status).toBe(400);
    expect((await api(`/api/v1/abuses/${abuseId}/messages/abc`, { method: 'DELETE', token: rootToken })).status).toBe(400);
  });

  it("the reporter deletes only their own message (403 on the moderator's); a moderator deletes any; then 404", async () => {
    expect((await deleteMessage(abuseId, moderatorMessage, reporter.token)).status).toBe(403);
    expect((await deleteMessage(abuseId, reporterMessage, reporter.token)).status).toBe(204);
    expect((await deleteMessage(abuseId, reporterMessage, reporter.token)).status).toBe(404);
    expect((await deleteMessage(abuseId, moderatorMessage, rootToken)).status).toBe(204);
    expect((await messages(abuseId, reporter.token)).data).toEqual({ total: 0, data: [] });
  });

  it('a report made on another instance has no messages (400)', async () => {
    const { db, close } = testDb();
    try {
      const host = `remote-${Date.now()}.example`;
      const [actor] = await db
        .insert(schema.actors)
        .values({ type: 'Person', preferredUsername: 'flagger', host, url: `https://${host}/accounts/flagger`, inboxUrl: `https://${host}/inbox` })
        .returning();
      const [account] = await db.insert(schema.accounts).values({ actorId: actor.id, name: 'flagger', displayName: 'flagger' }).returning();
      const [abuse] = await db
        .insert(schema.abuses)
        .values({ reason: 'from afar', reporterAccountId: account.id, flaggedAccountId: owner.accountId, activityUrl: `https://${host}/flags/${randomUUID()}` })
        .returning();
      const res = await messages(abuse.id, rootToken);
      expect([res.status, res.data.detail]).toEqual([400, 'This abuse was created by a user of your instance.']);
      expect((await postMessage(abuse.id, rootToken, 'hello there')).status).toBe(400);
    } finally {
      close();
    }
  });
});
