/**
 * A view counted here of a remote video → View to its origin, sent by the instance actor as
 * PeerTube's VideoViewsManager does, so the origin counts it too.
 */
import { findVideoRow } from '../../services/video-queries';
import { findInstanceActor } from '../local-actors';
import { localViewUrl, serializeView } from '../objects/serialize-rate';
import type { FederationDeps } from '../deps';
import { deliveryInboxes } from './recipients';
import { sendToInboxes } from './send';

export async function federateView(deps: FederationDeps, event: { videoId: number; viewerIdentifier: string }): Promise<'sent' | 'skipped'> {
  const row = await findVideoRow(deps.db, { kind: 'id', id: event.videoId });
  const instance = await findInstanceActor(deps.db);
  if (!row || row.video.isLocal || !instance) return 'skipped';
  const activity = serializeView({ id: localViewUrl(instance.url, row.video.id, event.viewerIdentifier), actor: instance, videoUrl: row.video.url });
  await sendToInboxes(deps, { from: instance, inboxes: deliveryInboxes([row.accountActor]), activity });
  return 'sent';
}
