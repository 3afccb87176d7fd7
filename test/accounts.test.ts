import { describe, it, expect, inject } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, instanceUrl, login, uniqueName } from './helpers/api';
import { shapeDiff } from './helpers/shape';

const host = () => new URL(inject('instanceUrl')).host;

describe('GET /api/v1/accounts/{name}', () => {
  it('has the shape of PeerTube 6.3', async () => {
    expect(await shapeDiff('api-account.json', instanceUrl('/api/v1/accounts/root'))).toBe('');
  });

  it('describes the root account, by name or name@host', async () => {
    const res = await api('/api/v1/accounts/root');
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({
      name: 'root',
      displayName: 'root',
      host: host(),
      url: instanceUrl('/accounts/root'),
      avatars: [],
      description: null,
      followersCount: expect.any(Number),
      followingCount: expect.any(Number),
      hostRedundancyAllowed: false,
      userId: expect.any(Number),
    });
    expect((await api(`/api/v1/accounts/root@${host()}`)).data.id).toBe(res.data.id);
  });

  it("serves the instance actor's account, as PeerTube does", async () => {
    const res = await api('/api/v1/accounts/peertube');
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ name: 'peertube', userId: null, url: instanceUrl('/accounts/peertube') });
  });

  it('answers 404 for unknown accounts, channels and other hosts', async () => {
    expect((await api('/api/v1/accounts/no_such_account')).status).toBe(404);
    expect((await api('/api/v1/accounts/root_channel')).status).toBe(404);
    expect((await api('/api/v1/accounts/root@elsewhere.example')).status).toBe(404);
  });

  it('reflects a new user and their profile changes', async () => {
    const username = uniqueName('acct');
    await api('/api/v1/users/register', { method: 'POST', json: { username, email: `${username}@example.com`, password: 'password1' } });
    const token = await login(username, 'password1');
    await api('/api/v1/users/me', { method: 'PUT', token, json: { displayName: 'Shown Name', description: 'Hello there' } });
    const res = await api(`/api/v1/accounts/${username}`);
    expect(res.data).toMatchObject({ name: username, displayName: 'Shown Name', description: 'Hello there' });
  });
});

describe('GET /api/v1/accounts/{name}/video-channels', () => {
  it("lists the account's channels, each shaped as PeerTube's VideoChannel", async () => {
    const res = await api('/api/v1/accounts/root/video-channels');
    expect(res.status).toBe(200);
    expect(res.data.total).toBe(res.data.data.length);
    expect(res.data.data.map((c: any) => c.name)).toContain('root_channel');
    const dir = await mkdtemp(join(tmpdir(), 'edgetube-accounts-test-'));
    try {
      const file = join(dir, 'channel.json');
      await writeFile(file, JSON.stringify(res.data.data.find((c: any) => c.name === 'root_channel')));
      expect(await shapeDiff('api-channel.json', file)).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('pages and validates its query, and 404s for an unknown account', async () => {
    expect((await api('/api/v1/accounts/root/video-channels?count=0')).data.data).toEqual([]);
    expect((await api('/api/v1/accounts/root/video-channels?count=1000')).status).toBe(400);
    expect((await api('/api/v1/accounts/no_such_account/video-channels')).status).toBe(404);
  });
});
