/**
 * Follows between actors, local or remote: the one place that keeps `actors.followersCount` /
 * `followingCount` equal to the accepted rows of `follows`, for the API (server follows,
 * subscriptions) and the inbox (Follow, Accept, Reject, Undo, Delete) alike.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { actors, follows } from '../db/schema';

/**
 * The recounts of `actorIds`' follow counts, for the batch of the write that changed their follows.
 * Recounted rather than incremented, so a replay or a race cannot drift the numbers.
 */
export function followRecounts(db: Db, actorIds: number[]) {
  return [...new Set(actorIds)].map((id) =>
    db
      .update(actors)
      .set({
        followersCount: sql`(SELECT count(*) FROM ${follows} WHERE ${follows.followingActorId} = ${id} AND ${follows.state} = 'accepted')`,
        followingCount: sql`(SELECT count(*) FROM ${follows} WHERE ${follows.followerActorId} = ${id} AND ${follows.state} = 'accepted')`,
      })
      .where(eq(actors.id, id)),
  );
}

/** Recounts `actorIds`' follow counts now, in one round trip. */
export async function recountFollows(db: Db, actorIds: number[]): Promise<void> {
  const [first, ...rest] = followRecounts(db, actorIds);
  if (first) await db.batch([first, ...rest]);
}

export async function findFollow(db: Db, followerActorId: number, followingActorId: number) {
  const [row] = await db
    .select()
    .from(follows)
    .where(and(eq(follows.followerActorId, followerActorId), eq(follows.followingActorId, followingActorId)))
    .limit(1);
  return row;
}
