/**
 * Worker vars that `npm start` takes from its own environment, as it takes PORT and DATA_DIR.
 * ALLOW_LOOPBACK_FEDERATION is what a local exchange with another instance (a second edgetube,
 * a dev PeerTube on :9000) needs; without this it took an edit of wrangler.toml.
 */
const PASSED_THROUGH = {
  ALLOW_LOOPBACK_FEDERATION: { pattern: /^(true|false|1|0)$/, expected: 'true, false, 1 or 0' },
  // How long a transcode lease lasts: the supervision test shortens it to see a killed job come back.
  JOB_LEASE_SECONDS: { pattern: /^[1-9]\d*$/, expected: 'a positive whole number of seconds' },
} as const;

export function workerVarsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, rule] of Object.entries(PASSED_THROUGH)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    // The Worker would refuse its whole config on a bad value; say which variable, here.
    if (!rule.pattern.test(value)) throw new Error(`${name} must be ${rule.expected} (got ${JSON.stringify(value)})`);
    vars[name] = value;
  }
  return vars;
}
