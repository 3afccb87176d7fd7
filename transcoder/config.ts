import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(9300),
  HOST: z.string().default('127.0.0.1'),
  WORKER_URL: z.string().url(),
  COMPANION_SECRET: z.string().min(16),
  TMP_DIR: z.string().min(1).optional(),
  FFMPEG_PATH: z.string().min(1).optional(),
  FFPROBE_PATH: z.string().min(1).optional(),
  /** Jobs run at once; more are refused with 503 (the Worker retries without spending an attempt). */
  DATA_DIR: z.string().min(1).optional(),
  TRANSCODE_CONCURRENCY: z.coerce.number().int().positive().default(1),
  /** The origin viewers see; the seeder announces to its tracker (defaults to WORKER_URL). */
  PUBLIC_URL: z.string().url().optional(),
  SEEDER_ENABLED: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /** The seeder's disk cache: keep it across restarts (seeding resumes without downloading again). */
  SEEDER_DIR: z.string().min(1).optional(),
  SEEDER_BUDGET_BYTES: z.coerce.number().int().positive().default(10_000_000_000),
  SEEDER_SYNC_SECONDS: z.coerce.number().positive().default(60),
  SEEDER_TORRENT_PORT: z.coerce.number().int().min(0).max(65535).default(0),
});

export type CompanionConfig = {
  port: number;
  host: string;
  /** Where the Worker is reachable from the companion (internal media and callbacks). */
  workerUrl: string;
  secret: string;
  tmpDir: string;
  ffmpegPath?: string;
  ffprobePath?: string;
  concurrency: number;
  seeder?: SeederConfig;
};

export type SeederConfig = { dir: string; budgetBytes: number; intervalMs: number; torrentPort: number; announce: string[] };

/** The URLs the Worker advertises as `trackerUrls` (worker/serializers/video.ts). */
function trackerUrls(origin: string) {
  const base = origin.replace(/\/+$/, '');
  return [`${base.replace(/^http/, 'ws')}/tracker/socket`, `${base}/tracker/announce`];
}

/** Parses the companion's environment once, at start-up (design.md, decision 10). */
export function parseCompanionConfig(env: Record<string, string | undefined>): CompanionConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid companion configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    workerUrl: e.WORKER_URL.replace(/\/+$/, ''),
    secret: e.COMPANION_SECRET,
    tmpDir: e.TMP_DIR ?? join(tmpdir(), 'edgetube-transcoder'),
    ffmpegPath: e.FFMPEG_PATH,
    ffprobePath: e.FFPROBE_PATH,
    concurrency: e.TRANSCODE_CONCURRENCY,
    seeder: e.SEEDER_ENABLED
      ? {
          dir: e.SEEDER_DIR ?? join(e.DATA_DIR ?? tmpdir(), 'edgetube-seeder'),
          budgetBytes: e.SEEDER_BUDGET_BYTES,
          intervalMs: e.SEEDER_SYNC_SECONDS * 1000,
          torrentPort: e.SEEDER_TORRENT_PORT,
          announce: trackerUrls(e.PUBLIC_URL ?? e.WORKER_URL),
        }
      : undefined,
  };
}
