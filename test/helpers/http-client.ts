/**
 * A tiny HTTP client for an edgetube (or PeerTube) instance at `base`, without vitest, so that
 * the benches use it too; test/helpers/api.ts binds it to the suite's instance.
 */

export type ApiInit = RequestInit & { token?: string; json?: unknown; form?: Record<string, string> };

/** A request to the instance at `base` (its origin): the status, headers and body (JSON when it parses). */
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
export async function loginAt(base: string, username: string, password: string) {
  const client = await apiAt(base, '/api/v1/oauth-clients/local');
  const res = await apiAt(base, '/api/v1/users/token', {
    method: 'POST',
    form: { client_id: client.data.client_id, client_secret: client.data.client_secret, grant_type: 'password', username, password },
  });
  if (res.status !== 200) throw new Error(`login failed for ${username}: ${res.status} ${JSON.stringify(res.data)}`);
  return res.data.access_token as string;
}
