/**
 * PeerTube's ABUSE_STATE_CHANGE (15) and ABUSE_NEW_MESSAGE (16) notifications
 * (server/core/lib/notifier/shared/abuse/*, controllers/api/abuse.ts `updateAbuse` and
 * `addAbuseMessage`): who gets them, the `abuse` object they carry, the `abuseStateChange` and
 * `abuseNewMessage` settings, and one notification per event and user.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { api, instanceUrl, loginAsRoot, newModerator } from './helpers/api';
import { pageSessionCookie } from './helpers/page-session';
import { seedLocalVideo } from './helpers/seed-videos';
import { newUploader, PASSWORD, type Uploader } from './helpers/video-uploads';

const host = () => new URL(inject('instanceUrl')).host;
/** The notifications of one type about one report, newest first. */
const about = async (token: string, type: number, abuseId: number) => {
  const res = await api('/api/v1/users/me/notifications?count=100&sort=-createdAt', { token });
  expect(res.status).toBe(200);
  return res.data.data.filter((n: any) => n.type === type && n.abuse?.id === abuseId);
};
const report = async (token: string, json: object) => {
  const res = await api('/api/v1/abuses', { method: 'POST', token, json: { reason: 'not for this instance', ...json } });
  expect(res.status).toBe(200);
  return res.data.abuse.id as number;
};
const judge = async (token: string, abuseId: number, json: object) =>
  expect((await api(`/api/v1/abuses/${abuseId}`, { method: 'PUT', token, json })).status).toBe(204);
const write = async (token: string, abuseId: number, message: string) =>
  expect((await api(`/api/v1/abuses/${abuseId}/messages`, { method: 'POST', token, json: { message } })).status).toBe(200);
async function setSettings(token: string, values: Record<string, number>) {
  const me = (await api('/api/v1/users/me', { token })).data.notificationSettings;
  expect((await api('/api/v1/users/me/notification-settings', { method: 'PUT', token, json: { ...me, ...values } })).status).toBe(204);
}

let reporter: Uploader;
let owner: Uploader;
let rootToken: string;
let modToken: string;
let video: { id: number; uuid: string; name: string };

beforeAll(async () => {
  [reporter, owner] = await Promise.all([newUploader(), newUploader()]);
  rootToken = await loginAsRoot();
  modToken = await newModerator(rootToken, 'abusemod');
  video = await seedLocalVideo(owner, {}, 'reported');
});

describe('ABUSE_STATE_CHANGE (15), to the reporter', () => {
  it('is sent once per change of state, with the abuse as PeerTube formats it', async () => {
    const abuseId = await report(reporter.token, { video: { id: video.id } });
    await judge(modToken, abuseId, { state: 3, moderationComment: 'removed' });
    const [n, ...more] = await about(reporter.token, 15, abuseId);
    expect(more).toEqual([]);
    expect(Object.keys(n)).toEqual(['id', 'type', 'read', 'abuse', 'createdAt', 'updatedAt']);
    expect(n.read).toBe(false);
    expect(n.abuse).toEqual({ id: abuseId, state: 3, video: { id: video.id, uuid: video.uuid, shortUUID: expect.any(String), name: video.name } });

    // The same state again, or only a comment: nothing new to tell.
    await judge(modToken, abuseId, { state: 3 });
    await judge(rootToken, abuseId, { moderationComment: 'still removed' });
    expect(await about(reporter.token, 15, abuseId)).toHaveLength(1);
    await judge(rootToken, abuseId, { state: 2 });
    const both = await about(reporter.token, 15, abuseId);
    expect(both).toHaveLength(2);
    expect(both[0].abuse.state).toBe(2);

    // Nobody else hears of it: not the moderators, not the video's owner.
    for (const token of [modToken, rootToken, owner.token]) expect(await about(token, 15, abuseId)).toEqual([]);
  });

  it('an account report carries the flagged account, not a video', async () => {
    const abuseId = await report(reporter.token, { account: { id: owner.accountId } });
    await judge(modToken, abuseId, { state: 2 });
    const [n] = await about(reporter.token, 15, abuseId);
    expect(n.abuse).toEqual({
      id: abuseId,
      state: 2,
      account: { id: owner.accountId, displayName: expect.any(String), name: owner.username, host: host(), avatars: [] },
    });
  });

  it('follows the reporter’s abuseStateChange setting (web bit)', async () => {
    const quiet = await newUploader();
    await setSettings(quiet.token, { abuseStateChange: 2 });
    const abuseId = await report(quiet.token, { video: { id: video.id } });
    await judge(modToken, abuseId, { state: 3 });
    expect(await about(quiet.token, 15, abuseId)).toEqual([]);
    await setSettings(quiet.token, { abuseStateChange: 1 });
    await judge(modToken, abuseId, { state: 2 });
    expect(await about(quiet.token, 15, abuseId)).toHaveLength(1);
  });
});

describe('ABUSE_NEW_MESSAGE (16), to the reporter or the moderators', () => {
  it("a moderator's message reaches the reporter and the other moderators, never its author", async () => {
    const abuseId = await report(reporter.token, { video: { id: video.id } });
    await write(modToken, abuseId, 'could you say more?');
    const [n, ...more] = await about(reporter.token, 16, abuseId);
    expect(more).toEqual([]);
    expect(Object.keys(n)).toEqual(['id', 'type', 'read', 'abuse', 'createdAt', 'updatedAt']);
    expect(n.abuse).toEqual({ id: abuseId, state: 1, video: { id: video.id, uuid: video.uuid, shortUUID: expect.any(String), name: video.name } });
    expect(await about(rootToken, 16, abuseId)).toHaveLength(1);
    expect(await about(modToken, 16, abuseId)).toEqual([]);
    expect(await about(owner.token, 16, abuseId)).toEqual([]);

    // The reporter answers: every moderator hears of it, the reporter does not.
    await write(reporter.token, abuseId, 'it is spam');
    expect(await about(modToken, 16, abuseId)).toHaveLength(1);
    expect(await about(rootToken, 16, abuseId)).toHaveLength(2);
    expect(await about(reporter.token, 16, abuseId)).toHaveLength(1);
  });

  it('a moderator who reported gets one notification per message, not one as reporter and one as moderator', async () => {
    const abuseId = await report(modToken, { account: { id: owner.accountId } });
    await write(rootToken, abuseId, 'looking into it');
    expect(await about(modToken, 16, abuseId)).toHaveLength(1);
    expect(await about(rootToken, 16, abuseId)).toEqual([]);
  });

  it('follows the abuseNewMessage setting', async () => {
    const quiet = await newUploader();
    await setSettings(quiet.token, { abuseNewMessage: 0 });
    const abuseId = await report(quiet.token, { video: { id: video.id } });
    await write(modToken, abuseId, 'a first question');
    expect(await about(quiet.token, 16, abuseId)).toEqual([]);
    await setSettings(quiet.token, { abuseNewMessage: 3 });
    await write(modToken, abuseId, 'a second question');
    expect(await about(quiet.token, 16, abuseId)).toHaveLength(1);
  });
});

describe('the notifications page', () => {
  it('says what happened to the report, in English and French', async () => {
    const abuseId = await report(reporter.token, { video: { id: video.id } });
    await judge(modToken, abuseId, { state: 3 });
    await write(modToken, abuseId, 'thanks for the report');
    const cookie = await pageSessionCookie(instanceUrl(''), reporter.username, PASSWORD);
    const page = async (lang: string) => {
      const res = await fetch(instanceUrl('/my/notifications'), { headers: { cookie, accept: 'text/html', 'accept-language': lang } });
      expect(res.status).toBe(200);
      return res.text();
    };
    const en = await page('en');
    expect(en).toContain(`Your report #${abuseId} has been accepted.`);
    expect(en).toContain(`New message on report #${abuseId}.`);
    const fr = await page('fr');
    expect(fr).toContain(`Votre signalement n° ${abuseId} a été accepté.`);
  });
});
