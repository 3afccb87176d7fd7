import type { JobMessage } from './jobs/contract';

/** The Worker's bindings, as declared in wrangler.toml. Read only through `getConfig`. */
export interface Env {
  MEDIA: R2Bucket;
  JOBS: Queue<JobMessage>;
  ASSETS?: Fetcher;
  LIBSQL_URL: string;
  LIBSQL_AUTH_TOKEN?: string;
  PUBLIC_URL?: string;
  INSTANCE_NAME?: string;
  INSTANCE_SHORT_DESCRIPTION?: string;
  INSTANCE_DESCRIPTION?: string;
  SIGNUP_ENABLED?: string;
  SIGNUP_LIMIT?: string;
  USER_VIDEO_QUOTA?: string;
  USER_VIDEO_QUOTA_DAILY?: string;
  COMPANION_URL?: string;
  COMPANION_SECRET?: string;
  KEY_ENCRYPTION_SECRET?: string;
  ROOT_PASSWORD?: string;
  ALLOW_LOOPBACK_FEDERATION?: string;
  RATE_LIMIT_TOKEN_PER_MINUTE?: string;
  RATE_LIMIT_REGISTER_PER_HOUR?: string;
  JOB_LEASE_SECONDS?: string;
  KEEP_ORIGINAL_FILES?: string;
  CLOUDFLARE_ZONE_ID?: string;
  CLOUDFLARE_API_TOKEN?: string;
  /** "true" only under `npm run bench:cost`: count billable operations (worker/meter/operations.ts). */
  METER_OPERATIONS?: string;
  TRACKER_ENABLED?: string;
  TRACKER_ANNOUNCES_PER_MINUTE?: string;
  /** The WebTorrent tracker, one Durable Object for the instance (ADR 0021). */
  TRACKER: DurableObjectNamespace;
}
