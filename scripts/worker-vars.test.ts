import { describe, expect, it } from 'vitest';
import { workerVarsFromEnv } from './worker-vars';

describe('workerVarsFromEnv', () => {
  it('passes ALLOW_LOOPBACK_FEDERATION through to the Worker', () => {
    expect(workerVarsFromEnv({ ALLOW_LOOPBACK_FEDERATION: 'true', PORT: '8787' })).toEqual({ ALLOW_LOOPBACK_FEDERATION: 'true' });
    expect(workerVarsFromEnv({ ALLOW_LOOPBACK_FEDERATION: '0' })).toEqual({ ALLOW_LOOPBACK_FEDERATION: '0' });
  });

  it('leaves wrangler.toml in charge when it is unset or empty', () => {
    expect(workerVarsFromEnv({})).toEqual({});
    expect(workerVarsFromEnv({ ALLOW_LOOPBACK_FEDERATION: '' })).toEqual({});
  });

  it('refuses a value the Worker would not parse, naming the variable', () => {
    expect(() => workerVarsFromEnv({ ALLOW_LOOPBACK_FEDERATION: 'yes' })).toThrow(/ALLOW_LOOPBACK_FEDERATION/);
  });

  it('passes JOB_LEASE_SECONDS through, a positive whole number only', () => {
    expect(workerVarsFromEnv({ JOB_LEASE_SECONDS: '6' })).toEqual({ JOB_LEASE_SECONDS: '6' });
    expect(() => workerVarsFromEnv({ JOB_LEASE_SECONDS: '0' })).toThrow(/JOB_LEASE_SECONDS/);
  });
});
