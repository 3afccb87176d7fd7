/**
 * Tells remote followers about a local video (peertube-compat.md, "Who gets what"):
 * the account's followers get Create/Update/Delete from the account; the channel's
 * followers get an Announce (and Updates); the instance's followers get an Announce
 * from the instance actor. Run by the `activitypub-video` job, which the videos
 * service enqueues when a video is published, edited or deleted.
 */
import { eq } from 'drizzle-orm';
import { actors } from '../../db/schema';
import { findVideoRow, loadVideoExtras } from '../../services/video-queries';
import { findInstanceActor } from '../local-actors';
import { isFederatable } from '../../services/video-access';
import type { FederationDeps } from '../deps';
import type { VideoEventPayload } from '../../jobs/types';
import { deliveryInboxes, remoteFollowers } from './recipients';
import { sendToInboxes } from './send';
import { buildAnnounceVideo, buildCreateVideo, buildDeleteVideo, buildUpdateVideo } from './video-activities';

export async function federateVideo(deps: FederationDeps, event: VideoEventPayload): Promise<'sent' | 'skipped'> {
  if (event.action === 'delete') {
    const [account] = await deps.db.select().from(actors).where(eq(actors.id, event.accountActorId)).limit(1);
    if (!account) return 'skipped';
    // The instance actor shared every local video, so its followers hear of the Delete too (PeerTube's getActorsInvolvedInVideo).
    const instanceActor = await findInstanceActor(deps.db);
    const recipients = [
      ...(await remoteFollowers(deps.db, event.accountActorId)),
      ...(await remoteFollowers(deps.db, event.channelActorId)),
      ...(instanceActor ? await remoteFollowers(deps.db, instanceActor.id) : []),
    ];
    await sendToInboxes(deps, { from: account, inboxes: deliveryInboxes(recipients), activity: buildDeleteVideo({ url: event.videoUrl }, account) });
    return 'sent';
  }

  const row = await findVideoRow(deps.db, { kind: 'id', id: event.videoId });
  if (!row || !isFederatable(row)) return 'skipped';
  const extras = await loadVideoExtras(deps.db, row.video.id);
  const accountFollowers = await remoteFollowers(deps.db, row.accountActor.id);
  const channelFollowers = await remoteFollowers(deps.db, row.channelActor.id);
  const instance = await findInstanceActor(deps.db);

  const ofAccount = event.action === 'create' ? buildCreateVideo(deps.config, row, extras) : buildUpdateVideo(deps.config, row, extras);
  const accountInboxes = deliveryInboxes(accountFollowers);
  await sendToInboxes(deps, { from: row.accountActor, inboxes: accountInboxes, activity: ofAccount });

  // Channel followers that do not already get the account's activity.
  const channelInboxes = deliveryInboxes(channelFollowers).filter((i) => !accountInboxes.includes(i));
  if (event.action === 'create') {
    await sendToInboxes(deps, {
      from: row.channelActor,
      inboxes: deliveryInboxes(channelFollowers),
      activity: buildAnnounceVideo(row, row.channelActor, instance ?? undefined),
    });
    if (instance) {
      const instanceInboxes = deliveryInboxes(await remoteFollowers(deps.db, instance.id));
      await sendToInboxes(deps, { from: instance, inboxes: instanceInboxes, activity: buildAnnounceVideo(row, instance, instance) });
    }
  } else {
    await sendToInboxes(deps, { from: row.accountActor, inboxes: channelInboxes, activity: ofAccount });
    if (instance) {
      const instanceInboxes = deliveryInboxes(await remoteFollowers(deps.db, instance.id)).filter(
        (i) => !accountInboxes.includes(i) && !channelInboxes.includes(i),
      );
      await sendToInboxes(deps, { from: row.accountActor, inboxes: instanceInboxes, activity: ofAccount });
    }
  }
  return 'sent';
}
