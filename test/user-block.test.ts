/**
 * POST /users/{id}/block and /unblock, as PeerTube 6.3 (server/core/controllers/api/users/index.ts,
 * usersBlockingValidator and ensureCanModerateUser in middlewares/validators/users/users.ts):
 * moderators block plain users, admins block anyone but root; a block ends every token and web
 * session of the user at once, and the login answers PeerTube's 400 access_denied.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, login, loginAsRoot, uniqueName } from './helpers/api';
import { newUploader, PASSWORD, type Uploader } from './helpers/video-uploads';

let rootToken: string;
let moderator: { token: string; userId: number };

async function newStaff(role: 0 | 1) {
  const username = uniqueName(role === 0 ? 'adm' : 'mod');
  const res = await api('/api/v1/users', {
    method: 'POST',
    token: rootToken,
    json: { username, email: `${username}@example.com`, password: PASSWORD, role, videoQuota: -1, videoQuotaDaily: -1 },
  });
  expect(res.status).toBe(200);
  return { token: await login(username, PASSWORD), userId: res.data.user.id as number, username };
}

const block = (id: number, token?: string, json: unknown = {}) => api(`/api/v1/users/${id}/block`, { method: 'POST', token, json });
const unblock = (id: number, token?: string) => api(`/api/v1/users/${id}/unblock`, { method: 'POST', token });

/** A password grant's pair, the way the site's session cookie carries it (http/session.ts). */
async function sessionCookieOf(username: string) {
  const client = await api('/api/v1/oauth-clients/local');
  const res = await api('/api/v1/users/token', {
    method: 'POST',
    form: { client_id: client.data.client_id, client_secret: client.data.client_secret, grant_type: 'password', username, password: PASSWORD },
  });
  expect(res.status).toBe(200);
  return `et_session=${res.data.access_token}.${res.data.refresh_token}`;
}

beforeAll(async () => {
  rootToken = await loginAsRoot();
  moderator = await newStaff(1);
});

describe('user block and unblock', () => {
  let target: Uploader;
  beforeAll(async () => {
    target = await newUploader();
  });

  it('blocks: 204, the user shows blocked with the reason, every token and web session stops at once', async () => {
    const cookie = await sessionCookieOf(target.username);
    expect((await api('/api/v1/users/me', { headers: { cookie } })).status).toBe(200);

    expect((await block(target.userId, moderator.token, { reason: 'spam everywhere' })).status).toBe(204);

    const shown = await api(`/api/v1/users/${target.userId}`, { token: rootToken });
    expect(shown.data).toMatchObject({ blocked: true, blockedReason: 'spam everywhere' });
    const me = await api('/api/v1/users/me', { token: target.token });
    expect([me.status, me.data.code]).toEqual([401, 'invalid_token']);
    // The session cookie neither authenticates nor refreshes: the refresh token went with it.
    expect((await api('/api/v1/users/me', { headers: { cookie } })).status).toBe(401);
    const relogin = await api('/api/v1/users/token', {
      method: 'POST',
      form: await passwordForm(target.username),
    });
    expect([relogin.status, relogin.data.code, relogin.data.detail]).toEqual([400, 'access_denied', 'User is blocked.']);
    const listed = await api(`/api/v1/users?blocked=true&search=${target.username}`, { token: rootToken });
    expect(listed.data.data.map((u: { id: number }) => u.id)).toEqual([target.userId]);
  });

  it('unblocks: 204, the reason is cleared and the user logs in again', async () => {
    expect((await unblock(target.userId, moderator.token)).status).toBe(204);
    const shown = await api(`/api/v1/users/${target.userId}`, { token: rootToken });
    expect(shown.data).toMatchObject({ blocked: false, blockedReason: null });
    const token = await login(target.username, PASSWORD);
    expect((await api('/api/v1/users/me', { token })).status).toBe(200);
  });

  it('blocks without a reason (PeerTube stores null)', async () => {
    const other = await newUploader();
    expect((await api(`/api/v1/users/${other.userId}/block`, { method: 'POST', token: rootToken })).status).toBe(204);
    expect((await api(`/api/v1/users/${other.userId}`, { token: rootToken })).data).toMatchObject({ blocked: true, blockedReason: null });
  });
});

async function passwordForm(username: string) {
  const client = await api('/api/v1/oauth-clients/local');
  return { client_id: client.data.client_id, client_secret: client.data.client_secret, grant_type: 'password', username, password: PASSWORD };
}

describe('who may block whom', () => {
  it('anonymous 401, a user 403, the user themself 403', async () => {
    const target = await newUploader();
    const other = await newUploader();
    expect((await block(target.userId)).status).toBe(401);
    expect((await block(target.userId, other.token)).status).toBe(403);
    expect((await block(target.userId, target.token)).status).toBe(403);
    expect((await unblock(target.userId, other.token)).status).toBe(403);
    expect((await api(`/api/v1/users/${target.userId}`, { token: rootToken })).data.blocked).toBe(false);
  });

  it('a moderator blocks plain users only (403 on a moderator or an admin); an admin blocks a moderator', async () => {
    const otherModerator = await newStaff(1);
    const admin = await newStaff(0);
    expect((await block(otherModerator.userId, moderator.token)).status).toBe(403);
    expect((await block(admin.userId, moderator.token)).status).toBe(403);
    expect((await block(otherModerator.userId, admin.token)).status).toBe(204);
    expect((await unblock(otherModerator.userId, admin.token)).status).toBe(204);
  });

  it('root cannot be blocked (400), an unknown user is 404, a bad id or reason is 400 with invalid-params', async () => {
    const root = await api('/api/v1/users/me', { token: rootToken });
    const refused = await block(root.data.id, rootToken);
    expect([refused.status, refused.data.detail]).toEqual([400, 'Cannot block the root user']);
    expect((await block(987654321, rootToken)).status).toBe(404);
    const badId = await api('/api/v1/users/abc/block', { method: 'POST', token: rootToken, json: {} });
    expect([badId.status, Object.keys(badId.data['invalid-params'])]).toEqual([400, ['id']]);
    const target = await newUploader();
    const badReason = await block(target.userId, rootToken, { reason: 'x' });
    expect([badReason.status, Object.keys(badReason.data['invalid-params'])]).toEqual([400, ['reason']]);
    expect((await block(target.userId, rootToken, { reason: 'y'.repeat(251) })).status).toBe(400);
  });
});
