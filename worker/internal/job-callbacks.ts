import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { ApiError } from '../errors';
import { completeJob, enqueueJob, getJob, notifyQueue, updateProgress } from '../jobs/store';
import { getHeldJob, recordJobFailure } from '../jobs/runner';
import type { JobContext } from '../jobs/handlers';
import type { JobPayloads } from '../jobs/types';
import { doneReportSchema, failedReportSchema, playableReportSchema, progressReportSchema, resizedReportSchema } from '../jobs/companion-protocol';
import { recordResizedImages, RESIZE_JOB } from '../services/actor-image-resize';
import { recordPlayable, recordTranscodeResult, resolveOriginalKey, TRANSCODE_JOB } from '../services/transcoding';
import { readSignedJson } from './signed';

/**
 * The companion's callbacks, HMAC-signed: progress (which keeps the lease alive),
 * playable, done and failed. Each quotes the attempt it works for; a call from
 * an attempt that no longer holds the lease gets 409 `stale_attempt`, and the
 * companion stops that work.
 */

const jobId = (c: Context<AppEnv>) => {
  const id = z.coerce.number().int().positive().safeParse(c.req.param('id'));
  if (!id.success) throw ApiError.notFound('no such job');
  return id.data;
};

const stale = () => ApiError.conflict('this attempt no longer holds the job', 'stale_attempt');

function jobContext(c: Context<AppEnv>): JobContext {
  return { db: c.var.db, config: c.var.config, media: c.env.MEDIA, queue: c.env.JOBS };
}

async function heldJob<T extends typeof TRANSCODE_JOB | typeof RESIZE_JOB>(c: Context<AppEnv>, id: number, attempt: number, type: T) {
  const job = await getHeldJob(jobContext(c), id, attempt);
  if (!job) throw stale();
  if (job.type !== type) throw ApiError.badRequest(`job ${id} is not a ${type} job`);
  return { ...job, payload: job.payload as JobPayloads[T] };
}

const heldTranscode = (c: Context<AppEnv>, id: number, attempt: number) => heldJob(c, id, attempt, TRANSCODE_JOB);

/** The companion may retry a final report whose answer it lost: same attempt, already completed. */
async function completedBy(c: Context<AppEnv>, id: number, attempt: number) {
  const existing = await getJob(c.var.db, id);
  return existing?.state === 'completed' && existing.attempts === attempt;
}

const enqueueBody = z.object({
  type: z.literal(TRANSCODE_JOB),
  payload: z.object({ videoId: z.number().int().positive(), originalKey: z.string().min(1).optional() }),
  dedupeKey: z.string().min(1).max(200).optional(),
  maxAttempts: z.number().int().min(1).max(50).optional(),
});

export function internalJobRoutes() {
  const app = new Hono<AppEnv>();

  /** Operator tooling (scripts, bench): enqueue a transcode as the upload API does. */
  app.post('/', async (c) => {
    const body = await readSignedJson(c, enqueueBody);
    const id = await enqueueJob(c.var.db, c.env.JOBS, body);
    return c.json({ id }, 201);
  });

  /** Sends one more wake-up message for a job, as an at-least-once queue may: harmless by design. */
  app.post('/:id/wake', async (c) => {
    await readSignedJson(c, z.object({}).passthrough());
    const id = jobId(c);
    if (!(await getJob(c.var.db, id))) throw ApiError.notFound('no such job');
    await notifyQueue(c.env.JOBS, id);
    return c.json({ ok: true });
  });

  app.post('/:id/progress', async (c) => {
    const report = await readSignedJson(c, progressReportSchema);
    const held = await updateProgress(c.var.db, jobId(c), {
      attempt: report.attempt,
      progress: report.progress,
      leaseMs: c.var.config.jobs.leaseSeconds * 1000,
    });
    if (!held) throw stale();
    return c.json({ ok: true });
  });

  app.post('/:id/playable', async (c) => {
    const report = await readSignedJson(c, playableReportSchema);
    const job = await heldTranscode(c, jobId(c), report.attempt);
    await recordPlayable(c.var.db, job.payload.videoId, report);
    await updateProgress(c.var.db, job.id, { attempt: report.attempt, leaseMs: c.var.config.jobs.leaseSeconds * 1000 });
    return c.json({ ok: true });
  });

  app.post('/:id/done', async (c) => {
    const report = await readSignedJson(c, doneReportSchema);
    const id = jobId(c);
    if (await completedBy(c, id, report.attempt)) return c.json({ ok: true, state: 'completed' });
    const job = await heldTranscode(c, id, report.attempt);
    // The published video and its announcement are recorded together (services/transcoding.ts).
    await recordTranscodeResult(c.var.db, c.env.JOBS, job.payload.videoId, report);
    if (!(await completeJob(c.var.db, job.id, { attempt: report.attempt }))) throw stale();
    if (!c.var.config.keepOriginalFiles) {
      const original = await resolveOriginalKey(c.var.db, job.payload);
      if (original)
        c.executionCtx.waitUntil(c.env.MEDIA.delete(original).catch((err) => console.warn(`job ${id}: could not delete the original ${original}`, err)));
    }
    return c.json({ ok: true, state: 'completed' });
  });

  /** An avatar's or banner's sizes are stored (ADR 0025): the actor lists them, if the image is still its own. */
  app.post('/:id/resized', async (c) => {
    const report = await readSignedJson(c, resizedReportSchema);
    const id = jobId(c);
    if (await completedBy(c, id, report.attempt)) return c.json({ ok: true, state: 'completed' });
    const job = await heldJob(c, id, report.attempt, RESIZE_JOB);
    await recordResizedImages(c.var.db, c.env.MEDIA, job.payload, report);
    if (!(await completeJob(c.var.db, job.id, { attempt: report.attempt }))) throw stale();
    return c.json({ ok: true, state: 'completed' });
  });

  app.post('/:id/failed', async (c) => {
    const report = await readSignedJson(c, failedReportSchema);
    const outcome = await recordJobFailure(jobContext(c), jobId(c), report.error, { attempt: report.attempt, permanent: !report.retryable });
    if (!outcome) throw stale();
    return c.json({ ok: true, state: outcome.state });
  });

  return app;
}
