import { describe, expect, it, inject } from 'vitest';
import { api, login, loginAsRoot, uniqueName } from './helpers/api';
import { waitFor } from './helpers/internal';

describe('GET /api/v1/runners: the companions the Worker has heard from', () => {
  it('is for administrators only', async () => {
    expect((await api('/api/v1/runners')).status).toBe(401);
    const username = uniqueName('runners');
    await api('/api/v1/users/register', { method: 'POST', json: { username, password: 'a-good-password', email: `${username}@example.com` } });
    expect((await api('/api/v1/runners', { token: await login(username, 'a-good-password') })).status).toBe(403);
  });

  it("lists the running companion, online, with its health, in PeerTube's runner shape", async () => {
    const token = await loginAsRoot();
    const companionUrl = inject('companionUrl');
    const health = (await (await fetch(`${companionUrl}/health`)).json()) as { pid: number; version: string; ffmpeg: string };
    // The companion reports at start and every 30 s; the suite may have restarted it on purpose.
    const runner = await waitFor(
      'the companion to have reported',
      async () => {
        const res = await api('/api/v1/runners', { token });
        expect(res.status).toBe(200);
        return (res.data.data as any[]).find((r) => r.url === companionUrl && r.pid === health.pid);
      },
      { timeoutMs: 40_000 },
    );
    expect(runner).toMatchObject({ online: true, version: health.version, ffmpeg: health.ffmpeg, name: new URL(companionUrl).host, ip: '127.0.0.1' });
    expect(runner.concurrency).toBeGreaterThan(0);
    expect(runner.diskFreeBytes).toBeGreaterThan(0);
    expect(Date.parse(runner.lastContact)).not.toBeNaN();
  });

  it('refuses an unsigned heartbeat', async () => {
    const res = await api('/internal/companions/heartbeat', {
      method: 'POST',
      json: { url: 'http://evil.example', version: '1.0.0', ffmpeg: null, activeJobs: 0, concurrency: 1, diskFreeBytes: null },
    });
    expect(res.status).toBe(401);
  });
});
