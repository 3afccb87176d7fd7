/**
 * What makes an inbox activity "the same one again", for `inbox_activities` and the
 * `activitypub-inbox` job's dedupe key.
 *
 * Create, Follow, Like, Announce, Delete… : the activity id names one event, so the id is the key.
 * Update: PeerTube names a video's Update `…/videos/watch/<uuid>/updates/<video.updatedAt>`
 * (server/core/lib/activitypub/url.ts, getUpdateActivityPubUrl), and `updatedAt` does not move when
 * HLS transcoding finishes, so the Update that adds the HLS playlist reuses the id of an earlier
 * one. PeerTube itself keeps no seen-ids and applies every Update it gets
 * (server/core/lib/activitypub/process/process-update.ts). We key an Update on its id plus a
 * digest of the object as sent (its `updated` and everything else): the same object again is a
 * replay, a changed one is new and wins.
 */
import { sha256Hex } from '../../crypto/encoding';
import type { Activity } from './activity';

export async function onceKeyOf(activity: Activity): Promise<string> {
  const object = activity.object;
  // An Update that only names its object carries no content to compare; the handler refetches it anyway.
  if (activity.type !== 'Update' || !object || typeof object !== 'object') return activity.id;
  return `${activity.id}#object-sha256=${await sha256Hex(JSON.stringify(object))}`;
}
