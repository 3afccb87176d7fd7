import { federateVideo } from '../../federation/outbox/federate-video';
import type { FederationJobHandler } from './types';

/** `activitypub-video`: builds a local video's activities and sends (or enqueues) one delivery per inbox. */
export const activitypubVideoHandler: FederationJobHandler<'activitypub-video'> = {
  async run(deps, job) {
    await federateVideo(deps, job.payload);
    return 'completed';
  },
};
