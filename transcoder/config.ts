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
  TRANSCODE_CONCURRENCY: z.coerce.number().int().positive().default(1),
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
};

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
  };
}
