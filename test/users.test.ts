import { describe, it, expect, beforeAll, inject } from 'vitest';
import { api, instanceUrl, login, loginAsRoot, uniqueName } from './helpers/api';
import { signHmacRequest } from '../worker/crypto/hmac';

const password = 'users-password';

async function register(over: Record<string, unknown> = {}) {
  const username = uniqueName('reg');
  const res = await api('/api/v1/users/register', { method: 'POST', json: { username, email: `${username}@example.com`, password, ...over } });
  return { username, res };
}

async function createByAdmin(rootToken: string, over: Record<string, unknown> = {}) {
  const username = uniqueName('adm');
  const res = await api('/api/v1/users', {
    method: 'POST',
    token: rootToken,
    json: { username, email: `${username}@example.com`, password, role: 2, videoQuota: -1, videoQuotaDaily: -1, ...over },
  });
  return { username, res };
}

function expectInvalidParams(res: { status: number; headers: Headers; data: any }, field: string) {
  expect(res.status, JSON.stringify(res.data)).toBe(400);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(Object.keys(res.data['invalid-params'] ?? {})).toContain(field);
}

let rootToken: string;
beforeAll(async () => {
  rootToken = await loginAsRoot();
});

describe('POST /api/v1/users/register', () => {
  it('registers a user with a default channel (204), who can then log in', async () => {
    const { username, res } = await register();
    expect(res.status).toBe(204);
    expect(res.headers.get('x-ratelimit-limit')).toBe('1000');
    const me = await api('/api/v1/users/me', { token: await login(username, password) });
    expect(me.status).toBe(200);
    expect(me.data).toMatchObject({
      username,
      email: `${username}@example.com`,
      role: { id: 2, label: 'User' },
      blocked: false,
      account: { name: username, displayName: username, userId: me.data.id },
      videoChannels: [{ name: `${username}_channel`, displayName: `Main ${username} channel`, isLocal: true, ownerAccountId: me.data.account.id }],
    });
  });

  it('takes an optional channel and display name', async () => {
    const channel = uniqueName('regch');
    const { username, res } = await register({ displayName: 'Reg User', channel: { name: channel, displayName: 'My videos' } });
    expect(res.status).toBe(204);
    const me = await api('/api/v1/users/me', { token: await login(username, password) });
    expect(me.data.account.displayName).toBe('Reg User');
    expect(me.data.videoChannels.map((c: any) => [c.name, c.displayName])).toEqual([[channel, 'My videos']]);
  });

  it('answers 409 when the username, the email or the channel name is taken', async () => {
    const { username } = await register();
    const sameName = await api('/api/v1/users/register', { method: 'POST', json: { username, email: `${uniqueName('x')}@example.com`, password } });
    expect(sameName.status).toBe(409);
    const sameEmail = await api('/api/v1/users/register', {
      method: 'POST',
      json: { username: uniqueName('x'), email: `${username.toUpperCase()}@example.com`, password },
    });
    expect(sameEmail.status).toBe(409);
    expect((await register({ channel: { name: `${username}_channel`, displayName: 'dup' } })).res.status).toBe(409);
    expect((await register({ channel: { name: 'root', displayName: 'dup' } })).res.status).toBe(409);
    expect(
      (await api('/api/v1/users/register', { method: 'POST', json: { username: 'root_channel', email: `${uniqueName('x')}@example.com`, password } })).status,
    ).toBe(409);
  });

  it('rejects bad input with invalid-params, never a 500', async () => {
    expectInvalidParams((await register({ username: 'Upper_Case' })).res, 'username');
    expectInvalidParams((await register({ username: 'x'.repeat(51) })).res, 'username');
    expectInvalidParams((await register({ username: 'has space' })).res, 'username');
    expectInvalidParams((await register({ email: 'not-an-email' })).res, 'email');
    expectInvalidParams((await register({ password: '12345' })).res, 'password');
    expectInvalidParams((await register({ password: 'x'.repeat(256) })).res, 'password');
    expectInvalidParams((await register({ channel: { name: 'Bad Name', displayName: 'x' } })).res, 'channel.name');
    expectInvalidParams(await api('/api/v1/users/register', { method: 'POST', json: {} }), 'username');
    const malformed = await api('/api/v1/users/register', { method: 'POST', body: '{"username":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
  });
});

describe('/api/v1/users/me', () => {
  let username: string;
  let token: string;
  beforeAll(async () => {
    ({ username } = await register());
    token = await login(username, password);
  });

  it('needs a token', async () => {
    expect((await api('/api/v1/users/me')).status).toBe(401);
    expect((await api('/api/v1/users/me', { method: 'PUT', json: { displayName: 'x' } })).status).toBe(401);
    expect((await api('/api/v1/users/me/video-quota-used')).status).toBe(401);
  });

  it('carries the fields PeerTube clients read', async () => {
    const me = (await api('/api/v1/users/me', { token })).data;
    for (const key of [
      'id',
      'username',
      'email',
      'emailVerified',
      'role',
      'videoQuota',
      'videoQuotaDaily',
      'videoQuotaUsed',
      'videoQuotaUsedDaily',
      'nsfwPolicy',
      'p2pEnabled',
      'autoPlayVideo',
      'blocked',
      'account',
      'videoChannels',
      'createdAt',
      'lastLoginDate',
      'videosHistoryEnabled',
      'theme',
      'specialPlaylists',
      'noWelcomeModal',
    ]) {
      expect(me, key).toHaveProperty(key);
    }
    expect(typeof me.videoChannels[0].id).toBe('number');
    expect(me.lastLoginDate).toEqual(expect.any(String));
    expect(me.account.url).toBe(instanceUrl(`/accounts/${username}`));
  });

  it('reports the quota used', async () => {
    const res = await api('/api/v1/users/me/video-quota-used', { token });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ videoQuotaUsed: 0, videoQuotaUsedDaily: 0 });
  });

  it('updates profile and settings (204)', async () => {
    const res = await api('/api/v1/users/me', {
      method: 'PUT',
      token,
      json: { displayName: 'New Name', description: 'About me', nsfwPolicy: 'blur', p2pEnabled: false, autoPlayVideo: 'false', theme: 'ignored' },
    });
    expect(res.status).toBe(204);
    const me = (await api('/api/v1/users/me', { token })).data;
    expect(me).toMatchObject({ nsfwPolicy: 'blur', p2pEnabled: false, autoPlayVideo: false, account: { displayName: 'New Name', description: 'About me' } });
    expectInvalidParams(await api('/api/v1/users/me', { method: 'PUT', token, json: { nsfwPolicy: 'show' } }), 'nsfwPolicy');
    expectInvalidParams(await api('/api/v1/users/me', { method: 'PUT', token, json: { displayName: '' } }), 'displayName');
    expectInvalidParams(await api('/api/v1/users/me', { method: 'PUT', token, json: { p2pEnabled: 'maybe' } }), 'p2pEnabled');
  });

  it('changes email and password only with the current password', async () => {
    const email = `${uniqueName('new')}@example.com`;
    expect((await api('/api/v1/users/me', { method: 'PUT', token, json: { email } })).status).toBe(400);
    const wrong = await api('/api/v1/users/me', { method: 'PUT', token, json: { email, currentPassword: 'wrong-password' } });
    expect([wrong.status, wrong.data.code]).toEqual([401, 'current_password_is_invalid']);
    expect((await api('/api/v1/users/me', { method: 'PUT', token, json: { email, currentPassword: password } })).status).toBe(204);
    expect((await api('/api/v1/users/me', { token })).data.email).toBe(email);
    const { username: other } = await register();
    expect((await api('/api/v1/users/me', { method: 'PUT', token, json: { email: `${other}@example.com`, currentPassword: password } })).status).toBe(409);

    expect((await api('/api/v1/users/me', { method: 'PUT', token, json: { password: 'brand-new-password', currentPassword: password } })).status).toBe(204);
    await expect(login(username, password)).rejects.toThrow(/400/);
    expect(await login(username, 'brand-new-password')).toEqual(expect.any(String));
  });
});

describe('user administration', () => {
  let userToken: string;
  beforeAll(async () => {
    const { username } = await register();
    userToken = await login(username, password);
  });

  it('is for administrators: 401 anonymous, 403 for users', async () => {
    expect((await api('/api/v1/users')).status).toBe(401);
    expect((await api('/api/v1/users', { token: userToken })).status).toBe(403);
    expect((await api('/api/v1/users/1', { token: userToken })).status).toBe(403);
    expect((await api('/api/v1/users/1', { method: 'PUT', token: userToken, json: { videoQuota: 1 } })).status).toBe(403);
    expect((await api('/api/v1/users/1', { method: 'DELETE', token: userToken })).status).toBe(403);
    expect((await createByAdmin(userToken)).res.status).toBe(403);
  });

  it('creates users as PeerTube answers: {user:{id, account:{id}}}', async () => {
    const channelName = uniqueName('admch');
    const { username, res } = await createByAdmin(rootToken, { videoQuota: 1_000_000, videoQuotaDaily: '5000', channelName });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ user: { id: expect.any(Number), account: { id: expect.any(Number) } } });
    const got = await api(`/api/v1/users/${res.data.user.id}`, { token: rootToken });
    expect(got.status).toBe(200);
    expect(got.data).toMatchObject({
      username,
      videoQuota: 1_000_000,
      videoQuotaDaily: 5000,
      account: { id: res.data.user.account.id },
      videoChannels: [{ name: channelName }],
    });
    expect(got.data).not.toHaveProperty('videoQuotaUsed');
    expect((await api(`/api/v1/users/${res.data.user.id}?withStats=true`, { token: rootToken })).data.videoQuotaUsed).toBe(0);

    expect((await createByAdmin(rootToken, { username })).res.status).toBe(409);
    expectInvalidParams((await createByAdmin(rootToken, { role: 7 })).res, 'role');
    expectInvalidParams((await createByAdmin(rootToken, { videoQuota: -2 })).res, 'videoQuota');
    expectInvalidParams((await createByAdmin(rootToken, { email: 'nope' })).res, 'email');
    expect((await createByAdmin(rootToken, { username: 'same_name_x', channelName: 'same_name_x' })).res.status).toBe(400);
  });

  it('lists users with paging, sort and search', async () => {
    const all = await api('/api/v1/users?start=0&count=100&sort=username', { token: rootToken });
    expect(all.status).toBe(200);
    expect(all.data.total).toBeGreaterThanOrEqual(all.data.data.length);
    const names = all.data.data.map((u: any) => u.username);
    expect(names).toEqual([...names].sort());
    const page = await api('/api/v1/users?start=1&count=1&sort=username', { token: rootToken });
    expect(page.data.data.map((u: any) => u.username)).toEqual([names[1]]);
    const search = await api('/api/v1/users?search=ROOT', { token: rootToken });
    expect(search.data.data.map((u: any) => u.username)).toContain('root');
    expectInvalidParams(await api('/api/v1/users?sort=password', { token: rootToken }), 'sort');
    expectInvalidParams(await api('/api/v1/users?count=101', { token: rootToken }), 'count');
    expectInvalidParams(await api('/api/v1/users?start=-1', { token: rootToken }), 'start');
  });

  it('reads, updates and deletes one user', async () => {
    const { username, res } = await createByAdmin(rootToken);
    const id = res.data.user.id;
    const token = await login(username, password);

    expect((await api(`/api/v1/users/${id}`, { method: 'PUT', token: rootToken, json: { videoQuota: 42, emailVerified: true } })).status).toBe(204);
    expect((await api(`/api/v1/users/${id}`, { token: rootToken })).data).toMatchObject({ videoQuota: 42, emailVerified: true });
    expect((await api('/api/v1/users/me', { token })).status).toBe(200);
    // A new role ends the user's sessions.
    expect((await api(`/api/v1/users/${id}`, { method: 'PUT', token: rootToken, json: { role: 1 } })).status).toBe(204);
    expect((await api('/api/v1/users/me', { token })).status).toBe(401);
    expectInvalidParams(await api(`/api/v1/users/${id}`, { method: 'PUT', token: rootToken, json: { email: 'bad' } }), 'email');
    const { username: other } = await register();
    expect((await api(`/api/v1/users/${id}`, { method: 'PUT', token: rootToken, json: { email: `${other}@example.com` } })).status).toBe(409);

    expect((await api(`/api/v1/users/${id}`, { method: 'DELETE', token: rootToken })).status).toBe(204);
    expect((await api(`/api/v1/users/${id}`, { token: rootToken })).status).toBe(404);
    expect((await api(`/api/v1/accounts/${username}`)).status).toBe(404);
    expect((await api(`/api/v1/video-channels/${username}_channel`)).status).toBe(404);
    expect((await api(`/api/v1/users/${id}`, { method: 'DELETE', token: rootToken })).status).toBe(404);
  });

  it('never removes root nor changes its role, and validates ids', async () => {
    const root = (await api('/api/v1/users/me', { token: rootToken })).data;
    expect((await api(`/api/v1/users/${root.id}`, { method: 'DELETE', token: rootToken })).status).toBe(400);
    expect((await api(`/api/v1/users/${root.id}`, { method: 'PUT', token: rootToken, json: { role: 2 } })).status).toBe(400);
    expectInvalidParams(await api('/api/v1/users/abc', { token: rootToken }), 'id');
    expect((await api('/api/v1/users/99999999', { token: rootToken })).status).toBe(404);
  });
});

describe('POST /internal/bootstrap', () => {
  const url = () => instanceUrl('/internal/bootstrap');
  const body = JSON.stringify({ username: 'root', password: 'another-root-password' });

  it('refuses unsigned or wrongly signed calls', async () => {
    expect((await fetch(url(), { method: 'POST', body, headers: { 'content-type': 'application/json' } })).status).toBe(401);
    const forged = await signHmacRequest('not-the-companion-secret', { method: 'POST', url: url(), body });
    expect((await fetch(url(), { method: 'POST', body, headers: { ...forged, 'content-type': 'application/json' } })).status).toBe(401);
  });

  it('is idempotent: a second call creates nothing and keeps the root password', async () => {
    const headers = await signHmacRequest(inject('companionSecret'), { method: 'POST', url: url(), body });
    const res = await fetch(url(), { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ created: false });
    expect(await loginAsRoot()).toEqual(expect.any(String));
    await expect(login('root', 'another-root-password')).rejects.toThrow(/400/);
    const root = (await api('/api/v1/users/me', { token: rootToken })).data;
    expect(root).toMatchObject({
      role: { id: 0, label: 'Administrator' },
      videoQuota: -1,
      videoChannels: [{ name: 'root_channel', displayName: 'Main root channel' }],
    });
  });
});
