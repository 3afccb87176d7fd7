import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { checkBindings } from './check-deploy';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('npm run check:deploy', () => {
  it('passes on this project: wrangler bundles it, under 1 MiB gzip, with every binding', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'check:deploy'], { cwd: ROOT, timeout: 120_000 });
    expect(stdout).toMatch(/ok {3}bundle [\d.]+ KiB gzip/);
    expect(stdout).not.toContain('FAIL');
    expect(stdout).toContain('wrangler deploy would accept this Worker');
  });

  it('fails a configuration without the dead-letter queue or the sweep', () => {
    const options = {
      r2Buckets: { MEDIA: {} },
      queueProducers: { JOBS: { queueName: 'q' } },
      queueConsumers: { q: {} },
      assets: { binding: 'ASSETS' },
      compatibilityFlags: ['nodejs_compat'],
    };
    const failed = checkBindings(options, [])
      .filter((c) => !c.ok)
      .map((c) => c.what);
    expect(failed).toHaveLength(2);
    expect(failed.join()).toMatch(/dead-letter/);
    expect(failed.join()).toMatch(/cron/);
  });
});
