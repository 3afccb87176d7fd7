import { beforeAll, describe, expect, it } from 'vitest';
import { api, login, uniqueName } from './helpers/api';

// Issue 13: a NUL was stored, then read back cut at the NUL, so "\u0000\u0000\u0000" passed a
// 3-character minimum and read back as an empty name. Control characters are refused at validation.
const password = 'control-password';
let token: string;

beforeAll(async () => {
  const username = uniqueName('ctl');
  expect((await api('/api/v1/users/register', { method: 'POST', json: { username, email: `${username}@example.com`, password } })).status).toBe(204);
  token = await login(username, password);
});

describe('control characters in input', () => {
  it('refuses a channel whose display name is three NULs, and stores nothing', async () => {
    const name = uniqueName('ctlchan');
    const res = await api('/api/v1/video-channels', { method: 'POST', token, json: { name, displayName: '\u0000\u0000\u0000' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.data['invalid-params'].displayName).toMatchObject({ msg: 'Control characters are not allowed', location: 'body' });
    expect((await api(`/api/v1/video-channels/${name}`)).status).toBe(404);
  });

  it('refuses an escape sequence in a profile, and keeps the old value', async () => {
    const before = (await api('/api/v1/users/me', { token })).data.account.displayName;
    const res = await api('/api/v1/users/me', { method: 'PUT', token, json: { displayName: 'evil\u001b[31mred' } });
    expect(res.status).toBe(400);
    expect((await api('/api/v1/users/me', { token })).data.account.displayName).toBe(before);
  });

  it('still takes line breaks and tabs in a description', async () => {
    const name = uniqueName('ctlok');
    const res = await api('/api/v1/video-channels', {
      method: 'POST',
      token,
      json: { name, displayName: 'Fine name', description: 'line 1\nline 2\tand a tab' },
    });
    expect(res.status).toBe(200);
    expect((await api(`/api/v1/video-channels/${name}`)).data.description).toBe('line 1\nline 2\tand a tab');
  });
});
