/**
 * The companion process: `tsx transcoder/index.ts`. Environment: PORT, WORKER_URL,
 * COMPANION_SECRET, TMP_DIR, FFMPEG_PATH, FFPROBE_PATH, TRANSCODE_CONCURRENCY (transcoder/config.ts).
 */
import { parseCompanionConfig } from './config';
import { startCompanion } from './server';

const config = parseCompanionConfig(process.env);
const companion = await startCompanion({
  port: config.port,
  host: config.host,
  workerUrl: config.workerUrl,
  secret: config.secret,
  tmpDir: config.tmpDir,
  ffmpegPath: config.ffmpegPath,
  ffprobePath: config.ffprobePath,
  concurrency: config.concurrency,
  seeder: config.seeder,
});
console.log(`[companion] listening on ${companion.url}, worker ${config.workerUrl}`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await companion.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
