/**
 * Update of a local account or channel, sent when its avatar or banner changes (PeerTube's
 * sendUpdateActor, lib/activitypub/send/send-update.ts): the actor document itself, signed by
 * that actor, to the followers of the actor and of the actors that shared its videos (its
 * channels for an account, and the instance actor, which announces every local video).
 */
import { eq } from 'drizzle-orm';
import { videoChannels } from '../../db/schema';
import { AS_PUBLIC } from '../context';
import { serializeLocalActor } from '../actors/serialize-actor';
import { findInstanceActor, findLocalActorById } from '../local-actors';
import type { FederationDeps } from '../deps';
import { deliveryInboxes, remoteFollowers } from './recipients';
import { sendToInboxes } from './send';

export async function federateActorUpdate(deps: FederationDeps, actorId: number): Promise<'sent' | 'skipped'> {
  const local = await findLocalActorById(deps.db, actorId);
  if (!local || local.actor.type === 'Application') return 'skipped';
  const { actor } = local;
  const involved = [actor.id];
  if (local.account) {
    const channels = await deps.db.select({ id: videoChannels.actorId }).from(videoChannels).where(eq(videoChannels.accountId, local.account.id));
    involved.push(...channels.map((c) => c.id));
  }
  const instance = await findInstanceActor(deps.db);
  if (instance) involved.push(instance.id);
  const recipients = (await Promise.all(involved.map((id) => remoteFollowers(deps.db, id)))).flat();
  if (!recipients.length) return 'skipped';

  const { '@context': context, ...object } = serializeLocalActor(deps.config, local);
  const audience = { to: [AS_PUBLIC], cc: [actor.followersUrl || `${actor.url}/followers`] };
  const activity = {
    '@context': context,
    type: 'Update',
    // PeerTube's getUpdateActivityPubUrl(actor.url, actor.updatedAt): the image change moved updatedAt.
    id: `${actor.url}/updates/${actor.updatedAt.toISOString()}`,
    actor: actor.url,
    ...audience,
    object: { ...audience, ...object },
  };
  await sendToInboxes(deps, { from: actor, inboxes: deliveryInboxes(recipients), activity });
  return 'sent';
}
