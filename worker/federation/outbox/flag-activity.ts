/**
 * A report made here about a remote video or account → `Flag`, sent by our instance actor
 * (reports stay anonymous to the other side) to the flagged account's origin.
 * Shape of PeerTube's buildFlagActivity / abuse.toActivityPubObject: one object (the video,
 * else the account), the reason as markdown `content`, predefined reasons as `Hashtag` tags.
 */
import type { Config } from '../../config';
import { PermanentJobError } from '../../jobs/errors';
import { getAbuse, loadAbuseView } from '../../services/abuses';
import { findInstanceActor } from '../local-actors';
import type { FederationDeps } from '../deps';
import { deliveryInboxes } from './recipients';
import { sendToInboxes } from './send';

/** Our id for a report, as PeerTube's getLocalAbuseActivityPubUrl. */
export const localAbuseUrl = (config: Config, abuseId: number) => `${config.publicUrl}/admin/abuses/${abuseId}`;

export function buildFlag(input: { id: string; actorUrl: string; flaggedAccountUrl: string; videoUrl?: string; reason: string; predefinedReasons: string[] }) {
  return {
    '@context': ['https://www.w3.org/ns/activitystreams'],
    type: 'Flag',
    id: input.id,
    actor: input.actorUrl,
    to: [input.flaggedAccountUrl],
    cc: [],
    object: [input.videoUrl ?? input.flaggedAccountUrl],
    content: input.reason,
    mediaType: 'text/markdown',
    tag: input.predefinedReasons.map((name) => ({ type: 'Hashtag', name })),
  };
}

export async function federateAbuse(deps: FederationDeps, abuseId: number): Promise<'sent' | 'skipped'> {
  const view = await loadAbuseView(
    deps.db,
    await getAbuse(deps.db, abuseId).catch(() => {
      throw new PermanentJobError(`abuse ${abuseId} no longer exists`);
    }),
  );
  const flagged = view.flagged;
  if (!flagged || flagged.actor.host === null) return 'skipped';
  const instance = await findInstanceActor(deps.db);
  if (!instance) throw new Error('the instance actor is missing');
  const activity = buildFlag({
    id: localAbuseUrl(deps.config, abuseId),
    actorUrl: instance.url,
    flaggedAccountUrl: flagged.actor.url,
    videoUrl: view.video?.video.url,
    reason: view.abuse.reason,
    predefinedReasons: view.abuse.predefinedReasons ?? [],
  });
  await sendToInboxes(deps, { from: instance, inboxes: deliveryInboxes([flagged.actor]), activity });
  return 'sent';
}
