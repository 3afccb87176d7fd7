/**
 * Processes one verified activity, from the `activitypub-inbox` job (or inline after the
 * inbox answered, when the Worker has no queue binding). The payload is
 * the activity and the signer's URL: the signature was checked on receipt.
 */
import { resolveActor } from '../remote-actors';
import type { FederationDeps } from '../deps';
import type { InboxJobPayload } from '../../jobs/types';
import { ACTIVITY_HANDLERS, type HandlerResult } from './handlers';

export async function processInboxActivity(deps: FederationDeps, payload: InboxJobPayload): Promise<HandlerResult> {
  const handler = ACTIVITY_HANDLERS[payload.activity.type];
  if (!handler) return { outcome: 'ignored', detail: `${payload.activity.type} is not handled` };
  const signer = await resolveActor(deps, payload.signerUrl);
  return handler({ ...deps, signer }, payload.activity);
}
