/** Who receives what we publish: the remote followers of a local actor, one POST per shared inbox. */
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { actors, follows, type Actor } from '../../db/schema';

export async function remoteFollowers(db: Db, actorId: number): Promise<Actor[]> {
  const rows = await db
    .select({ actor: actors })
    .from(follows)
    .innerJoin(actors, eq(actors.id, follows.followerActorId))
    .where(and(eq(follows.followingActorId, actorId), eq(follows.state, 'accepted'), isNotNull(actors.host)));
  return rows.map((r) => r.actor);
}

/** The inboxes to POST to: each server's shared inbox once, or the personal inbox of actors without one. */
export function deliveryInboxes(recipients: Array<Pick<Actor, 'inboxUrl' | 'sharedInboxUrl'>>): string[] {
  return [...new Set(recipients.map((a) => a.sharedInboxUrl || a.inboxUrl))];
}
