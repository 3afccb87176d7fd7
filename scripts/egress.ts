import type { WorkerOptions } from 'miniflare';

/** Name of the Worker every outbound fetch of edgetube's Worker goes through in the local runner. */
export const EGRESS_WORKER = 'egress';

/**
 * Where the Worker's fetches may connect, checked by workerd at connect time against the address
 * the hostname resolved to (ADR 0018). The Worker's own check (`address-policy.ts`) sees only the
 * URL as written; a name in `/etc/hosts` or DNS pointing at 127.0.0.1 passes it, and is refused
 * here. `internalOrigins` (the libSQL server, the companions) are the only loopback destinations
 * allowed unless `allowLoopback` (ALLOW_LOOPBACK_FEDERATION, for local multi-instance runs).
 */
export function egressWorker(options: { internalOrigins: string[]; allowLoopback: boolean }): WorkerOptions {
  return {
    name: EGRESS_WORKER,
    modules: true,
    compatibilityDate: '2026-04-20',
    script: `
      export default {
        fetch(request, env) {
          const internal = env.INTERNAL_ORIGINS.includes(new URL(request.url).origin);
          return (internal ? env.INTERNAL : env.REMOTE).fetch(request);
        },
      };`,
    bindings: { INTERNAL_ORIGINS: options.internalOrigins },
    serviceBindings: {
      INTERNAL: { network: { allow: ['public', 'private', 'local'], deny: [], tlsOptions: { trustBrowserCas: true } } },
      REMOTE: { network: { allow: options.allowLoopback ? ['public', 'local'] : ['public'], deny: [], tlsOptions: { trustBrowserCas: true } } },
    },
  };
}

/** The origins of a comma-separated list of URLs (COMPANION_URL may name several companions). */
export function originsOf(...urls: (string | undefined)[]): string[] {
  const origins = new Set<string>();
  for (const list of urls) {
    for (const url of (list ?? '').split(',')) {
      const trimmed = url.trim();
      if (!trimmed) continue;
      try {
        origins.add(new URL(trimmed.replace(/^libsql:/, 'https:')).origin);
      } catch {
        /* not a URL: nothing to allow */
      }
    }
  }
  return [...origins];
}
