import type { TestProject } from 'vitest/node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Instance } from '../scripts/instance';
import { startInstanceWithCompanion } from './helpers/companion-process';
import { buildWeb } from '../scripts/build-web';
import type { CompanionSupervisor } from '../scripts/companion-supervisor';

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
let companion: CompanionSupervisor | undefined;
let dataDir: string | undefined;

/** One real instance (libSQL server + wrangler dev/workerd) for the integration suite. */
export async function setup(project: TestProject) {
  // The pages' scripts (the player and its P2P chunk among them) are built from web/src: never test a stale bundle.
  await buildWeb({ quiet: true });
  dataDir = await mkdtemp(join(tmpdir(), 'edgetube-it-'));
  const rootPassword = 'root-password-for-tests';
  // The companion is a child process, restarted if it dies (the suite kills it on purpose).
  const started = await startInstanceWithCompanion({
    dataDir,
    rootPassword,
    vars: {
      ALLOW_LOOPBACK_FEDERATION: 'true',
      SIGNUP_ENABLED: 'true',
      SIGNUP_LIMIT: '1000',
      RATE_LIMIT_REGISTER_PER_HOUR: '1000',
      RATE_LIMIT_TOKEN_PER_MINUTE: '1000',
      JOB_LEASE_SECONDS: '6',
    },
  });
  ({ instance, companion } = started);
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
