import { RemoteFetchError } from '../../federation/fetch/remote-fetch';
import { recoverFollow } from '../../federation/follow-recovery';
import { FollowTargetError, runFollowJob } from '../../federation/instance-follow';
import { InvalidRemoteActorError } from '../../federation/remote-actors';
import { PermanentJobError } from '../errors';
import type { FederationJobHandler } from './types';

/**
 * `activitypub-follow`: our instance actor follows, unfollows, or answers a follower.
 * A target that is not an actor will not become one, and a refused or vanished URL
 * will not come back: no retry.
 */
export const activitypubFollowHandler: FederationJobHandler<'activitypub-follow'> = {
  async run(deps, job) {
    try {
      if (job.payload.action === 'recover') await recoverFollow(deps, job.payload.followId);
      else await runFollowJob(deps, job.payload);
    } catch (err) {
      if (err instanceof FollowTargetError || err instanceof InvalidRemoteActorError) throw new PermanentJobError(err.message);
      if (err instanceof RemoteFetchError && (err.reason === 'refused_url' || err.status === 404 || err.status === 410))
        throw new PermanentJobError(err.message);
      throw err;
    }
    return 'completed';
  },
};
