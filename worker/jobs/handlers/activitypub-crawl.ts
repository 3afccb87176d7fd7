import { runCrawlJob } from '../../federation/instance-follow';
import type { FederationJobHandler } from './types';

/** `activitypub-crawl`: reads a followed actor's outbox, or indexes one remote video. */
export const activitypubCrawlHandler: FederationJobHandler<'activitypub-crawl'> = {
  async run(deps, job) {
    await runCrawlJob(deps, job.payload);
    return 'completed';
  },
};
