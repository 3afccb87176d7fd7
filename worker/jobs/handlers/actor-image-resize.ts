import { buildResizeRequest, currentImageOf, sizeKeys } from '../../services/actor-image-resize';
import { dispatchToCompanion } from './companion-dispatch';
import type { JobHandler } from './types';

/**
 * `actor-image-resize`: asks the companion for PeerTube's sizes of a new avatar or banner (ADR
 * 0025) and detaches; the companion stores them and reports through /internal/jobs/:id/resized.
 * Nothing to do when the image was replaced or removed meanwhile (any size a lost attempt stored
 * is deleted), when its sizes are already recorded, or without a companion. A failed job leaves
 * the uploaded image shown.
 */
export const actorImageResizeHandler: JobHandler<'actor-image-resize'> = {
  async run(ctx, job) {
    const current = await currentImageOf(ctx.db, job.payload);
    if (!current) {
      await ctx.media.delete(sizeKeys(job.payload.type, job.payload));
      return 'completed';
    }
    // Sizes recorded already, or nobody to make them (the upload stays the one image shown).
    if (current.sizes?.length || !ctx.config.companion.urls.length) return 'completed';
    return dispatchToCompanion(ctx.config, buildResizeRequest(job));
  },
};
