import { federateComment } from '../../federation/outbox/comment-activities';
import { federateRate } from '../../federation/outbox/rate-activities';
import { federateView } from '../../federation/outbox/view-activities';
import { federateApproval } from '../../federation/outbox/reply-approval';
import { federateActorUpdate } from '../../federation/outbox/actor-activities';
import { federateActorDelete } from '../../federation/outbox/actor-delete';
import type { FederationJobHandler } from './types';

/** `activitypub-social`: a comment, rate, view, actor image change or actor removal made here, federated by the outbox. */
export const activitypubSocialHandler: FederationJobHandler<'activitypub-social'> = {
  async run(deps, job) {
    const p = job.payload;
    if (p.event === 'rate') await federateRate(deps, p);
    else if (p.event === 'view') await federateView(deps, p);
    else if (p.event === 'comment-approved') await federateApproval(deps, p.commentId);
    else if (p.event === 'actor-updated') await federateActorUpdate(deps, p.actorId);
    else if (p.event === 'actor-deleted') await federateActorDelete(deps, p);
    else await federateComment(deps, p);
    return 'completed';
  },
};
