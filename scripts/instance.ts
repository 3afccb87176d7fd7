import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startLibsqlServer } from './libsql-server/index';
import { migrateDatabase } from './migrate';
import { startWranglerDev } from './wrangler-dev';
import { startWorkerRuntime } from './worker-runtime';
import { freePort } from './ports';
import { signHmacRequest } from '../worker/crypto/hmac';

export type InstanceOptions = {
  dataDir: string;
  /** Port of the Worker; a free one when omitted. */
  port?: number;
  publicUrl?: string;
  rootPassword?: string;
  /** Extra Worker vars (SIGNUP_ENABLED, USER_VIDEO_QUOTA, ...). */
  vars?: Record<string, string>;
  /** Where wrangler's output goes; the console when omitted. */
  logFile?: string;
  logLevel?: 'error' | 'warn' | 'info' | 'log' | 'debug';
  companionUrl?: string;
  /**
   * `miniflare` (the default): the deployable bundle in one workerd through Miniflare's API, for
   * `npm start` and the tests. `wrangler-dev`: `wrangler dev` with its reload on edit, for
   * `npm run dev` (ADR 0018).
   */
  runtime?: 'miniflare' | 'wrangler-dev';
  /** Fire the cron triggers every minute, as Cloudflare does (`npm start`; tests run the sweep themselves). */
  crons?: boolean;
};

export type Instance = {
  url: string;
  libsqlUrl: string;
  dataDir: string;
  secrets: Secrets;
  root: { username: 'root'; password?: string; created: boolean };
  stop: () => Promise<void>;
};

type Secrets = { COMPANION_SECRET: string; KEY_ENCRYPTION_SECRET: string };

/** Secrets are made once per data directory and kept there, so a restart can still decrypt actor keys. */
export async function loadSecrets(dataDir: string): Promise<Secrets> {
  const file = join(dataDir, 'secrets.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Secrets;
  } catch {
    const secrets = { COMPANION_SECRET: randomBytes(32).toString('hex'), KEY_ENCRYPTION_SECRET: randomBytes(32).toString('hex') };
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}

/** Creates the root admin and its channel through the Worker, once. */
export async function bootstrap(url: string, secret: string, password: string) {
  const target = `${url}/internal/bootstrap`;
  const body = JSON.stringify({ username: 'root', password });
  const headers = await signHmacRequest(secret, { method: 'POST', url: target, body });
  const res = await fetch(target, { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' } });
  if (!res.ok) throw new Error(`bootstrap failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { created: boolean };
}

/**
 * Brings up one edgetube instance: the local libSQL server over `<dataDir>/db.sqlite`,
 * migrations, the Worker with local R2/Queues/Cache persisted under `<dataDir>/wrangler`,
 * and the root account. Used by `npm start` and by the integration tests alike.
 */
export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const secrets = await loadSecrets(dataDir);
  const libsql = await startLibsqlServer({ dbPath: join(dataDir, 'db.sqlite'), port: 0 });
  try {
    await migrateDatabase(libsql.url);
    const port = options.port ?? (await freePort());
    const publicUrl = options.publicUrl ?? `http://127.0.0.1:${port}`;
    const vars = {
      LIBSQL_URL: libsql.url,
      PUBLIC_URL: publicUrl,
      ...(options.companionUrl ? { COMPANION_URL: options.companionUrl } : {}),
      ...options.vars,
    };
    const common = { port, persistTo: join(dataDir, 'wrangler'), logFile: options.logFile, logLevel: options.logLevel, crons: options.crons };
    const worker =
      options.runtime === 'wrangler-dev'
        ? await startWranglerDev({ ...common, inspectorPort: await freePort(), vars, secretsFile: join(dataDir, 'secrets.env'), secrets })
        : await startWorkerRuntime({ ...common, bundleDir: join(dataDir, 'worker-bundle'), vars: { ...vars, ...secrets } });
    const password = options.rootPassword ?? randomBytes(12).toString('base64url');
    let created = false;
    try {
      ({ created } = await bootstrap(worker.url, secrets.COMPANION_SECRET, password));
    } catch (err) {
      await worker.stop();
      throw err;
    }
    return {
      url: publicUrl,
      libsqlUrl: libsql.url,
      dataDir,
      secrets,
      root: { username: 'root', password: created || options.rootPassword ? password : undefined, created },
      stop: async () => {
        await worker.stop();
        await libsql.close();
      },
    };
  } catch (err) {
    await libsql.close();
    throw err;
  }
}
