import { describe, it, expect } from 'vitest';
import { api, instanceUrl, loginAsRoot, login, uniqueName } from './helpers/api';
import { shapeDiff } from './helpers/shape';

describe('GET /api/v1/config', () => {
  it('has the shape of PeerTube 6.3', async () => {
    expect(await shapeDiff('api-config.json', instanceUrl('/api/v1/config'))).toBe('');
  });

  it('reports the instance, signup state and server version', async () => {
    const res = await api('/api/v1/config');
    expect(res.status).toBe(200);
    expect(res.data.instance.name).toEqual(expect.any(String));
    expect(res.data.serverVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(res.data.signup.allowed).toBe(true);
    expect(res.data.transcoding.hls.enabled).toBe(true);
  });

  it('serves /config/about', async () => {
    const res = await api('/api/v1/config/about');
    expect(res.status).toBe(200);
    expect(res.data.instance).toMatchObject({ name: expect.any(String), terms: expect.any(String) });
  });
});

describe('/api/v1/config/custom', () => {
  it('needs an admin', async () => {
    expect((await api('/api/v1/config/custom')).status).toBe(401);
    const name = uniqueName('cfg');
    const token = await loginAsRoot();
    const created = await api('/api/v1/users', {
      method: 'POST',
      token,
      json: { username: name, email: `${name}@example.com`, password: 'password123', role: 2, videoQuota: -1, videoQuotaDaily: -1 },
    });
    expect(created.status).toBe(200);
    const userToken = await login(name, 'password123');
    expect((await api('/api/v1/config/custom', { token: userToken })).status).toBe(403);
    expect((await api('/api/v1/config/custom', { method: 'PUT', token: userToken, json: { instance: { name: 'x' } } })).status).toBe(403);
  });

  it('changes what /config reports, and can be reset', async () => {
    const token = await loginAsRoot();
    const before = await api('/api/v1/config/custom', { token });
    expect(before.status).toBe(200);
    const put = await api('/api/v1/config/custom', { method: 'PUT', token, json: { instance: { name: 'Renamed tube' }, user: { videoQuota: 1_000_000 } } });
    expect(put.status).toBe(200);
    expect(put.data.instance.name).toBe('Renamed tube');
    const config = await api('/api/v1/config');
    expect(config.data.instance.name).toBe('Renamed tube');
    expect(config.data.user.videoQuota).toBe(1_000_000);
    const reset = await api('/api/v1/config/custom', { method: 'DELETE', token });
    expect(reset.data.instance.name).toBe(before.data.instance.name);
    expect((await api('/api/v1/config')).data.instance.name).toBe(before.data.instance.name);
  });

  it('rejects invalid settings with invalid-params, never a 500', async () => {
    const token = await loginAsRoot();
    for (const json of [{ instance: { name: '' } }, { signup: { limit: 'many' } }, { user: { videoQuota: -5 } }, { instance: { defaultNSFWPolicy: 'show' } }]) {
      const res = await api('/api/v1/config/custom', { method: 'PUT', token, json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.data['invalid-params']).toBeTruthy();
    }
    const malformed = await api('/api/v1/config/custom', { method: 'PUT', token, body: '{not json', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
  });
});
