import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, login, uniqueName } from './helpers/api';
import { shapeDiff } from './helpers/shape';

let client: { client_id: string; client_secret: string };
let dir: string;
const password = 'oauth-password';
let username: string;

/** Shape-diffs a JSON body that came from a POST (the shared tool only GETs URLs), through a file. */
async function shapeOf(fixture: string, body: unknown) {
  const file = join(dir, `${uniqueName('body')}.json`);
  await writeFile(file, JSON.stringify(body));
  return shapeDiff(fixture, file);
}

const token = (form: Record<string, string>) => api('/api/v1/users/token', { method: 'POST', form });
const passwordGrant = (over: Record<string, string> = {}) =>
  token({ client_id: client.client_id, client_secret: client.client_secret, grant_type: 'password', username, password, ...over });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgetube-oauth-test-'));
  client = (await api('/api/v1/oauth-clients/local')).data;
  username = uniqueName('oauth');
  const res = await api('/api/v1/users/register', { method: 'POST', json: { username, email: `${username}@example.com`, password } });
  expect(res.status).toBe(204);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('GET /api/v1/oauth-clients/local', () => {
  it('gives the same public client every time', async () => {
    const again = await api('/api/v1/oauth-clients/local');
    expect(again.status).toBe(200);
    expect(client).toEqual({ client_id: expect.stringMatching(/^\w{16,}$/), client_secret: expect.stringMatching(/^\w{16,}$/) });
    expect(again.data).toEqual(client);
  });
});

describe('POST /api/v1/users/token', () => {
  it('issues a bearer pair with the password grant (form-urlencoded), uncached and rate-limit annotated', async () => {
    const res = await passwordGrant();
    expect(res.status).toBe(200);
    expect(res.data).toEqual({
      token_type: 'Bearer',
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: 86400,
      refresh_token_expires_in: 1209600,
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(Number(res.headers.get('x-ratelimit-remaining'))).toBeLessThan(1000);
    const me = await api('/api/v1/users/me', { token: res.data.access_token });
    expect(me.data.username).toBe(username);
  });

  it('accepts the email as username; refuses a JSON body as PeerTube does (form only: lib/auth/oauth.ts)', async () => {
    const fields = {
      client_id: client.client_id,
      client_secret: client.client_secret,
      grant_type: 'password',
      username: `${username.toUpperCase()}@EXAMPLE.COM`,
      password,
    };
    const asJson = await api('/api/v1/users/token', { method: 'POST', json: fields });
    expect([asJson.status, asJson.data.code]).toEqual([400, 'invalid_request']);
    const res = await api('/api/v1/users/token', { method: 'POST', form: fields });
    expect(res.status).toBe(200);
    expect(res.data.token_type).toBe('Bearer');
  });

  it('answers a wrong password with 400 invalid_grant in the OAuth error shape', async () => {
    const res = await passwordGrant({ password: 'wrong-password' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.data).toMatchObject({ code: 'invalid_grant', status: 400, error: expect.stringContaining('Invalid grant') });
    expect(await shapeOf('api-token-error.json', res.data)).toBe('');
    expect((await passwordGrant({ username: 'nobody_here' })).data.code).toBe('invalid_grant');
  });

  it('answers a bad client with 400 invalid_client, shaped like PeerTube 6.3', async () => {
    const res = await passwordGrant({ client_secret: 'not-the-secret' });
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({ code: 'invalid_client', detail: 'Invalid client: client is invalid', error: 'Invalid client: client is invalid' });
    expect(await shapeOf('api-token-error.json', res.data)).toBe('');
    const noClient = await token({ grant_type: 'password', username, password });
    expect([noClient.status, noClient.data.code]).toEqual([400, 'invalid_client']);
  });

  it('reports a missing or unknown grant type, and missing credentials', async () => {
    const unknown = await passwordGrant({ grant_type: 'client_credentials' });
    expect([unknown.status, unknown.data.code]).toEqual([400, 'unsupported_grant_type']);
    const none = await token({ client_id: client.client_id, client_secret: client.client_secret, username, password });
    expect([none.status, none.data.code]).toEqual([400, 'invalid_request']);
    const noPassword = await token({ client_id: client.client_id, client_secret: client.client_secret, grant_type: 'password', username });
    expect([noPassword.status, noPassword.data.code]).toEqual([400, 'invalid_request']);
    const noRefresh = await token({ client_id: client.client_id, client_secret: client.client_secret, grant_type: 'refresh_token' });
    expect([noRefresh.status, noRefresh.data.code]).toEqual([400, 'invalid_request']);
    const notJson = await api('/api/v1/users/token', { method: 'POST', body: '{nope', headers: { 'content-type': 'application/json' } });
    expect([notJson.status, notJson.data.code]).toEqual([400, 'invalid_request']);
    const notString = await api('/api/v1/users/token', { method: 'POST', json: { ...client, grant_type: 'password', username: ['a'], password } });
    expect([notString.status, notString.data.code]).toEqual([400, 'invalid_request']);
  });

  it('rotates on refresh: the old refresh and access tokens die, the new pair works', async () => {
    const first = (await passwordGrant()).data;
    const refreshed = await token({
      client_id: client.client_id,
      client_secret: client.client_secret,
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.data.access_token).not.toBe(first.access_token);
    expect(refreshed.data.refresh_token).not.toBe(first.refresh_token);

    const replay = await token({
      client_id: client.client_id,
      client_secret: client.client_secret,
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    expect([replay.status, replay.data.code]).toEqual([400, 'invalid_grant']);
    expect((await api('/api/v1/users/me', { token: first.access_token })).status).toBe(401);
    expect((await api('/api/v1/users/me', { token: refreshed.data.access_token })).status).toBe(200);
  });
});

describe('POST /api/v1/users/revoke-token', () => {
  it('needs a token', async () => {
    expect((await api('/api/v1/users/revoke-token', { method: 'POST' })).status).toBe(401);
  });

  it('kills the presented access token at once, and only it', async () => {
    const kept = await login(username, password);
    const revoked = await login(username, password);
    const res = await api('/api/v1/users/revoke-token', { method: 'POST', token: revoked });
    expect(res.status).toBe(200);
    const after = await api('/api/v1/users/me', { token: revoked });
    expect([after.status, after.data.code]).toEqual([401, 'invalid_token']);
    expect((await api('/api/v1/users/me', { token: kept })).status).toBe(200);
  });

  it('rejects an unknown bearer token with 401', async () => {
    expect((await api('/api/v1/users/me', { token: 'f'.repeat(64) })).status).toBe(401);
  });
});
