import { refreshRemoteActor, refreshRemoteVideo } from '../../federation/refresh-remote';
import type { FederationJobHandler } from './types';

/**
 * `activitypub-refresh`: refetches an outdated remote video or actor (ADR 0015). It never fails:
 * a failed refetch is an outcome, not an error.
 */
export const activitypubRefreshHandler: FederationJobHandler<'activitypub-refresh'> = {
  async run(deps, job) {
    const { kind, url } = job.payload;
    const outcome = kind === 'video' ? await refreshRemoteVideo(deps, url) : await refreshRemoteActor(deps, url);
    console.log(`refresh of ${kind} ${url}: ${outcome}`);
    return 'completed';
  },
};
