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
import { and, eq, gte, inArray, lt, or } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { sha256Hex } from '../../crypto/encoding';
import type { Db } from '../../db/client';
import { inboxActivities, jobs } from '../../db/schema';
import { idOf, sameOrigin } from '../as-values';
import type { Activity } from './activity';

export async function onceKeyOf(activity: Activity): Promise<string> {
  const object = activity.object;
  // An Update that only names its object carries no content to compare; the handler refetches it anyway.
  if (activity.type !== 'Update' || !object || typeof object !== 'object') return activity.id;
  return `${activity.id}#object-sha256=${await sha256Hex(JSON.stringify(object))}`;
}

/**
 * PeerTube names many activities by what they are about, not by when they happen: a Like is
 * `<actor>/likes/<video id>`, a Follow `<follower>/follows/<followed id>`, an Undo `<undone>/undo`,
 * a video's Delete `<video url>/delete` and its Announce `<video url>/announces/<actor id>`
 * (server/core/lib/activitypub/url.ts). Like, unlike, like again sends one id twice, and so does a
 * video made private (Delete) then public (Create, Announce) then private again. So an accepted
 * Undo of X releases the keys of X and of every id under it, and an accepted Delete of O the keys
 * of every id under O: what comes after is a new event. Both are idempotent, so a replay of the
 * releasing activity itself is harmless. Only ids on the sender's own origin are released.
 */
export async function releaseOnceKeys(db: Db, activity: Activity): Promise<void> {
  if (activity.type !== 'Undo' && activity.type !== 'Delete') return;
  const about = idOf(activity.object);
  if (typeof about !== 'string' || !sameOrigin(about, activity.actor)) return;
  // `about` itself, `about/…` and `about#…` (an Update's digest suffix), as index ranges; the
  // inbox job's dedupe key is the once-key behind INBOX_JOB_KEY, and a finished job keeps it.
  const released = (column: SQLiteColumn, prefix: string) => {
    const under = (sep: string, next: string) => and(gte(column, prefix + about + sep), lt(column, prefix + about + next));
    return or(eq(column, prefix + about), under('/', '0'), under('#', '$'));
  };
  await db.batch([
    db.delete(inboxActivities).where(released(inboxActivities.activityId, '')),
    db
      .update(jobs)
      .set({ dedupeKey: null })
      .where(and(released(jobs.dedupeKey, INBOX_JOB_KEY), inArray(jobs.state, ['completed', 'failed']))),
  ]);
}

/** The `activitypub-inbox` job's dedupe key is this, then the activity's once-key. */
export const INBOX_JOB_KEY = 'activitypub-inbox:';
