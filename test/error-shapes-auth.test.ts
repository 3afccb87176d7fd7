/**
 * Error shapes of authentication and OAuth, row by row as PeerTube 6.3 answers: status, content
 * type and exact keys. Sources: server/core/middlewares/auth.ts (`authenticate`: "Token is
 * invalid" with node-oauth2-server's error name), server/core/lib/auth/oauth.ts (handleOAuthToken's
 * order of checks), server/core/controllers/api/users/token.ts, server/core/middlewares/user-right.ts,
 * and the recorded fixture api-token-error.json.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, instanceUrl } from './helpers/api';
import { expectErrorShape, fixtureKeys, KEYS, PROBLEM_JSON, type ErrorShape } from './helpers/error-shape';
import { newUploader, PASSWORD, type Uploader } from './helpers/video-uploads';

let user: Uploader;
let client: { client_id: string; client_secret: string };

type Row = { name: string; request: () => Promise<Response>; shape: ErrorShape };

const get = (path: string, headers: Record<string, string> = {}) => fetch(instanceUrl(path), { headers });
const tokenForm = (form: Record<string, string>, contentType = 'application/x-www-form-urlencoded') =>
  fetch(instanceUrl('/api/v1/users/token'), {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: contentType.includes('json') ? JSON.stringify(form) : new URLSearchParams(form).toString(),
  });

beforeAll(async () => {
  user = await newUploader();
  client = (await api('/api/v1/oauth-clients/local')).data;
});

const TOKEN_ERROR = fixtureKeys('api-token-error.json');

const ROWS: Row[] = [
  // api-token-error.json: PeerTube 6.3's answer to a bad client.
  {
    name: 'token: unknown client',
    request: () => tokenForm({ client_id: 'nope', client_secret: 'nope', grant_type: 'password', username: 'root', password: 'x' }),
    shape: { status: 400, contentType: PROBLEM_JSON, keys: TOKEN_ERROR, code: 'invalid_client' },
  },
  {
    name: 'token: no client credentials',
    request: () => tokenForm({ grant_type: 'password', username: 'root', password: 'x' }),
    shape: { status: 400, contentType: PROBLEM_JSON, keys: TOKEN_ERROR, code: 'invalid_client' },
  },
  {
    name: 'token: unknown client and no grant type: the client is checked first',
    request: () => tokenForm({ client_id: 'nope', client_secret: 'nope' }),
    shape: { status: 400, contentType: PROBLEM_JSON, keys: TOKEN_ERROR, code: 'invalid_client' },
  },
  {
    name: 'token: no grant type',
    request: () => tokenForm({ ...client }),
    shape: { status: 400, contentType: PROBLEM_JSON, keys: TOKEN_ERROR, code: 'invalid_request' },
  },
  {
    name: 'token: unsupported grant type',
    request: () => tokenForm({ ...client, grant_type: 'client_credentials' }),
    shape: { status: 400, contentType: PROBLEM_JSON, keys: TOKEN_ERROR, code: 'unsupported_grant_type' },
  },
  {
    name: 'token: wrong password',
    request: () => tokenForm({ ...client, grant_type: 'password', username: user.username, password: 'not-the-password' }),
    shape: { status: 400, contentType: PROBLEM_JSON, keys: TOKEN_ERROR, code: 'invalid_grant' },
  },
  {
    name: 'token: unknown refresh token',
    request: () => tokenForm({ ...client, grant_type: 'refresh_token', refresh_token: 'deadbeef' }),
    shape: { status: 400, contentType: PROBLEM_JSON, keys: TOKEN_ERROR, code: 'invalid_grant' },
  },
  {
    name: 'token: a JSON body (PeerTube takes the form only)',
    request: () => tokenForm({ ...client, grant_type: 'password', username: user.username, password: 'x' }, 'application/json'),
    shape: { status: 400, contentType: PROBLEM_JSON, keys: TOKEN_ERROR, code: 'invalid_request' },
  },
  {
    name: 'no credentials on an authenticated route',
    request: () => get('/api/v1/users/me'),
    shape: { status: 401, contentType: PROBLEM_JSON, keys: KEYS.coded, code: 'unauthorized_request' },
  },
  {
    name: 'no credentials on a documented route (getAbuses)',
    request: () => get('/api/v1/abuses'),
    shape: { status: 401, contentType: PROBLEM_JSON, keys: KEYS.codedDocumented, code: 'unauthorized_request' },
  },
  {
    name: 'an unknown bearer token',
    request: () => get('/api/v1/users/me', { authorization: 'Bearer 0123456789abcdef' }),
    shape: { status: 401, contentType: PROBLEM_JSON, keys: KEYS.coded, code: 'invalid_token' },
  },
  {
    name: 'an unknown bearer token on an optionally authenticated route (getVideos)',
    request: () => get('/api/v1/videos', { authorization: 'Bearer 0123456789abcdef' }),
    shape: { status: 401, contentType: PROBLEM_JSON, keys: KEYS.codedDocumented, code: 'invalid_token' },
  },
  {
    name: 'Basic authentication: a malformed authorization header, 400',
    request: () => get('/api/v1/users/me', { authorization: `Basic ${btoa('root:password')}` }),
    shape: { status: 400, contentType: PROBLEM_JSON, keys: KEYS.coded, code: 'invalid_request' },
  },
  {
    name: 'a plain user on a moderators route: 403, no code',
    request: () => get('/api/v1/users', { authorization: `Bearer ${user.token}` }),
    shape: { status: 403, contentType: PROBLEM_JSON, keys: KEYS.plain },
  },
  {
    name: 'a plain user on a documented moderators route (getAbuses)',
    request: () => get('/api/v1/abuses', { authorization: `Bearer ${user.token}` }),
    shape: { status: 403, contentType: PROBLEM_JSON, keys: KEYS.plainDocumented },
  },
];

describe('error shapes: authentication and OAuth', () => {
  for (const row of ROWS) {
    it(row.name, async () => expectErrorShape(row.name, await row.request(), row.shape));
  }

  it('routes that never authenticate in PeerTube ignore a bad Authorization header (GET /config…, and the token route itself)', async () => {
    for (const path of ['/api/v1/config', '/api/v1/videos/categories', '/api/v1/accounts', `/api/v1/accounts/${user.username}`, '/api/v1/server/stats']) {
      expect((await get(path, { authorization: 'Basic whatever' })).status, path).toBe(200);
    }
    const granted = await fetch(instanceUrl('/api/v1/users/token'), {
      method: 'POST',
      headers: { authorization: 'Bearer expired0123456789', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...client, grant_type: 'password', username: user.username, password: PASSWORD }).toString(),
    });
    expect(granted.status).toBe(200);
  });
});
