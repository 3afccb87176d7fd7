import { signHmacRequest } from '../../crypto/hmac';
import { VIDEO_STATE } from '../../db/schema';
import { buildTranscodeRequest, getVideoById, isTranscodeRecorded, markTranscodeFailed, resolveOriginalKey } from '../../services/transcoding';
import { COMPANION_BUSY_RETRY_SECONDS } from '../companion-protocol';
import { PermanentJobError, RetryLaterError } from '../errors';
import type { JobHandler } from './types';

/**
 * `video-transcode`: hands the work to the companion (design.md, decision 5) and
 * detaches. The companion answers 202 at once, then keeps the lease alive with
 * progress reports and finishes the job through /internal/jobs/:id/{done,failed}.
 */
export const videoTranscodeHandler: JobHandler<'video-transcode'> = {
  async run(ctx, job) {
    const video = await getVideoById(ctx.db, job.payload.videoId);
    // Deleted meanwhile: nothing left to do.
    if (!video) return 'completed';
    // A duplicate delivery after an earlier attempt stored everything.
    if ((await isTranscodeRecorded(ctx.db, video.id)) && video.state === VIDEO_STATE.PUBLISHED) return 'completed';

    const { urls, secret } = ctx.config.companion;
    if (!urls.length || !secret) throw new Error('no transcoding companion is configured (COMPANION_URL, COMPANION_SECRET)');

    const originalKey = await resolveOriginalKey(ctx.db, job.payload);
    if (!originalKey || !(await ctx.media.head(originalKey))) throw new PermanentJobError('the uploaded file is missing');

    const body = JSON.stringify(buildTranscodeRequest(ctx.config, job, video, originalKey));
    // Several companions: start at a different one per job, take the first that accepts.
    const order = urls.map((_, i) => urls[(job.id + i) % urls.length]);
    let busyFor = 0;
    const errors: string[] = [];
    for (const url of order) {
      const answer = await dispatch(url, secret, body);
      if (answer.accepted) return 'detached';
      if (answer.busyForMs !== undefined) busyFor = busyFor ? Math.min(busyFor, answer.busyForMs) : answer.busyForMs;
      else errors.push(answer.error);
    }
    if (busyFor) throw new RetryLaterError('every transcoding companion is busy', busyFor);
    throw new Error(`no transcoding companion took the job: ${errors.join('; ')}`);
  },

  async onFailed(ctx, job) {
    await markTranscodeFailed(ctx.db, job.payload.videoId);
  },
};

type DispatchAnswer = { accepted: true } | { accepted: false; busyForMs: number } | { accepted: false; busyForMs?: undefined; error: string };

async function dispatch(url: string, secret: string, body: string): Promise<DispatchAnswer> {
  const target = `${url.replace(/\/+$/, '')}/jobs`;
  try {
    const headers = await signHmacRequest(secret, { method: 'POST', url: target, body });
    const res = await fetch(target, { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' }, signal: AbortSignal.timeout(15_000) });
    const text = await res.text();
    if (res.status === 202 || res.status === 200) return { accepted: true };
    if (res.status === 503) return { accepted: false, busyForMs: (Number(res.headers.get('retry-after')) || COMPANION_BUSY_RETRY_SECONDS) * 1000 };
    return { accepted: false, error: `${new URL(target).host} answered ${res.status} ${text.slice(0, 300)}` };
  } catch (err) {
    return { accepted: false, error: `${new URL(target).host}: ${(err as Error).message}` };
  }
}
