import { federateAbuse } from '../../federation/outbox/flag-activity';
import type { FederationJobHandler } from './types';

/** `activitypub-flag`: sends a report of a remote video or account to its origin as a Flag. */
export const activitypubFlagHandler: FederationJobHandler<'activitypub-flag'> = {
  async run(deps, job) {
    await federateAbuse(deps, job.payload.abuseId);
    return 'completed';
  },
};
