/** The collections a Video object links to: likes, dislikes, shares (announces), comments. Chapters are no collection: serialize-chapters.ts. */
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, actors, comments, rates } from '../../db/schema';
import { emptyLoader, type PageLoader } from '../collections';

export const VIDEO_COLLECTIONS = ['likes', 'dislikes', 'announces', 'comments'] as const;
export type VideoCollectionName = (typeof VIDEO_COLLECTIONS)[number];

/** The rate activities of a video: `rates.url`, or PeerTube's `<actor>/likes|dislikes/<video id>` for rates made here. */
function ratesLoader(db: Db, videoId: number, type: 'like' | 'dislike'): PageLoader<string> {
  const where = and(eq(rates.videoId, videoId), eq(rates.type, type));
  return async (start, limit) => {
    const [[{ n }], rows] = await db.batch([
      db.select({ n: count() }).from(rates).where(where),
      db
        .select({ url: rates.url, actorUrl: actors.url })
        .from(rates)
        .innerJoin(accounts, eq(accounts.id, rates.accountId))
        .innerJoin(actors, eq(actors.id, accounts.actorId))
        .where(where)
        .orderBy(desc(rates.createdAt), desc(rates.id))
        .limit(limit)
        .offset(start),
    ]);
    return { total: n, data: rows.map((r) => r.url ?? `${r.actorUrl}/${type}s/${videoId}`) };
  };
}

/** Comments live and not held for review (PeerTube's listAndCountByVideoForAP: heldForReview false). */
function commentsLoader(db: Db, videoId: number): PageLoader<string> {
  const where = and(eq(comments.videoId, videoId), isNull(comments.deletedAt), eq(comments.heldForReview, false));
  return async (start, limit) => {
    const [[{ n }], rows] = await db.batch([
      db.select({ n: count() }).from(comments).where(where),
      db.select({ url: comments.url }).from(comments).where(where).orderBy(desc(comments.createdAt), desc(comments.id)).limit(limit).offset(start),
    ]);
    return { total: n, data: rows.map((r) => r.url) };
  };
}

export function videoCollectionLoader(db: Db, videoId: number, name: VideoCollectionName): PageLoader<unknown> {
  switch (name) {
    case 'likes':
      return ratesLoader(db, videoId, 'like');
    case 'dislikes':
      return ratesLoader(db, videoId, 'dislike');
    case 'comments':
      return commentsLoader(db, videoId);
    // Shares (Announce) are not recorded yet.
    case 'announces':
      return emptyLoader;
  }
}
