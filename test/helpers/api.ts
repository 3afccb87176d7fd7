import { inject } from 'vitest';

/** A tiny client for the instance under test: real HTTP against wrangler dev. */
export function instanceUrl(path = '') {
  return `${inject('instanceUrl')}${path}`;
}

export type ApiInit = RequestInit & { token?: string; json?: unknown; form?: Record<string, string> };

export async function api(path: string, init: ApiInit = {}) {
  return apiAt(inject('instanceUrl'), path, init);
}

/** The same client for any instance (a second one started by a test): `base` is its origin. */
export async function apiAt(base: string, path: string, init: ApiInit = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  if (init.form) {
    headers.set('content-type', 'application/x-www-form-urlencoded');
    body = new URLSearchParams(init.form).toString();
  }
  const res = await fetch(`${base}${path}`, { ...init, headers, body });
  const text = await res.text();
  let data: any = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  return { status: res.status, headers: res.headers, data };
}

/** Logs in with the password grant as a PeerTube client does, returning the access token. */
export async function login(username: string, password: string) {
  return loginAt(inject('instanceUrl'), username, password);
}

/** `login` on any instance. */
export async function loginAt(base: string, username: string, password: string) {
  const client = await apiAt(base, '/api/v1/oauth-clients/local');
  const res = await apiAt(base, '/api/v1/users/token', {
    method: 'POST',
    form: { client_id: client.data.client_id, client_secret: client.data.client_secret, grant_type: 'password', username, password },
  });
  if (res.status !== 200) throw new Error(`login failed for ${username}: ${res.status} ${JSON.stringify(res.data)}`);
  return res.data.access_token as string;
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
