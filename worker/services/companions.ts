import { count, desc, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client';
import { companions, type Companion } from '../db/schema';

/** How often a companion reports (transcoder/heartbeat.ts); two missed beats mark it offline. */
export const COMPANION_HEARTBEAT_SECONDS = 30;

export const companionHeartbeatSchema = z.object({
  url: z.string().url().max(500),
  version: z.string().min(1).max(50),
  ffmpeg: z.string().max(100).nullable(),
  pid: z.number().int().nonnegative().nullable().optional(),
  activeJobs: z.number().int().nonnegative(),
  concurrency: z.number().int().positive(),
  diskFreeBytes: z.number().nonnegative().nullable(),
});
export type CompanionHeartbeat = z.infer<typeof companionHeartbeatSchema>;

/** Records that a companion is alive and how it is: one row per URL, updated in place. */
export async function recordCompanionHeartbeat(db: Db, beat: CompanionHeartbeat, now = new Date()): Promise<void> {
  const values = {
    version: beat.version,
    ffmpeg: beat.ffmpeg,
    pid: beat.pid ?? null,
    activeJobs: beat.activeJobs,
    concurrency: beat.concurrency,
    diskFreeBytes: beat.diskFreeBytes === null ? null : Math.floor(beat.diskFreeBytes),
    lastSeenAt: now,
  };
  await db
    .insert(companions)
    .values({ url: beat.url, firstSeenAt: now, ...values })
    .onConflictDoUpdate({ target: companions.url, set: values });
}

/** Companions, the most recently heard first. */
export async function listCompanions(db: Db, page: { start: number; count: number }): Promise<{ total: number; rows: Companion[] }> {
  const [rows, [{ total }]] = await db.batch([
    db
      .select()
      .from(companions)
      .orderBy(desc(companions.lastSeenAt), sql`${companions.id}`)
      .limit(page.count)
      .offset(page.start),
    db.select({ total: count() }).from(companions),
  ]);
  return { total, rows };
}

/** True while the companion's last report is at most two beats old. */
export function isCompanionOnline(row: Pick<Companion, 'lastSeenAt'>, now = new Date()): boolean {
  return now.getTime() - row.lastSeenAt.getTime() <= 2 * COMPANION_HEARTBEAT_SECONDS * 1000;
}
