import { z } from 'zod';
import type { Env } from './env';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = z.coerce.number().int();

const configSchema = z.object({
  LIBSQL_URL: z.string().url(),
  LIBSQL_AUTH_TOKEN: z.string().optional(),
  PUBLIC_URL: z.string().url().optional(),
  INSTANCE_NAME: z.string().min(1).default('edgetube'),
  INSTANCE_SHORT_DESCRIPTION: z.string().default('A federated video platform on the edge, compatible with PeerTube.'),
  INSTANCE_DESCRIPTION: z.string().default(''),
  SIGNUP_ENABLED: bool.default('false'),
  SIGNUP_LIMIT: int.default(-1),
  USER_VIDEO_QUOTA: int.default(-1),
  USER_VIDEO_QUOTA_DAILY: int.default(-1),
  /** One companion URL, or several separated by commas (each job goes to the first that accepts it). */
  COMPANION_URL: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().url()))
    .optional(),
  COMPANION_SECRET: z.string().min(16).optional(),
  KEY_ENCRYPTION_SECRET: z.string().min(16).optional(),
  ALLOW_LOOPBACK_FEDERATION: bool.default('false'),
  RATE_LIMIT_TOKEN_PER_MINUTE: int.positive().default(30),
  RATE_LIMIT_REGISTER_PER_HOUR: int.positive().default(10),
  JOB_LEASE_SECONDS: int.positive().default(120),
  KEEP_ORIGINAL_FILES: bool.default('false'),
  CLOUDFLARE_ZONE_ID: z.string().min(1).optional(),
  CLOUDFLARE_API_TOKEN: z.string().min(1).optional(),
  TRACKER_ENABLED: bool.default('true'),
  TRACKER_ANNOUNCES_PER_MINUTE: int.positive().default(600),
});

export type Config = {
  /** Origin of the instance, without trailing slash, e.g. https://video.example. */
  publicUrl: string;
  /** Host (with port) as it appears in handles and WebFinger. */
  host: string;
  db: { url: string; authToken?: string };
  instance: { name: string; shortDescription: string; description: string };
  signup: { enabled: boolean; limit: number };
  user: { videoQuota: number; videoQuotaDaily: number };
  companion: { url?: string; urls: string[]; secret?: string };
  keyEncryptionSecret?: string;
  allowLoopbackFederation: boolean;
  rateLimits: { tokenPerMinute: number; registerPerHour: number };
  /** How long a leased job is held before the sweep may hand it out again; progress reports extend it. */
  jobs: { leaseSeconds: number };
  /** PeerTube's `original_file.keep`: keep the uploaded original after transcoding. */
  keepOriginalFiles: boolean;
  /** Purge by URL through Cloudflare's API after writes, in every location (ADR 0017); both or nothing. */
  cachePurge?: { zoneId: string; apiToken: string };
  /** The WebTorrent tracker (ADR 0021): on/off, and messages allowed per client address per minute. */
  tracker: { enabled: boolean; announcesPerMinute: number };
};

const cache = new Map<string, Config>();

/**
 * Parses the bindings once per isolate and per request origin (a pure value, so it may be memoised).
 * `requestUrl` gives the origin when PUBLIC_URL is not set (local runs).
 */
export function getConfig(env: Env, requestUrl?: string): Config {
  const origin = env.PUBLIC_URL || (requestUrl ? new URL(requestUrl).origin : 'http://localhost:8787');
  const hit = cache.get(origin);
  if (hit) return hit;
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  const publicUrl = origin.replace(/\/+$/, '');
  const config: Config = {
    publicUrl,
    host: new URL(publicUrl).host,
    db: { url: e.LIBSQL_URL, authToken: e.LIBSQL_AUTH_TOKEN },
    instance: { name: e.INSTANCE_NAME, shortDescription: e.INSTANCE_SHORT_DESCRIPTION, description: e.INSTANCE_DESCRIPTION },
    signup: { enabled: e.SIGNUP_ENABLED, limit: e.SIGNUP_LIMIT },
    user: { videoQuota: e.USER_VIDEO_QUOTA, videoQuotaDaily: e.USER_VIDEO_QUOTA_DAILY },
    companion: { url: e.COMPANION_URL?.[0], urls: e.COMPANION_URL ?? [], secret: e.COMPANION_SECRET },
    keyEncryptionSecret: e.KEY_ENCRYPTION_SECRET,
    allowLoopbackFederation: e.ALLOW_LOOPBACK_FEDERATION,
    rateLimits: { tokenPerMinute: e.RATE_LIMIT_TOKEN_PER_MINUTE, registerPerHour: e.RATE_LIMIT_REGISTER_PER_HOUR },
    jobs: { leaseSeconds: e.JOB_LEASE_SECONDS },
    keepOriginalFiles: e.KEEP_ORIGINAL_FILES,
    cachePurge: e.CLOUDFLARE_ZONE_ID && e.CLOUDFLARE_API_TOKEN ? { zoneId: e.CLOUDFLARE_ZONE_ID, apiToken: e.CLOUDFLARE_API_TOKEN } : undefined,
    tracker: { enabled: e.TRACKER_ENABLED, announcesPerMinute: e.TRACKER_ANNOUNCES_PER_MINUTE },
  };
  cache.set(origin, config);
  return config;
}
