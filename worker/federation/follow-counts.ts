/** Keeps `actors.followersCount` / `followingCount` equal to the accepted rows of `follows`. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { actors, follows } from '../db/schema';

/** Recounts rather than increments, so a replay or a race cannot drift the numbers. */
export async function refreshFollowCounts(db: Db, actorIds: number[]): Promise<void> {
  for (const id of new Set(actorIds)) {
    await db.update(actors).set({
      followersCount: sql`(SELECT count(*) FROM ${follows} WHERE ${follows.followingActorId} = ${id} AND ${follows.state} = 'accepted')`,
      followingCount: sql`(SELECT count(*) FROM ${follows} WHERE ${follows.followerActorId} = ${id} AND ${follows.state} = 'accepted')`,
    }).where(eq(actors.id, id));
  }
}

export async function findFollow(db: Db, followerActorId: number, followingActorId: number) {
  const [row] = await db.select().from(follows)
    .where(and(eq(follows.followerActorId, followerActorId), eq(follows.followingActorId, followingActorId))).limit(1);
  return row;
}
