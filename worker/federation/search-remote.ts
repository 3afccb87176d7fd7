/**
 * What /search needs of federation: a URL or handle searched for is fetched from
 * its origin (signed GET by the instance actor) and indexed, as PeerTube's
 * search does for `search.remote_uri`.
 */
import { eq } from 'drizzle-orm';
import { videos } from '../db/schema';
import { parseVideoId } from '../services/short-uuid';
import { RemoteFetchError } from './fetch/remote-fetch';
import { webfingerActorUrl, FollowTargetError } from './instance-follow';
import { InvalidRemoteActorError } from './remote-actors';
import type { FederationDeps } from './deps';
import { sameOrigin } from './as-values';
import { InvalidRemoteVideoError } from './remote-videos/parse';
import { ensureRemoteChannel, fetchAndUpsertRemoteVideo } from './remote-videos/store';

/** A local watch URL (`/videos/watch/:id`, `/w/:id`) → the video's id; null for anything else. */
async function localVideoId(deps: Pick<FederationDeps, 'db' | 'config'>, url: string): Promise<number | null> {
  if (!sameOrigin(url, deps.config.publicUrl)) return null;
  const m = /^\/(?:videos\/watch|w)\/([^/?#]+)\/?$/.exec(new URL(url).pathname);
  const ref = m ? parseVideoId(decodeURIComponent(m[1])) : null;
  if (!ref) return null;
  const [row] = await deps.db
    .select({ id: videos.id })
    .from(videos)
    .where(ref.kind === 'id' ? eq(videos.id, ref.id) : eq(videos.uuid, ref.uuid))
    .limit(1);
  return row?.id ?? null;
}

/** A video already known by its URL (ours or indexed), without fetching anything. */
export async function findVideoIdByUrl(deps: Pick<FederationDeps, 'db' | 'config'>, url: string): Promise<number | null> {
  const local = await localVideoId(deps, url);
  if (local) return local;
  const [row] = await deps.db.select({ id: videos.id }).from(videos).where(eq(videos.url, url)).limit(1);
  return row?.id ?? null;
}

/** Fetches (or refreshes) the video at `url` from its origin; known and local videos are answered at once. */
export async function resolveRemoteVideo(deps: FederationDeps, url: string): Promise<number | null> {
  const local = await localVideoId(deps, url);
  if (local || sameOrigin(url, deps.config.publicUrl)) return local;
  const fetched = await fetchAndUpsertRemoteVideo(deps, url);
  return fetched?.videoId ?? findVideoIdByUrl(deps, url);
}

/** A channel handle or URL → `name@host` of the channel, once it is indexed. Null when it is not one. */
export async function resolveRemoteChannel(deps: FederationDeps, search: string): Promise<string | null> {
  try {
    const url = /^https?:\/\//i.test(search) ? search : await webfingerActorUrl(deps, search);
    if (sameOrigin(url, deps.config.publicUrl)) {
      const m = /^\/(?:video-channels|c)\/([^/?#]+)/.exec(new URL(url).pathname);
      return m ? decodeURIComponent(m[1]) : null;
    }
    const group = await ensureRemoteChannel(deps, url);
    return `${group.preferredUsername}@${group.host}`;
  } catch (err) {
    if (err instanceof RemoteFetchError || err instanceof InvalidRemoteActorError || err instanceof InvalidRemoteVideoError || err instanceof FollowTargetError)
      return null;
    throw err;
  }
}
