import { removeVideoMedia } from '../../services/videos';
import type { JobHandler } from './types';

/**
 * `media-removal`: deletes what a removed channel or user left in R2, one video (or one list of
 * image keys) per job, with the function DELETE /videos/{id} uses. Deleting what is gone already
 * changes nothing, so a repeated job is harmless.
 */
export const mediaRemovalHandler: JobHandler<'media-removal'> = {
  async run(ctx, job) {
    const { videoUuid, multipart = [], keys = [] } = job.payload;
    const sessions = multipart.map((m) => ({ objectKey: m.key, multipartUploadId: m.uploadId }));
    await removeVideoMedia(ctx.media, { uuids: videoUuid ? [videoUuid] : [], sessions });
    if (keys.length) await ctx.media.delete(keys);
    return 'completed';
  },
};
