/**
 * Paged OrderedCollections, as PeerTube's `activityPubCollectionPagination`
 * builds them (fixtures/peertube-6.3/ap-outbox.json, ap-followers.json):
 * without `?page` the collection only gives `totalItems` and a `first` link;
 * `?page=N` gives an OrderedCollectionPage of 10 items with prev/next/partOf.
 */
import { and, count, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { actors, follows, rates, videoChannels, videos, VIDEO_PRIVACY, VIDEO_STATE } from '../db/schema';
import { ACTIVITY_CONTEXT, AS_PUBLIC } from './context';

/** PeerTube's ACTIVITY_PUB.COLLECTION_ITEMS_PER_PAGE. */
export const COLLECTION_PAGE_SIZE = 10;

export type Page<T> = { total: number; data: T[] };
export type PageLoader<T> = (start: number, count: number) => Promise<Page<T>>;

/** Parses `?page=`: a positive integer, or undefined for the collection itself. */
export function parsePage(value: string | undefined): number | undefined {
  if (value === undefined || !/^[1-9][0-9]{0,8}$/.test(value)) return undefined;
  return Number(value);
}

/** The window of items `?page=` asks for: one item (for its total) without a page. */
export function pageWindow(page: number | undefined): { start: number; limit: number } {
  return page === undefined ? { start: 0, limit: 1 } : { start: (page - 1) * COLLECTION_PAGE_SIZE, limit: COLLECTION_PAGE_SIZE };
}

export async function orderedCollection<T>(baseUrl: string, page: number | undefined, load: PageLoader<T>) {
  const { start, limit } = pageWindow(page);
  if (page === undefined) {
    const { total } = await load(start, limit);
    return {
      '@context': ACTIVITY_CONTEXT,
      id: baseUrl,
      type: 'OrderedCollection',
      totalItems: total,
      ...(total > 0 ? { first: `${baseUrl}?page=1` } : {}),
    };
  }
  const { total, data } = await load(start, limit);
  return {
    '@context': ACTIVITY_CONTEXT,
    id: `${baseUrl}?page=${page}`,
    type: 'OrderedCollectionPage',
    ...(page > 1 ? { prev: `${baseUrl}?page=${page - 1}` } : {}),
    ...(total > page * COLLECTION_PAGE_SIZE ? { next: `${baseUrl}?page=${page + 1}` } : {}),
    partOf: baseUrl,
    orderedItems: data,
    totalItems: total,
  };
}

/** URLs of the actors whose follow of `actorId` is accepted, newest first. */
export function followersLoader(db: Db, actorId: number): PageLoader<string> {
  return followLoader(db, actorId, 'followers');
}

/** URLs of the actors `actorId` follows (accepted), newest first. */
export function followingLoader(db: Db, actorId: number): PageLoader<string> {
  return followLoader(db, actorId, 'following');
}

function followLoader(db: Db, actorId: number, side: 'followers' | 'following'): PageLoader<string> {
  const self = side === 'followers' ? follows.followingActorId : follows.followerActorId;
  const other = side === 'followers' ? follows.followerActorId : follows.followingActorId;
  const where = and(eq(self, actorId), eq(follows.state, 'accepted'));
  return async (start, limit) => {
    const [[{ n }], rows] = await db.batch([
      db.select({ n: count() }).from(follows).where(where),
      db
        .select({ url: actors.url })
        .from(follows)
        .innerJoin(actors, eq(actors.id, other))
        .where(where)
        .orderBy(desc(follows.createdAt), desc(follows.id))
        .limit(limit)
        .offset(start),
    ]);
    return { total: n, data: rows.map((r) => r.url) };
  };
}

/**
 * The outbox of an account or a channel: its public, published videos. Like PeerTube,
 * the owner account "creates" a video and its channel "announces" it. The object is
 * given by its id; remote servers dereference it.
 */
export function outboxLoader(
  db: Db,
  owner: { actorId: number; actorUrl: string; accountId?: number; channelId?: number; followersUrl: string; instance?: boolean },
): PageLoader<Record<string, unknown>> {
  // The instance actor shares (Announces) every local video, as PeerTube's server actor does.
  const scope = owner.instance
    ? eq(videos.isLocal, true)
    : owner.channelId !== undefined
      ? eq(videos.channelId, owner.channelId)
      : owner.accountId !== undefined
        ? eq(videoChannels.accountId, owner.accountId)
        : undefined;
  return async (start, limit) => {
    if (!scope) return { total: 0, data: [] };
    const where = and(scope, eq(videos.isLocal, true), eq(videos.privacy, VIDEO_PRIVACY.PUBLIC), eq(videos.state, VIDEO_STATE.PUBLISHED));
    const [[{ n }], rows] = await db.batch([
      db.select({ n: count() }).from(videos).innerJoin(videoChannels, eq(videoChannels.id, videos.channelId)).where(where),
      db
        .select({ url: videos.url, publishedAt: videos.publishedAt })
        .from(videos)
        .innerJoin(videoChannels, eq(videoChannels.id, videos.channelId))
        .where(where)
        .orderBy(desc(videos.publishedAt), desc(videos.id))
        .limit(limit)
        .offset(start),
    ]);
    const type = owner.channelId !== undefined || owner.instance ? 'Announce' : 'Create';
    const data = rows.map((v) => ({
      type,
      // PeerTube's ids (fixtures/peertube-6.3/signed/create-video-…, announce-video-…).
      id: type === 'Announce' ? `${v.url}/announces/${owner.actorId}` : `${v.url}/activity`,
      actor: owner.actorUrl,
      object: v.url,
      published: v.publishedAt.toISOString(),
      to: [AS_PUBLIC],
      cc: [owner.followersUrl],
    }));
    return { total: n, data };
  };
}

/** The `Like` activities of an account: `rates.url`, or PeerTube's `<actor>/likes/<video id>`. */
export function likesLoader(db: Db, account: { id: number; actorUrl: string }): PageLoader<string> {
  const where = and(eq(rates.accountId, account.id), eq(rates.type, 'like'));
  return async (start, limit) => {
    const [[{ n }], rows] = await db.batch([
      db.select({ n: count() }).from(rates).where(where),
      db.select({ url: rates.url, videoId: rates.videoId }).from(rates).where(where).orderBy(desc(rates.createdAt), desc(rates.id)).limit(limit).offset(start),
    ]);
    return { total: n, data: rows.map((r) => r.url ?? `${account.actorUrl}/likes/${r.videoId}`) };
  };
}

/** Playlists are not federated yet: an empty collection keeps the actor's `playlists` link alive. */
export const emptyLoader: PageLoader<never> = async () => ({ total: 0, data: [] });
