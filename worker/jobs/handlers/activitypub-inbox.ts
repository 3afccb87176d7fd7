import { processInboxActivity } from '../../federation/inbox/process';
import type { FederationJobHandler } from './types';

/**
 * `activitypub-inbox`: processes one verified incoming activity. Replays are harmless: the
 * inbox handlers upsert and recount, and each activity is processed once (ADR 0007).
 */
export const activitypubInboxHandler: FederationJobHandler<'activitypub-inbox'> = {
  async run(deps, job) {
    const result = await processInboxActivity(deps, job.payload);
    if (result.outcome === 'ignored') console.log(`inbox: ${job.payload.activity.type} ${job.payload.activity.id} ignored: ${result.detail}`);
    return 'completed';
  },
};
