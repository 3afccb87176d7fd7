/**
 * When a remote video or actor read here is outdated, PeerTube refreshes it lazily: the
 * reader is answered from what is stored, and an `activitypub-refresher` job refetches the
 * object from its origin (server/core/lib/activitypub/videos/refresh.ts, actors/refresh.ts).
 * This module decides "outdated" and records the job; federation/refresh-remote.ts runs it.
 * ADR 0015.
 */
import type { Db } from '../db/client';
import type { Actor, Video } from '../db/schema';
import { enqueueJob, type JobQueue } from '../jobs/store';
import type { RefreshKind } from '../jobs/types';

/** PeerTube's ACTIVITY_PUB.VIDEO_REFRESH_INTERVAL (server/core/initializers/constants.ts): 2 days. */
export const VIDEO_REFRESH_INTERVAL_MS = 2 * 24 * 3600 * 1000;
/** PeerTube's ACTIVITY_PUB.ACTOR_REFRESH_INTERVAL: 2 days. */
export const ACTOR_REFRESH_INTERVAL_MS = 2 * 24 * 3600 * 1000;

/** What the outdated check needs of a video or actor row. Local objects (`isLocal` or no `host`) never are. */
export type Refreshable = { url: string; fetchedAt: Date | null; isLocal: boolean };

const INTERVALS: Record<RefreshKind, number> = { video: VIDEO_REFRESH_INTERVAL_MS, actor: ACTOR_REFRESH_INTERVAL_MS };

/** PeerTube's isOutdated(): a remote copy not fetched within the interval. Never fetched (null) is outdated. */
export function isOutdated(kind: RefreshKind, object: Refreshable, now = Date.now()): boolean {
  if (object.isLocal) return false;
  return object.fetchedAt === null || now - object.fetchedAt.getTime() > INTERVALS[kind];
}

/**
 * Records a refresh job when `object` is outdated; returns whether it is. One job per object and
 * per fetch: the dedupe key holds `fetchedAt`, which the job moves on whatever it finds (PeerTube's
 * deduplicationId plus setAsRefreshed), so a second read before the job ran adds nothing.
 * Never throws: a reader must not fail because a refresh could not be recorded.
 *
 * @example if (row.video) await scheduleRefreshIfNeeded(db, env.JOBS, 'video', row.video)
 */
export async function scheduleRefreshIfNeeded(db: Db, queue: JobQueue, kind: RefreshKind, object: Refreshable): Promise<boolean> {
  if (!isOutdated(kind, object)) return false;
  const epoch = object.fetchedAt?.getTime() ?? 'never';
  try {
    await enqueueJob(db, queue, {
      type: 'activitypub-refresh',
      payload: { kind, url: object.url },
      dedupeKey: `activitypub-refresh:${kind}:${object.url}:${epoch}`,
      // PeerTube's JOB_ATTEMPTS['activitypub-refresher'] is 1: the next outdated read tries again.
      maxAttempts: 1,
    });
  } catch (err) {
    console.error(`could not schedule the refresh of ${kind} ${object.url}`, err);
  }
  return true;
}

/** GET /videos/{id} of a remote video (PeerTube's getVideo controller). */
export const scheduleVideoRefreshIfNeeded = (db: Db, queue: JobQueue, video: Pick<Video, 'url' | 'fetchedAt' | 'isLocal'>) =>
  scheduleRefreshIfNeeded(db, queue, 'video', video);

/** GET /accounts/{name} and /video-channels/{handle} of a remote actor (PeerTube's getAccount, getVideoChannel). */
export const scheduleActorRefreshIfNeeded = (db: Db, queue: JobQueue, actor: Pick<Actor, 'url' | 'fetchedAt' | 'host'>) =>
  scheduleRefreshIfNeeded(db, queue, 'actor', { url: actor.url, fetchedAt: actor.fetchedAt, isLocal: actor.host === null });
