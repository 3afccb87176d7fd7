import { describe, it, expect, beforeAll, inject } from 'vitest';
import { api, instanceUrl, login, loginAsRoot, uniqueName } from './helpers/api';
import { shapeDiff } from './helpers/shape';

const password = 'channels-password';
const host = () => new URL(inject('instanceUrl')).host;

async function newUser() {
  const username = uniqueName('chan');
  const res = await api('/api/v1/users/register', { method: 'POST', json: { username, email: `${username}@example.com`, password } });
  expect(res.status).toBe(204);
  return { username, token: await login(username, password) };
}

const create = (token: string | undefined, json: Record<string, unknown>) => api('/api/v1/video-channels', { method: 'POST', token, json });

let owner: { username: string; token: string };
let other: { username: string; token: string };
let rootToken: string;

beforeAll(async () => {
  owner = await newUser();
  other = await newUser();
  rootToken = await loginAsRoot();
});

describe('GET /api/v1/video-channels/{handle}', () => {
  it('has the shape of PeerTube 6.3', async () => {
    expect(await shapeDiff('api-channel.json', instanceUrl('/api/v1/video-channels/root_channel'))).toBe('');
  });

  it('describes the channel and its owner, by name or name@host', async () => {
    const res = await api('/api/v1/video-channels/root_channel');
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({
      name: 'root_channel',
      displayName: 'Main root channel',
      host: host(),
      isLocal: true,
      avatars: [],
      banners: [],
      url: instanceUrl('/video-channels/root_channel'),
      ownerAccount: { name: 'root', host: host(), url: instanceUrl('/accounts/root') },
    });
    expect((await api(`/api/v1/video-channels/root_channel@${host()}`)).data.id).toBe(res.data.id);
  });

  it('answers 404 for an unknown channel, local or remote', async () => {
    expect((await api('/api/v1/video-channels/no_such_channel')).status).toBe(404);
    expect((await api('/api/v1/video-channels/root_channel@elsewhere.example')).status).toBe(404);
    // An account is not a channel.
    expect((await api('/api/v1/video-channels/root')).status).toBe(404);
  });
});

describe('GET /api/v1/video-channels', () => {
  it('lists channels with paging and sort', async () => {
    const all = await api('/api/v1/video-channels?count=100&sort=name');
    expect(all.status).toBe(200);
    expect(all.data.total).toBeGreaterThanOrEqual(3);
    const names = all.data.data.map((c: any) => c.name);
    expect(names).toContain('root_channel');
    expect(names).toEqual([...names].sort());
    const page = await api('/api/v1/video-channels?start=1&count=1&sort=name');
    expect(page.data.data.map((c: any) => c.name)).toEqual([names[1]]);
    expect(page.data.data[0].ownerAccount).toBeTruthy();
    const search = await api(`/api/v1/video-channels?search=${owner.username}`);
    expect(search.data.data.map((c: any) => c.name)).toEqual([`${owner.username}_channel`]);
  });

  it('rejects bad paging', async () => {
    for (const q of ['count=101', 'start=-1', 'sort=secret', 'count=abc']) {
      const res = await api(`/api/v1/video-channels?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.data['invalid-params'], q).toBeTruthy();
    }
  });
});

describe('POST /api/v1/video-channels', () => {
  it('needs a token', async () => {
    expect((await create(undefined, { name: uniqueName('c'), displayName: 'x' })).status).toBe(401);
  });

  it('creates a channel for the viewer and answers {videoChannel:{id}}', async () => {
    const name = uniqueName('made');
    const res = await create(owner.token, { name, displayName: 'Made here', description: 'A description', support: 'Please support' });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ videoChannel: { id: expect.any(Number) } });
    const got = (await api(`/api/v1/video-channels/${name}`)).data;
    expect(got).toMatchObject({
      id: res.data.videoChannel.id,
      displayName: 'Made here',
      description: 'A description',
      support: 'Please support',
      ownerAccount: { name: owner.username },
    });
    const me = (await api('/api/v1/users/me', { token: owner.token })).data;
    expect(me.videoChannels.map((c: any) => c.name)).toEqual([`${owner.username}_channel`, name]);
  });

  it('answers 409 for a name used by any channel or account', async () => {
    expect((await create(other.token, { name: `${owner.username}_channel`, displayName: 'x' })).status).toBe(409);
    expect((await create(other.token, { name: owner.username, displayName: 'x' })).status).toBe(409);
    expect((await create(other.token, { name: 'peertube', displayName: 'x' })).status).toBe(409);
  });

  it('rejects bad input with invalid-params', async () => {
    for (const [json, field] of [
      [{ name: 'Bad Name', displayName: 'x' }, 'name'],
      [{ name: uniqueName('c') }, 'displayName'],
      [{ name: uniqueName('c'), displayName: 'x'.repeat(121) }, 'displayName'],
      [{ name: uniqueName('c'), displayName: 'x', description: 'ab' }, 'description'],
      [{ name: uniqueName('c'), displayName: 'x', support: 7 }, 'support'],
    ] as const) {
      const res = await create(owner.token, json);
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(Object.keys(res.data['invalid-params'])).toContain(field);
    }
  });
});

describe('PUT and DELETE /api/v1/video-channels/{handle}', () => {
  let name: string;
  beforeAll(async () => {
    name = uniqueName('edit');
    expect((await create(owner.token, { name, displayName: 'Before' })).status).toBe(200);
  });

  it('lets the owner and an admin update, not another user', async () => {
    expect((await api(`/api/v1/video-channels/${name}`, { method: 'PUT', json: { displayName: 'Anon' } })).status).toBe(401);
    expect((await api(`/api/v1/video-channels/${name}`, { method: 'PUT', token: other.token, json: { displayName: 'Hijack' } })).status).toBe(403);
    expect(
      (await api(`/api/v1/video-channels/${name}`, { method: 'PUT', token: owner.token, json: { displayName: 'After', support: 'Support me' } })).status,
    ).toBe(204);
    expect((await api(`/api/v1/video-channels/${name}`, { method: 'PUT', token: rootToken, json: { description: 'Set by admin' } })).status).toBe(204);
    expect((await api(`/api/v1/video-channels/${name}`)).data).toMatchObject({ displayName: 'After', support: 'Support me', description: 'Set by admin' });
    const bad = await api(`/api/v1/video-channels/${name}`, { method: 'PUT', token: owner.token, json: { displayName: '' } });
    expect(bad.status).toBe(400);
    expect((await api('/api/v1/video-channels/no_such_channel', { method: 'PUT', token: owner.token, json: { displayName: 'x' } })).status).toBe(404);
  });

  it('lets the owner delete, never another user, and never the last channel', async () => {
    expect((await api(`/api/v1/video-channels/${name}`, { method: 'DELETE' })).status).toBe(401);
    expect((await api(`/api/v1/video-channels/${name}`, { method: 'DELETE', token: other.token })).status).toBe(403);
    expect((await api(`/api/v1/video-channels/${name}`, { method: 'DELETE', token: owner.token })).status).toBe(204);
    expect((await api(`/api/v1/video-channels/${name}`)).status).toBe(404);
    const last = await api(`/api/v1/video-channels/${other.username}_channel`, { method: 'DELETE', token: other.token });
    expect(last.status).toBe(409);
    expect((await api(`/api/v1/video-channels/${other.username}_channel`)).status).toBe(200);
  });
});
