import type { Job } from '../../db/schema';
import type { JobType } from '../types';
import type { JobHandler, JobHandlers, LeasedJob } from './types';
import { activitypubCrawlHandler } from './activitypub-crawl';
import { activitypubDeliverHandler } from './activitypub-deliver';
import { activitypubFlagHandler } from './activitypub-flag';
import { activitypubFollowHandler } from './activitypub-follow';
import { activitypubInboxHandler } from './activitypub-inbox';
import { activitypubRefreshHandler } from './activitypub-refresh';
import { activitypubSocialHandler } from './activitypub-social';
import { activitypubVideoHandler } from './activitypub-video';
import { videoTranscodeHandler } from './video-transcode';
import { actorImageResizeHandler } from './actor-image-resize';
import { activitypubPlaylistHandler } from './activitypub-playlist';
import { mediaRemovalHandler } from './media-removal';

export type { JobContext, JobHandler, JobOutcome, LeasedJob } from './types';

/**
 * The registry: one handler file per job type, named after it. The handlers are the consumer's
 * side of conventions.md, 6: they hand each event to federation (or to the companion), and only
 * they import both the jobs module and federation, so neither imports the other back.
 */
export const jobHandlers: JobHandlers = {
  'video-transcode': videoTranscodeHandler,
  'actor-image-resize': actorImageResizeHandler,
  'activitypub-inbox': activitypubInboxHandler,
  'activitypub-deliver': activitypubDeliverHandler,
  'activitypub-video': activitypubVideoHandler,
  'activitypub-social': activitypubSocialHandler,
  'activitypub-follow': activitypubFollowHandler,
  'activitypub-crawl': activitypubCrawlHandler,
  'activitypub-flag': activitypubFlagHandler,
  'activitypub-refresh': activitypubRefreshHandler,
  'activitypub-playlist': activitypubPlaylistHandler,
  'media-removal': mediaRemovalHandler,
};

/** The handler of a stored job, typed; undefined for a type this build does not know. */
export function handlerFor(job: Job): { handler: JobHandler<JobType>; job: LeasedJob<JobType> } | undefined {
  const handler = (jobHandlers as Record<string, JobHandler<JobType> | undefined>)[job.type];
  return handler ? { handler, job: job as LeasedJob<JobType> } : undefined;
}
