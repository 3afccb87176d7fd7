import { inject } from 'vitest';
import { apiAt, loginAt, type ApiInit } from './http-client';

export { apiAt, loginAt, type ApiInit };

/** A tiny client for the instance under test: real HTTP against wrangler dev. */
export function instanceUrl(path = '') {
  return `${inject('instanceUrl')}${path}`;
}

export async function api(path: string, init: ApiInit = {}) {
  return apiAt(inject('instanceUrl'), path, init);
}

/** Logs in with the password grant as a PeerTube client does, returning the access token. */
export async function login(username: string, password: string) {
  return loginAt(inject('instanceUrl'), username, password);
}

export async function loginAsRoot() {
  return login('root', inject('rootPassword'));
}

let seq = 0;
/** A unique, valid username for a test. */
export function uniqueName(prefix = 'user') {
  seq += 1;
  return `${prefix}_${Date.now().toString(36)}${seq}`;
}

/** A new user with the moderator role (1), created by an admin, logged in: their access token. */
export async function newModerator(adminToken: string, prefix = 'mod') {
  const username = uniqueName(prefix);
  const password = 'moderator-password';
  const res = await api('/api/v1/users', {
    method: 'POST',
    token: adminToken,
    json: { username, email: `${username}@example.com`, password, role: 1, videoQuota: -1, videoQuotaDaily: -1 },
  });
  if (res.status !== 200) throw new Error(`create moderator: ${res.status} ${JSON.stringify(res.data)}`);
  return login(username, password);
}
