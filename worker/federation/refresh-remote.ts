/**
 * What the `activitypub-refresh` job (jobs/handlers/activitypub-refresh.ts) does: refetches an
 * outdated remote video or actor from its origin (scheduled by services/remote-refresh.ts when
 * one is read). Follows PeerTube's
 * refreshVideoIfNeeded and refreshActorIfNeeded (server/core/lib/activitypub/videos/refresh.ts,
 * actors/refresh.ts): a video goes through the code an Update(Video) uses, and is removed as a
 * Delete removes it when its origin answers 404/410 (or a Tombstone). ADR 0015.
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import { actors, videos } from '../db/schema';
import { RemoteFetchError } from './fetch/remote-fetch';
import { fetchSigned, resolveActor } from './remote-actors';
import type { FederationDeps } from './deps';
import { InvalidRemoteVideoError, parseVideoObject } from './remote-videos/parse';
import { removeRemoteVideo, upsertRemoteVideo } from './remote-videos/store';

/** `updated`: refetched and stored; `deleted`: gone at the origin; `kept`: the origin failed us; `skipped`: nothing to refresh. */
export type RefreshOutcome = 'updated' | 'deleted' | 'kept' | 'skipped';

/** 404 and 410 mean the object is gone (PeerTube: HttpStatusCode.NOT_FOUND_404 / GONE_410). */
const isGone = (err: unknown) => err instanceof RemoteFetchError && (err.status === 404 || err.status === 410);

/**
 * Refetches the remote video at `url` and stores it as an Update(Video) would, or removes it.
 * On any other failure the copy is kept as it is and only its fetch time moves, so it is tried
 * again one interval later rather than on every read (PeerTube's setAsRefreshed, "Don't refresh in loop").
 */
export async function refreshRemoteVideo(deps: FederationDeps, url: string): Promise<RefreshOutcome> {
  const [row] = await deps.db
    .select({ id: videos.id })
    .from(videos)
    .where(and(eq(videos.url, url), eq(videos.isLocal, false)))
    .limit(1);
  if (!row) return 'skipped';
  try {
    const doc = await fetchSigned(deps, url);
    if (doc.type === 'Tombstone') {
      await removeRemoteVideo(deps, row.id);
      return 'deleted';
    }
    const parsed = parseVideoObject(doc);
    // An alias answering with another id would file another video under this one's row.
    if (parsed.url !== url) throw new InvalidRemoteVideoError(`${url} is served with id ${parsed.url}`);
    await upsertRemoteVideo(deps, parsed);
    return 'updated';
  } catch (err) {
    if (isGone(err)) {
      await removeRemoteVideo(deps, row.id);
      return 'deleted';
    }
    console.warn(`cannot refresh remote video ${url}: ${(err as Error).message}`);
    await deps.db.update(videos).set({ fetchedAt: new Date() }).where(eq(videos.id, row.id));
    return 'kept';
  }
}

/**
 * Refetches the remote actor at `url` through resolveActor, as an Update(Actor) does. An actor
 * whose origin fails (including 404/410: it is not removed here, see ADR 0015) keeps its copy,
 * and its fetch time moves so the next read within the interval does not schedule it again.
 */
export async function refreshRemoteActor(deps: FederationDeps, url: string): Promise<RefreshOutcome> {
  const [row] = await deps.db
    .select({ id: actors.id })
    .from(actors)
    .where(and(eq(actors.url, url), isNotNull(actors.host)))
    .limit(1);
  if (!row) return 'skipped';
  try {
    await resolveActor(deps, url, { refresh: true });
    return 'updated';
  } catch (err) {
    console.warn(`cannot refresh remote actor ${url}${isGone(err) ? ' (gone at its origin, kept)' : ''}: ${(err as Error).message}`);
    await deps.db.update(actors).set({ fetchedAt: new Date() }).where(eq(actors.id, row.id));
    return 'kept';
  }
}
