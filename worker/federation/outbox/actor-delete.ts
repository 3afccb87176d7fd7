/**
 * Delete of a local account or channel that was removed (PeerTube's sendDeleteActor,
 * lib/activitypub/send/send-delete.ts): an activity whose object is the actor's own URL, signed
 * by that actor, sent to the inboxes the removal recorded. The actor's row outlives its account
 * or channel, as in PeerTube (services/actor-removal.ts), so the delivery jobs sign with its key
 * as they sign everything else. The activity names the actor only: none of its videos.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { actors, type Actor } from '../../db/schema';
import { ACTIVITY_CONTEXT } from '../context';
import type { FederationDeps } from '../deps';
import { sendToInboxes } from './send';

/** PeerTube's buildDeleteActivity(getDeleteActivityPubUrl(actor.url), actor.url, actor), without an audience. */
export function buildDeleteActor(actor: Pick<Actor, 'url'>) {
  return { '@context': ACTIVITY_CONTEXT, type: 'Delete', id: `${actor.url}/delete`, actor: actor.url, object: actor.url };
}

export async function federateActorDelete(deps: FederationDeps, event: { actorId: number; inboxes: string[] }): Promise<'sent' | 'skipped'> {
  const [actor] = await deps.db
    .select()
    .from(actors)
    .where(and(eq(actors.id, event.actorId), isNull(actors.host)))
    .limit(1);
  if (!actor || !event.inboxes.length) return 'skipped';
  await sendToInboxes(deps, { from: actor, inboxes: event.inboxes, activity: buildDeleteActor(actor) });
  return 'sent';
}
