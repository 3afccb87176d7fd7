/**
 * Registration requests (PeerTube 6.3's controllers/api/users/registrations.ts,
 * middlewares/validators/users/user-registrations.ts, models/user/user-registration.ts, the
 * sign-in errors of lib/auth/oauth.ts and the NEW_USER_REGISTRATION_REQUEST notification): asked
 * for when `signup.requiresApproval` is on, listed, accepted, rejected and deleted by moderators.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, instanceUrl, loginAsRoot, newModerator, uniqueName } from './helpers/api';
import { expectErrorShape, KEYS, PROBLEM_JSON } from './helpers/error-shape';
import { newUploader, type Uploader } from './helpers/video-uploads';

const REGISTRATION_KEYS = [
  'id',
  'state',
  'registrationReason',
  'moderationResponse',
  'username',
  'email',
  'emailVerified',
  'accountDisplayName',
  'channelHandle',
  'channelDisplayName',
  'createdAt',
  'updatedAt',
  'user',
];

let rootToken: string;
let modToken: string;
let user: Uploader;
let customBefore: unknown;

const request = (json: object) => api('/api/v1/users/registrations/request', { method: 'POST', json });
const newRequest = <T extends object = object>(extra: T = {} as T) => {
  const username = uniqueName('req');
  return { username, email: `${username}@example.com`, password: 'request-password', registrationReason: 'I make videos about birds', ...extra };
};
const setApproval = async (requiresApproval: boolean, enabled = true) => {
  const res = await api('/api/v1/config/custom', { method: 'PUT', token: rootToken, json: { signup: { enabled, requiresApproval } } });
  expect(res.status).toBe(200);
};
/** POST /users/token with the local client, as peertube-cli signs in. */
async function signIn(username: string, password: string) {
  const client = (await api('/api/v1/oauth-clients/local')).data;
  const body = new URLSearchParams({ client_id: client.client_id, client_secret: client.client_secret, grant_type: 'password', username, password });
  return fetch(instanceUrl('/api/v1/users/token'), { method: 'POST', body });
}
/** lib/auth/oauth.ts: a pending or rejected request has its own 400 at sign-in. */
async function expectSignInRefused(username: string, password: string, code: string, detail: string) {
  const res = await signIn(username, password);
  const body = (await res.clone().json()) as any;
  await expectErrorShape(code, res, { status: 400, contentType: PROBLEM_JSON, keys: KEYS.codedDocumented, code });
  expect(body.detail).toBe(detail);
}
const registrationNotes = async (token: string, id: number) =>
  (await api('/api/v1/users/me/notifications?count=100', { token })).data.data.filter((n: any) => n.type === 20 && n.registration?.id === id);
const fail = async (name: string, res: Response, status: number, detail: string, keys = KEYS.plain) => {
  const body = (await res.clone().json()) as any;
  await expectErrorShape(name, res, { status, contentType: PROBLEM_JSON, keys });
  expect(body.detail, name).toBe(detail);
};
const post = (path: string, json: object, token?: string) =>
  fetch(instanceUrl(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(json),
  });

beforeAll(async () => {
  rootToken = await loginAsRoot();
  modToken = await newModerator(rootToken, 'regmod');
  user = await newUploader();
  customBefore = (await api('/api/v1/config/custom', { token: rootToken })).data;
});

afterAll(async () => {
  await api('/api/v1/config/custom', { method: 'PUT', token: rootToken, json: customBefore as object });
});

describe('POST /users/registrations/request', () => {
  it('is refused when approval is not required (400) or sign-ups are closed (403)', async () => {
    await setApproval(false);
    await fail('no approval', await post('/api/v1/users/registrations/request', newRequest()), 400, 'Signup approval is not enabled on this instance');
    await setApproval(true, false);
    await fail('closed', await post('/api/v1/users/registrations/request', newRequest()), 403, 'User registration is not allowed');
  });

  it('with approval on: /config says so, a direct sign-up is refused, a request is made in PeerTube’s shape', async () => {
    await setApproval(true);
    const config = (await api('/api/v1/config')).data.signup;
    expect(config).toMatchObject({ allowed: true, requiresApproval: true });
    const direct = newRequest();
    await fail('direct', await post('/api/v1/users/register', direct), 403, 'User registration requires approval');

    const asked = newRequest({ displayName: 'Bird Person', channel: { name: `${uniqueName('ch')}`, displayName: 'Birds' } });
    const res = await request(asked);
    expect(res.status).toBe(200);
    expect(Object.keys(res.data)).toEqual(REGISTRATION_KEYS);
    expect(res.data).toMatchObject({
      state: { id: 1, label: 'Pending' },
      registrationReason: asked.registrationReason,
      moderationResponse: null,
      username: asked.username,
      email: asked.email,
      emailVerified: null,
      accountDisplayName: 'Bird Person',
      channelHandle: asked.channel.name,
      channelDisplayName: 'Birds',
      user: null,
    });
    expect(JSON.stringify(res.data)).not.toContain('request-password');

    // Waiting: signing in says so, with PeerTube's code.
    await expectSignInRefused(asked.username, asked.password, 'account_waiting_for_approval', 'Registration for this account is awaiting approval');

    // Moderators and administrators are told, with the registration's id and username; users are not.
    for (const token of [rootToken, modToken]) {
      const [n, ...more] = await registrationNotes(token, res.data.id);
      expect(more).toEqual([]);
      expect(Object.keys(n)).toEqual(['id', 'type', 'read', 'registration', 'createdAt', 'updatedAt']);
      expect(n.registration).toEqual({ id: res.data.id, username: asked.username });
    }
    expect(await registrationNotes(user.token, res.data.id)).toEqual([]);
  });

  it('checks its fields (400 invalid-params) and what is taken (409), in PeerTube’s words', async () => {
    await setApproval(true);
    for (const [name, json, param] of [
      ['no reason', { ...newRequest(), registrationReason: undefined }, 'registrationReason'],
      ['a 1-character reason', newRequest({ registrationReason: 'x' }), 'registrationReason'],
      ['a bad username', newRequest({ username: 'Not Valid' }), 'username'],
      ['a bad email', newRequest({ email: 'nope' }), 'email'],
      ['a short password', newRequest({ password: '123' }), 'password'],
    ] as const) {
      const res = await post('/api/v1/users/registrations/request', json);
      const body = (await res.clone().json()) as any;
      await expectErrorShape(name, res, { status: 400, contentType: PROBLEM_JSON, keys: KEYS.invalidParams });
      expect(Object.keys(body['invalid-params']), name).toContain(param);
    }
    const first = newRequest({ channel: { name: uniqueName('ch'), displayName: 'A channel' } });
    expect((await request(first)).status).toBe(200);
    const taken = 'Registration with this username, channel name or email already exists.';
    await fail('same username', await post('/api/v1/users/registrations/request', newRequest({ username: first.username })), 409, taken);
    await fail('same email', await post('/api/v1/users/registrations/request', newRequest({ email: first.email })), 409, taken);
    await fail('username = a requested channel', await post('/api/v1/users/registrations/request', newRequest({ username: first.channel.name })), 409, taken);
    const userTaken = 'User with this username or email already exists.';
    await fail('a user’s username', await post('/api/v1/users/registrations/request', newRequest({ username: user.username })), 409, userTaken);
    await fail('a user’s email', await post('/api/v1/users/registrations/request', newRequest({ email: `${user.username}@example.com` })), 409, userTaken);
    const own = newRequest();
    await fail(
      'channel = username',
      await post('/api/v1/users/registrations/request', { ...own, channel: { name: own.username, displayName: 'x' } }),
      400,
      'Channel name cannot be the same as user username.',
    );
    await fail(
      'an existing channel',
      await post('/api/v1/users/registrations/request', newRequest({ channel: { name: user.channelName, displayName: 'x' } })),
      409,
      `Channel with name ${user.channelName} already exists.`,
    );
  });
});

describe('moderating registration requests', () => {
  it('GET /users/registrations: moderators only; paging, sort and search', async () => {
    await setApproval(true);
    const tag = uniqueName('list');
    const made = [];
    for (let i = 0; i < 3; i++) made.push((await request(newRequest({ username: `${tag}_${i}` }))).data);
    await fail('anonymous', await fetch(instanceUrl('/api/v1/users/registrations')), 401, 'Token is invalid', KEYS.coded);
    const forbidden = await api('/api/v1/users/registrations', { token: user.token });
    expect(forbidden.status).toBe(403);
    const found = await api(`/api/v1/users/registrations?search=${tag}&sort=createdAt`, { token: modToken });
    expect(found.status).toBe(200);
    expect(found.data.total).toBe(3);
    expect(found.data.data.map((r: any) => r.id)).toEqual(made.map((r) => r.id));
    expect(Object.keys(found.data.data[0])).toEqual(REGISTRATION_KEYS);
    const page = await api(`/api/v1/users/registrations?search=${tag}&sort=-createdAt&start=1&count=1`, { token: rootToken });
    expect(page.data).toMatchObject({ total: 3, data: [{ id: made[1].id }] });
    const byEmail = await api(`/api/v1/users/registrations?search=${made[2].email}`, { token: rootToken });
    expect(byEmail.data.data.map((r: any) => r.id)).toEqual([made[2].id]);
    expect((await api('/api/v1/users/registrations?sort=username', { token: rootToken })).status).toBe(400);
  });

  it('accept: the user is made as a sign-up makes it, with the requested names; then 409', async () => {
    await setApproval(true);
    const asked = newRequest({ displayName: 'Accepted One', channel: { name: uniqueName('ch'), displayName: 'Accepted channel' } });
    const { id } = (await request(asked)).data;
    const path = `/api/v1/users/registrations/${id}/accept`;
    await fail('a user', await post(path, { moderationResponse: 'welcome' }, user.token), 403, 'User does not have the right to do this.');
    for (const [name, json] of [
      ['no response', {}],
      ['a 1-character response', { moderationResponse: 'x' }],
    ] as const) {
      const res = await post(path, json, modToken);
      await expectErrorShape(name, res, { status: 400, contentType: PROBLEM_JSON, keys: KEYS.invalidParams });
    }
    await expectErrorShape('a bad id', await post('/api/v1/users/registrations/abc/accept', { moderationResponse: 'ok' }, modToken), {
      status: 400,
      contentType: PROBLEM_JSON,
      keys: KEYS.invalidParams,
    });
    await fail('unknown', await post('/api/v1/users/registrations/999999/accept', { moderationResponse: 'welcome' }, modToken), 404, 'User not found');

    expect((await post(path, { moderationResponse: 'welcome aboard', preventEmailDelivery: true }, modToken)).status).toBe(204);
    const [listed] = (await api(`/api/v1/users/registrations?search=${asked.username}`, { token: modToken })).data.data;
    expect(listed).toMatchObject({ state: { id: 3, label: 'Accepted' }, moderationResponse: 'welcome aboard', user: { id: expect.any(Number) } });

    const signedIn = await signIn(asked.username, asked.password);
    expect(signedIn.status).toBe(200);
    const token = ((await signedIn.json()) as { access_token: string }).access_token;
    const me = (await api('/api/v1/users/me', { token })).data;
    expect(me).toMatchObject({ id: listed.user.id, username: asked.username, email: asked.email, role: { id: 2 } });
    expect(me.account.displayName).toBe('Accepted One');
    expect(me.videoChannels.map((c: any) => [c.name, c.displayName])).toEqual([[asked.channel.name, 'Accepted channel']]);
    await fail('again', await post(path, { moderationResponse: 'welcome' }, modToken), 409, 'This registration is already accepted or rejected.');
  });

  it('reject: signing in then says so; a second answer is a 409', async () => {
    await setApproval(true);
    const asked = newRequest();
    const { id } = (await request(asked)).data;
    expect((await post(`/api/v1/users/registrations/${id}/reject`, { moderationResponse: 'not this time' }, rootToken)).status).toBe(204);
    const [listed] = (await api(`/api/v1/users/registrations?search=${asked.username}`, { token: modToken })).data.data;
    expect(listed).toMatchObject({ state: { id: 2, label: 'Rejected' }, moderationResponse: 'not this time', user: null });
    await expectSignInRefused(asked.email, asked.password, 'account_approval_rejected', 'Registration approval for this account has been rejected');
    await fail(
      'accept after reject',
      await post(`/api/v1/users/registrations/${id}/accept`, { moderationResponse: 'oops' }, rootToken),
      409,
      'This registration is already accepted or rejected.',
    );
  });

  it('/server/stats counts the requests and the answered ones (UserRegistrationModel.getStats)', async () => {
    await setApproval(true);
    const stats = async () => (await api('/api/v1/server/stats')).data;
    const before = await stats();
    const { id } = (await request(newRequest())).data;
    const asked = await stats();
    expect(asked.totalRegistrationRequests).toBe(before.totalRegistrationRequests + 1);
    expect(asked.totalRegistrationRequestsProcessed).toBe(before.totalRegistrationRequestsProcessed);
    expect((await post(`/api/v1/users/registrations/${id}/reject`, { moderationResponse: 'nope' }, rootToken)).status).toBe(204);
    const answered = await stats();
    expect(answered.totalRegistrationRequestsProcessed).toBe(before.totalRegistrationRequestsProcessed + 1);
    expect(answered.averageRegistrationRequestResponseTimeMs).toEqual(expect.any(Number));
  });

  it('delete: the request and its notifications go; then 404', async () => {
    await setApproval(true);
    const { id } = (await request(newRequest())).data;
    expect(await registrationNotes(modToken, id)).toHaveLength(1);
    expect((await api(`/api/v1/users/registrations/${id}`, { method: 'DELETE', token: user.token })).status).toBe(403);
    expect((await api(`/api/v1/users/registrations/${id}`, { method: 'DELETE', token: modToken })).status).toBe(204);
    expect(await registrationNotes(modToken, id)).toEqual([]);
    const again = await fetch(instanceUrl(`/api/v1/users/registrations/${id}`), { method: 'DELETE', headers: { authorization: `Bearer ${modToken}` } });
    await fail('deleted', again, 404, 'User not found');
  });

  it('moderators who turned newUserRegistration off are not told', async () => {
    await setApproval(true);
    const quietToken = await newModerator(rootToken, 'quietmod');
    const me = (await api('/api/v1/users/me', { token: quietToken })).data.notificationSettings;
    expect((await api('/api/v1/users/me/notification-settings', { method: 'PUT', token: quietToken, json: { ...me, newUserRegistration: 2 } })).status).toBe(
      204,
    );
    const { id } = (await request(newRequest())).data;
    expect(await registrationNotes(quietToken, id)).toEqual([]);
    expect(await registrationNotes(modToken, id)).toHaveLength(1);
  });
});
