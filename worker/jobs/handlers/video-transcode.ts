import { VIDEO_STATE } from '../../db/schema';
import { buildTranscodeRequest, getVideoById, isTranscodeRecorded, markTranscodeFailed, resolveOriginalKey } from '../../services/transcoding';
import { PermanentJobError } from '../errors';
import { dispatchToCompanion } from './companion-dispatch';
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

    return dispatchToCompanion(ctx.config, buildTranscodeRequest(ctx.config, job, video, originalKey));
  },

  async onFailed(ctx, job) {
    await markTranscodeFailed(ctx.db, job.payload.videoId);
  },
};
