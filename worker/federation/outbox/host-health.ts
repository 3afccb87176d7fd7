/**
 * Which remote hosts we stop delivering to for a while (issue 4 item 5: "unreachable
 * hosts marked and retried later"). Consecutive delivery failures (network error,
 * 5xx, 408, 429) are counted per host, one at most every `FAILURE_SPACING_MS`: the
 * deliveries in flight when a host blinks all fail together, and count as one. From
 * the third counted failure on, the host is marked unreachable for
 * min(2^failures minutes, 6 h), and deliveries to it wait for the mark to expire
 * instead of hitting it. One successful delivery forgets the host.
 * PeerTube keeps a comparable per-server score (ActorFollowHealthCache) and stops
 * delivering to servers that keep failing.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { remoteHosts } from '../../db/schema';

/** Failures in a row before a host is marked unreachable. */
export const UNREACHABLE_AFTER_FAILURES = 3;
/** Failures closer than this to the last counted one are recorded, not counted. */
export const FAILURE_SPACING_MS = 10_000;
const MAX_MARK_MS = 6 * 3600_000;

/** How long a host with `failures` consecutive failures stays marked: 0 below the threshold. */
export function unreachableForMs(failures: number): number {
  if (failures < UNREACHABLE_AFTER_FAILURES) return 0;
  return Math.min(2 ** Math.min(failures, 30) * 60_000, MAX_MARK_MS);
}

/** Whether a delivery that ended this way says the host is down (as opposed to refusing this activity). */
export function isHostFailure(failure: { status?: number }): boolean {
  const { status } = failure;
  return status === undefined || status >= 500 || status === 408 || status === 429;
}

/** The host key of an inbox URL: `host[:port]`, lower-case. */
export function hostOf(inbox: string): string {
  return new URL(inbox).host.toLowerCase();
}

export type HostHealth = {
  /** Whether the host has a failure on record (a success then has something to clear). */
  failing: boolean;
  /** The end of the host's unreachable mark, when it is marked at `now`. */
  unreachableUntil: Date | null;
};

/** What we know of `host` before delivering to it. */
export async function checkHostHealth(db: Db, host: string, now = new Date()): Promise<HostHealth> {
  const [row] = await db.select({ until: remoteHosts.unreachableUntil }).from(remoteHosts).where(eq(remoteHosts.host, host)).limit(1);
  return { failing: !!row, unreachableUntil: row?.until && row.until > now ? row.until : null };
}

/**
 * Counts one more failure for `host`, unless the last counted one is less than
 * `FAILURE_SPACING_MS` old, and marks the host when the count reaches the threshold.
 * One upsert, so concurrent deliveries to one host never lose a count.
 */
export async function recordHostFailure(db: Db, host: string, error: string, now = new Date()): Promise<{ failures: number; unreachableUntil: Date | null }> {
  const counts = sql`${now.getTime()} - ${remoteHosts.updatedAt} >= ${FAILURE_SPACING_MS}`;
  const failures = sql`${remoteHosts.failures} + 1`;
  // SQLite has no pow() in every build: 2^n minutes as a shift, with n capped so it cannot overflow.
  const markMs = sql`min((1 << min(${remoteHosts.failures} + 1, 30)) * 60000, ${MAX_MARK_MS})`;
  const [row] = await db
    .insert(remoteHosts)
    .values({
      host,
      failures: 1,
      unreachableUntil: unreachableForMs(1) ? new Date(now.getTime() + unreachableForMs(1)) : null,
      lastError: error.slice(0, 1000),
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: remoteHosts.host,
      // `updated_at` is when the last failure was counted.
      set: {
        failures: sql`CASE WHEN ${counts} THEN ${failures} ELSE ${remoteHosts.failures} END`,
        unreachableUntil: sql`CASE WHEN NOT (${counts}) THEN ${remoteHosts.unreachableUntil} WHEN ${failures} >= ${UNREACHABLE_AFTER_FAILURES} THEN ${now.getTime()} + ${markMs} ELSE NULL END`,
        lastError: error.slice(0, 1000),
        updatedAt: sql`CASE WHEN ${counts} THEN ${now.getTime()} ELSE ${remoteHosts.updatedAt} END`,
      },
    })
    .returning({ failures: remoteHosts.failures, unreachableUntil: remoteHosts.unreachableUntil });
  return row;
}

/** A delivery to `host` succeeded: it is healthy again. */
export async function recordHostSuccess(db: Db, host: string): Promise<void> {
  await db.delete(remoteHosts).where(eq(remoteHosts.host, host));
}
