/**
 * A Follow of ours whose Accept never came (issue 14, item 5). PeerTube sends its Accept once, as
 * a unicast with one attempt (a lost keep-alive socket loses it), and keeps nothing pending on
 * its side: it shows the follow accepted while ours stays `pending`. So the cron sweep picks up
 * our follows still pending after a few minutes, and a job for each:
 * 1. reads the followed actor's followers collection (PeerTube lists accepted followers there,
 *    server/core/controllers/activitypub/client.ts, actorFollowersController): when we are in it,
 *    the follow is accepted, as if the Accept had come;
 * 2. otherwise sends the Follow again, with its original id; PeerTube answers a repeated Follow
 *    of an accepted follow with a new Accept (server/core/lib/activitypub/process/process-follow.ts).
 * Re-sends back off (the wait doubles with the follow's age) and stop after a week.
 */
import { and, eq, gte, inArray, isNull, lte } from 'drizzle-orm';
import { actors, follows, type Follow } from '../db/schema';
import { enqueueJob, type JobQueue } from '../jobs/store';
import type { Db } from '../db/client';
import type { FederationDeps } from './deps';
import { RemoteFetchError } from './fetch/remote-fetch';
import { recountFollows } from '../services/follows';
import { followActivity, loadActorById, onFollowAccepted } from './instance-follow';
import { fetchSigned } from './remote-actors';
import { sendToActors } from './outbox/send';

/** First re-send after this long; then each wait is as long as the follow is old. */
export const FOLLOW_RECOVERY_AFTER_MS = 5 * 60_000;
/** A follow pending for longer is left alone (an admin can unfollow and follow again). */
export const FOLLOW_RECOVERY_GIVE_UP_MS = 7 * 24 * 3600_000;
/** At most this many follows per sweep, and pages of a followers collection per check. */
const MAX_FOLLOWS_PER_SWEEP = 10;
const MAX_FOLLOWER_PAGES = 5;

/** Whether a pending follow is due for another try: waits of 5 min, then doubling with its age. */
export function isFollowRecoveryDue(follow: Pick<Follow, 'createdAt' | 'updatedAt'>, now: number): boolean {
  const created = follow.createdAt.getTime();
  const last = follow.updatedAt.getTime();
  if (now - created > FOLLOW_RECOVERY_GIVE_UP_MS) return false;
  return now - last >= Math.max(FOLLOW_RECOVERY_AFTER_MS, last - created);
}

/** Records one `activitypub-follow` recover job per due follow of a local actor (cron sweep). */
export async function enqueueFollowRecoveries(db: Db, queue: JobQueue, now: Date): Promise<number> {
  const t = now.getTime();
  const localFollowers = db.select({ id: actors.id }).from(actors).where(isNull(actors.host));
  const pending = await db
    .select()
    .from(follows)
    .where(
      and(
        eq(follows.state, 'pending'),
        lte(follows.updatedAt, new Date(t - FOLLOW_RECOVERY_AFTER_MS)),
        gte(follows.createdAt, new Date(t - FOLLOW_RECOVERY_GIVE_UP_MS)),
        inArray(follows.followerActorId, localFollowers),
      ),
    )
    .limit(MAX_FOLLOWS_PER_SWEEP * 5);
  const due = pending.filter((f) => isFollowRecoveryDue(f, t)).slice(0, MAX_FOLLOWS_PER_SWEEP);
  for (const f of due) {
    // Keyed on the last try: sweeps before the job runs add nothing, the next try gets a new key.
    await enqueueJob(db, queue, {
      type: 'activitypub-follow',
      payload: { action: 'recover', followId: f.id },
      maxAttempts: 1,
      dedupeKey: `activitypub-follow:recover:${f.id}:${f.updatedAt.getTime()}`,
    });
  }
  return due.length;
}

/**
 * Records the answer to one of our Follows (an Accept or Reject, or what the followers collection
 * shows) and, once accepted, crawls the followed actor's outbox. Returns false when it already was so.
 */
export async function settleFollow(deps: FederationDeps, row: Follow, state: 'accepted' | 'rejected'): Promise<boolean> {
  if (row.state === state) return false;
  await deps.db.update(follows).set({ state, updatedAt: new Date() }).where(eq(follows.id, row.id));
  await recountFollows(deps.db, [row.followerActorId, row.followingActorId]);
  if (state === 'accepted') await onFollowAccepted(deps, row.followingActorId);
  return true;
}

/** Whether `member` is among the items of a followers collection (its pages followed, a few at most). */
async function isListedFollower(deps: FederationDeps, collectionUrl: string, member: string): Promise<boolean> {
  let doc: Record<string, unknown> = await fetchSigned(deps, collectionUrl);
  let page: unknown = doc.orderedItems || doc.items ? doc : doc.first;
  for (let n = 0; page && n < MAX_FOLLOWER_PAGES; n++) {
    doc = typeof page === 'string' ? await fetchSigned(deps, page) : (page as Record<string, unknown>);
    const items = [doc.orderedItems, doc.items].find(Array.isArray) as unknown[] | undefined;
    if (items?.some((i) => i === member || (i && typeof i === 'object' && (i as { id?: unknown }).id === member))) return true;
    page = doc.next;
  }
  return false;
}

/** Runs one recover job (see the module comment). */
export async function recoverFollow(deps: FederationDeps, followId: number): Promise<'accepted' | 'resent' | 'skipped'> {
  const [row] = await deps.db.select().from(follows).where(eq(follows.id, followId)).limit(1);
  if (!row || row.state !== 'pending' || !row.activityUrl) return 'skipped';
  const [follower, following] = await Promise.all([loadActorById(deps, row.followerActorId), loadActorById(deps, row.followingActorId)]);
  if (!follower || follower.host !== null || !following || following.host === null) return 'skipped';

  if (following.followersUrl) {
    try {
      if (await isListedFollower(deps, following.followersUrl, follower.url)) {
        await settleFollow(deps, row, 'accepted');
        return 'accepted';
      }
    } catch (err) {
      // Some servers hide their followers: the Follow is sent again all the same.
      if (!(err instanceof RemoteFetchError)) throw err;
    }
  }
  await deps.db.update(follows).set({ updatedAt: new Date() }).where(eq(follows.id, row.id));
  await sendToActors(deps, { from: follower, to: [following], activity: followActivity(row.activityUrl, follower, following) });
  return 'resent';
}
