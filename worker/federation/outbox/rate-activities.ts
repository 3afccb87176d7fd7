/**
 * Rates made here on a remote video → Like / Dislike, and Undo of the previous one, sent to
 * the video's origin (PeerTube's sendVideoRelatedActivityToOrigin: the video account's shared inbox).
 * Rates of local videos are not sent: PeerTube federates their counts with Update(Video).
 */
import { eq } from 'drizzle-orm';
import { accounts, actors, type Actor } from '../../db/schema';
import { localRateUrl } from '../../services/rates';
import { findVideoRow, type VideoRow } from '../../services/video-queries';
import { serializeRate, serializeUndo } from '../objects/serialize-rate';
import type { FederationDeps } from '../deps';
import { deliveryInboxes } from './recipients';
import { sendToInboxes } from './send';

type RateEvent = { accountId: number; videoId: number; previous: 'like' | 'dislike' | null; current: 'like' | 'dislike' | null };

export function buildRate(type: 'like' | 'dislike', by: Pick<Actor, 'url' | 'followersUrl'>, row: Pick<VideoRow, 'video'>) {
  return serializeRate({ type, id: localRateUrl(by.url, type, row.video.id), actor: by, videoUrl: row.video.url });
}

export async function federateRate(deps: FederationDeps, event: RateEvent): Promise<'sent' | 'skipped'> {
  const [by] = await deps.db
    .select({ actor: actors })
    .from(accounts)
    .innerJoin(actors, eq(actors.id, accounts.actorId))
    .where(eq(accounts.id, event.accountId))
    .limit(1);
  const row = await findVideoRow(deps.db, { kind: 'id', id: event.videoId });
  if (!by || by.actor.host !== null || !row || row.video.isLocal) return 'skipped';
  const inboxes = deliveryInboxes([row.accountActor]);
  if (event.previous) {
    await sendToInboxes(deps, { from: by.actor, inboxes, activity: serializeUndo(buildRate(event.previous, by.actor, row)) });
  }
  if (event.current) {
    await sendToInboxes(deps, { from: by.actor, inboxes, activity: buildRate(event.current, by.actor, row) });
  }
  return 'sent';
}
