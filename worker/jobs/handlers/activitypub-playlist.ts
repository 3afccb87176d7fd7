import { federatePlaylist } from '../../federation/outbox/federate-playlist';
import type { FederationJobHandler } from './types';

/** `activitypub-playlist`: builds a local playlist's activities and sends (or enqueues) one delivery per inbox. */
export const activitypubPlaylistHandler: FederationJobHandler<'activitypub-playlist'> = {
  async run(deps, job) {
    await federatePlaylist(deps, job.payload);
    return 'completed';
  },
};
