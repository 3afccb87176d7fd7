/**
 * A video's chapters, as PeerTube 6.3 keeps them (server/core/lib/video-chapters.ts,
 * server/core/models/video/video-chapter.ts): a start in whole seconds and a title, sorted by start,
 * one per start. The owner replaces them all (PUT /videos/{id}/chapters), a description that lists
 * them sets them (parseChapters), and a remote video's come from its origin's `hasParts`.
 */
import { asc, eq, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { z } from 'zod';
import type { Db } from '../db/client';
import { videoChapters } from '../db/schema';
import { batchWithJobs, type JobQueue } from '../jobs/store';
import { videoUpdatedEvent } from './video-events';
import { videoRefIds, videoRowQuery, type VideoRow } from './video-queries';
import type { VideoIdRef } from './short-uuid';
import { timeToInt } from './time-codes';

export type Chapter = { timecode: number; title: string };

/** PeerTube's CONSTRAINTS_FIELDS.VIDEO_CHAPTERS.TITLE. */
export const CHAPTER_TITLE = { min: 1, max: 100 } as const;

const CHAPTERS_MESSAGE = 'Chapters must have a valid title and timecode, and each timecode must be unique';

const chapterList = z.array(
  z.object({
    timecode: z
      .union([z.number(), z.string()])
      .refine((v) => /^[-+]?\d+$/.test(String(v)) && Number(v) >= 0)
      .transform(Number),
    title: z
      .union([z.string(), z.number()])
      .transform(String)
      .refine((t) => t.length >= CHAPTER_TITLE.min && t.length <= CHAPTER_TITLE.max),
  }),
);

/**
 * PUT's body, as areVideoChaptersValid checks it, with its one message on `chapters`:
 * `validator.isInt(value + '', { min: 0 })` for each timecode, `isLength(value + '', TITLE)` for
 * each title, and no timecode twice.
 */
export const chaptersBody = z.object({
  chapters: z.unknown().transform((value, ctx): Chapter[] => {
    const parsed = chapterList.safeParse(value);
    if (parsed.success && new Set(parsed.data.map((c) => c.timecode)).size === parsed.data.length) return parsed.data;
    ctx.addIssue({ code: 'custom', message: CHAPTERS_MESSAGE });
    return z.NEVER;
  }),
});

const TIMECODE_LINE = /^((\d+[h:])?(\d+[m:])?\d+s?)\s/;

/**
 * PeerTube's parseChapters (packages/core-utils/src/string/chapters.ts): the first run of lines that
 * start with a timecode and a space; titles cut to the maximum; nothing unless there are two or more.
 */
export function parseChaptersFromText(text: string | null | undefined): Chapter[] {
  if (!text) return [];
  const chapters: Chapter[] = [];
  for (const line of text.split(/\r?\n|\r/)) {
    const matched = TIMECODE_LINE.exec(line);
    if (!matched) {
      if (chapters.length) break;
      continue;
    }
    chapters.push({ timecode: timeToInt(matched[1]), title: line.slice(matched[0].length).slice(0, CHAPTER_TITLE.max) });
  }
  return chapters.length > 1 ? chapters.sort((a, b) => a.timecode - b.timecode) : [];
}

/** The chapters of a video (`videoId` a value or a subquery), by start. */
export function chaptersQuery(db: Db, videoId: number | SQL) {
  return db
    .select({ timecode: videoChapters.timecode, title: videoChapters.title })
    .from(videoChapters)
    .where(eq(videoChapters.videoId, videoId))
    .orderBy(asc(videoChapters.timecode));
}

/** A video and its chapters in one round trip; the caller checks that the viewer may see the video. */
export async function findVideoWithChapters(db: Db, ref: VideoIdRef): Promise<{ row: VideoRow; chapters: Chapter[] } | undefined> {
  const [[row], chapters] = await db.batch([videoRowQuery(db, ref), chaptersQuery(db, videoRefIds(ref).videoId)]);
  return row ? { row, chapters } : undefined;
}

/** The writes that make a video's chapters these (createChapters: a repeated start is kept once). */
export function replaceChaptersWrites(db: Db, videoId: number, chapters: Chapter[], now = new Date()): [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] {
  const seen = new Set<number>();
  const rows = chapters.filter((c) => !seen.has(c.timecode) && seen.add(c.timecode));
  const writes: [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] = [db.delete(videoChapters).where(eq(videoChapters.videoId, videoId))];
  if (rows.length) writes.push(db.insert(videoChapters).values(rows.map((c) => ({ videoId, ...c, createdAt: now, updatedAt: now }))));
  return writes;
}

const sameChapters = (a: Chapter[], b: Chapter[]) => a.length === b.length && a.every((c, i) => c.timecode === b[i].timecode && c.title === b[i].title);

/**
 * replaceChaptersFromDescriptionIfNeeded: when the stored chapters are still those the old
 * description listed (none and none included), the new description's replace them; chapters set by
 * hand stay. No writes when nothing changes.
 */
export async function chaptersFromDescriptionWrites(db: Db, videoId: number, oldDescription: string | null, newDescription: string | null, now = new Date()) {
  const fromOld = parseChaptersFromText(oldDescription);
  if (!sameChapters(fromOld, await chaptersQuery(db, videoId))) return [];
  const fromNew = parseChaptersFromText(newDescription);
  if (sameChapters(fromOld, fromNew)) return [];
  return replaceChaptersWrites(db, videoId, fromNew, now);
}

/** PUT /videos/{id}/chapters: the owner's chapters replace the video's, and the video is sent again (Update). */
export async function putChapters(db: Db, queue: JobQueue, row: VideoRow, chapters: Chapter[]) {
  await batchWithJobs(db, queue, replaceChaptersWrites(db, row.video.id, chapters), videoUpdatedEvent(db, row));
}
