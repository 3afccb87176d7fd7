import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInstance, type Instance } from '../scripts/instance';
import { api, login, loginAsRoot, uniqueName } from './helpers/api';

/** A second instance beside the suite's one: its own port, data directory, database and keys. */
describe('two instances side by side', () => {
  let other: Instance;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgetube-second-'));
    other = await startInstance({
      dataDir: dir,
      rootPassword: 'second-root-password',
      logFile: join(dir, 'wrangler.log'),
      vars: { INSTANCE_NAME: 'second tube' },
    });
  });

  afterAll(async () => {
    await other?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serve their own configuration and accounts', async () => {
    expect(other.url).not.toBe(inject('instanceUrl'));
    const config = await fetch(`${other.url}/api/v1/config`).then((r) => r.json() as Promise<any>);
    expect(config.instance.name).toBe('second tube');

    const name = uniqueName('second');
    const token = await loginAsRoot();
    expect(
      (
        await api('/api/v1/users', {
          method: 'POST',
          token,
          json: { username: name, email: `${name}@example.com`, password: 'password123', role: 2, videoQuota: -1, videoQuotaDaily: -1 },
        })
      ).status,
    ).toBe(200);
    expect((await api(`/api/v1/accounts/${name}`)).status).toBe(200);
    expect((await fetch(`${other.url}/api/v1/accounts/${name}`)).status).toBe(404);

    // Each root has its own password, and each instance its own root actor key.
    await expect(login('root', 'second-root-password')).rejects.toThrow();
    const keyA = (
      await fetch(`${inject('instanceUrl')}/accounts/root`, { headers: { accept: 'application/activity+json' } }).then((r) => r.json() as Promise<any>)
    ).publicKey.publicKeyPem;
    const keyB = (await fetch(`${other.url}/accounts/root`, { headers: { accept: 'application/activity+json' } }).then((r) => r.json() as Promise<any>))
      .publicKey.publicKeyPem;
    expect(keyA).not.toBe(keyB);
  });

  it('keeps its data across a restart on the same data directory', async () => {
    const clientB = await fetch(`${other.url}/api/v1/oauth-clients/local`).then((r) => r.json() as Promise<any>);
    await other.stop();
    other = await startInstance({ dataDir: dir, logFile: join(dir, 'wrangler.log'), vars: { INSTANCE_NAME: 'second tube' } });
    expect(other.root.created).toBe(false);
    const again = await fetch(`${other.url}/api/v1/oauth-clients/local`).then((r) => r.json() as Promise<any>);
    expect(again).toEqual(clientB);
    const token = await fetch(`${other.url}/api/v1/users/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: again.client_id,
        client_secret: again.client_secret,
        grant_type: 'password',
        username: 'root',
        password: 'second-root-password',
      }),
    });
    expect(token.status).toBe(200);
  });
});
