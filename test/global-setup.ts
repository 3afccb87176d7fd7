import type { TestProject } from 'vitest/node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSecrets, startInstance, type Instance } from '../scripts/instance';
import { freePort } from '../scripts/ports';
import { superviseCompanion } from './helpers/companion-process';

declare module 'vitest' {
  export interface ProvidedContext {
    instanceUrl: string;
    libsqlUrl: string;
    rootPassword: string;
    companionSecret: string;
    dataDir: string;
    companionUrl: string;
  }
}

let instance: Instance | undefined;
let companion: Awaited<ReturnType<typeof superviseCompanion>> | undefined;
let dataDir: string | undefined;

/** One real instance (libSQL server + wrangler dev/workerd) for the integration suite. */
export async function setup(project: TestProject) {
  dataDir = await mkdtemp(join(tmpdir(), 'edgetube-it-'));
  const rootPassword = 'root-password-for-tests';
  // The companion (a child process, restarted if it dies) needs the Worker's URL, the Worker the companion's.
  const port = await freePort();
  companion = await superviseCompanion({
    port: await freePort(),
    workerUrl: `http://127.0.0.1:${port}`,
    secret: (await loadSecrets(dataDir)).COMPANION_SECRET,
    tmpDir: join(dataDir, 'companion-tmp'),
    logFile: join(dataDir, 'companion.log'),
  });
  try {
    instance = await startInstance({
      dataDir,
      port,
      companionUrl: companion.url,
      rootPassword,
      logFile: join(dataDir, 'wrangler.log'),
      vars: { ALLOW_LOOPBACK_FEDERATION: 'true', SIGNUP_ENABLED: 'true', SIGNUP_LIMIT: '50', RATE_LIMIT_REGISTER_PER_HOUR: '1000', RATE_LIMIT_TOKEN_PER_MINUTE: '1000', JOB_LEASE_SECONDS: '6' },
    });
  } catch (err) {
    await companion.stop();
    throw err;
  }
  project.provide('instanceUrl', instance.url);
  project.provide('libsqlUrl', instance.libsqlUrl);
  project.provide('rootPassword', rootPassword);
  project.provide('companionSecret', instance.secrets.COMPANION_SECRET);
  project.provide('dataDir', dataDir);
  project.provide('companionUrl', companion.url);
}

export async function teardown() {
  await instance?.stop();
  await companion?.stop();
  if (dataDir && !process.env.KEEP_TEST_DATA) await rm(dataDir, { recursive: true, force: true });
}
