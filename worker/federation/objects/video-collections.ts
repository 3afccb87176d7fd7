/** The collections a Video object links to: likes, dislikes, shares (announces), comments. Chapters are no collection: serialize-chapters.ts. */
import { and, count, desc, eq, isNull, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client';
import { accounts, actors, comments, rates } from '../../db/schema';
import type { Page } from '../collections';

export const VIDEO_COLLECTIONS = ['likes', 'dislikes', 'announces', 'comments'] as const;
export type VideoCollectionName = (typeof VIDEO_COLLECTIONS)[number];

/**
 * One page of a video's collection as queries for a pipeline (the video's row can travel in the
 * same one: `videoId` may be a subquery on its uuid), and how to read their answers, given the
 * video's numeric id once its row is known.
 */
export type VideoCollectionQueries = {
  queries: BatchItem<'sqlite'>[];
  read: (answers: unknown[], videoId: number) => Page<string>;
};

/** The rate activities of a video: `rates.url`, or PeerTube's `<actor>/likes|dislikes/<video id>` for rates made here. */
function ratesQueries(db: Db, videoId: SQL | number, type: 'like' | 'dislike', start: number, limit: number): VideoCollectionQueries {
  const where = and(eq(rates.videoId, videoId), eq(rates.type, type));
  return {
    queries: [
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
    ],
    read: ([counted, rows], id) => ({
      total: (counted as Array<{ n: number }>)[0].n,
      data: (rows as Array<{ url: string | null; actorUrl: string }>).map((r) => r.url ?? `${r.actorUrl}/${type}s/${id}`),
    }),
  };
}

/** Comments live and not held for review (PeerTube's listAndCountByVideoForAP: heldForReview false). */
function commentsQueries(db: Db, videoId: SQL | number, start: number, limit: number): VideoCollectionQueries {
  const where = and(eq(comments.videoId, videoId), isNull(comments.deletedAt), eq(comments.heldForReview, false));
  return {
    queries: [
      db.select({ n: count() }).from(comments).where(where),
      db.select({ url: comments.url }).from(comments).where(where).orderBy(desc(comments.createdAt), desc(comments.id)).limit(limit).offset(start),
    ],
    read: ([counted, rows]) => ({
      total: (counted as Array<{ n: number }>)[0].n,
      data: (rows as Array<{ url: string }>).map((r) => r.url),
    }),
  };
}

export function videoCollectionQueries(db: Db, videoId: SQL | number, name: VideoCollectionName, start: number, limit: number): VideoCollectionQueries {
  switch (name) {
    case 'likes':
      return ratesQueries(db, videoId, 'like', start, limit);
    case 'dislikes':
      return ratesQueries(db, videoId, 'dislike', start, limit);
    case 'comments':
      return commentsQueries(db, videoId, start, limit);
    // Shares (Announce) are not recorded yet.
    case 'announces':
      return { queries: [], read: () => ({ total: 0, data: [] }) };
  }
}
