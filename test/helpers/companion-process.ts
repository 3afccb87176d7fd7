import { join } from 'node:path';
import { loadSecrets, startInstance, type InstanceOptions } from '../../scripts/instance';
import { freePort } from '../../scripts/ports';
import { superviseCompanion } from '../../scripts/companion-supervisor';

/**
 * An instance with its companion, as the integration suite and the benchmarks run it: the Worker's
 * port is chosen first, since the companion needs the Worker's URL and the Worker the companion's.
 */
export async function startInstanceWithCompanion(options: Omit<InstanceOptions, 'port' | 'companionUrl' | 'logFile'>) {
  const port = await freePort();
  // The suite kills the companion on purpose (SIGKILL mid-transcode): it comes back quickly.
  const companion = superviseCompanion({
    port: await freePort(),
    workerUrl: `http://127.0.0.1:${port}`,
    secret: (await loadSecrets(options.dataDir)).COMPANION_SECRET,
    tmpDir: join(options.dataDir, 'companion-tmp'),
    logFile: join(options.dataDir, 'companion.log'),
    // test/seeder.test.ts runs its own seeder; this one would fetch every video of the suite.
    env: { SEEDER_ENABLED: 'false' },
  });
  try {
    await companion.ready();
    const instance = await startInstance({ ...options, port, companionUrl: companion.url, logFile: join(options.dataDir, 'worker.log') });
    return {
      instance,
      companion,
      stop: async () => {
        await instance.stop();
        await companion.stop();
      },
    };
  } catch (err) {
    await companion.stop();
    throw err;
  }
}
