import type { Job } from '../../db/schema';
import type { JobType } from '../types';
import type { JobHandler, JobHandlers, LeasedJob } from './types';
import { transcodeHandler } from './transcode';
import { activitypubDeliverJob, activitypubInboxJob, activitypubVideoJob, activitypubSocialJob } from '../../federation/job-handlers';
import { activitypubCrawlJob, activitypubFollowJob } from '../../federation/instance-follow';
import { activitypubFlagJob } from '../../federation/outbox/flag-activity';
import { activitypubRefreshJob } from '../../federation/refresh-remote';

export type { JobContext, JobHandler, JobOutcome, LeasedJob } from './types';

/** The registry: one handler file per job type. */
export const jobHandlers: JobHandlers = {
  'video-transcode': transcodeHandler,
  // Federation's handlers live with federation (conventions.md, 6: the consumer hands events to it).
  'activitypub-inbox': activitypubInboxJob,
  'activitypub-deliver': activitypubDeliverJob,
  'activitypub-video': activitypubVideoJob,
  'activitypub-social': activitypubSocialJob,
  'activitypub-follow': activitypubFollowJob,
  'activitypub-crawl': activitypubCrawlJob,
  'activitypub-flag': activitypubFlagJob,
  'activitypub-refresh': activitypubRefreshJob,
};

/** The handler of a stored job, typed; undefined for a type this build does not know. */
export function handlerFor(job: Job): { handler: JobHandler<JobType>; job: LeasedJob<JobType> } | undefined {
  const handler = (jobHandlers as Record<string, JobHandler<JobType> | undefined>)[job.type];
  return handler ? { handler, job: job as LeasedJob<JobType> } : undefined;
}
