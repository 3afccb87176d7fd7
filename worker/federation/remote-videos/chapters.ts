/**
 * The chapters of a remote video, fetched from its `hasParts` when the video arrives or is updated,
 * as PeerTube 6.3's updateChaptersOutsideTransaction does
 * (server/core/lib/activitypub/videos/shared/abstract-builder.ts): an object that fails
 * isVideoChaptersObjectValid is skipped and the stored chapters stay; a valid one replaces them.
 */
import { CHAPTER_TITLE, replaceChaptersWrites, type Chapter } from '../../services/chapters';
import { isObject, readHttpUrl } from '../as-values';
import type { FederationDeps } from '../deps';
import { RemoteFetchError } from '../fetch/remote-fetch';
import { fetchSigned } from '../remote-actors';

const isTitle = (v: unknown) =>
  (typeof v === 'string' || typeof v === 'number') && String(v).length >= CHAPTER_TITLE.min && String(v).length <= CHAPTER_TITLE.max;
const isStart = (v: unknown) => (typeof v === 'string' || typeof v === 'number') && /^[-+]?\d+$/.test(String(v)) && Number(v) >= 0;

/** `{ id, hasPart: [{ name, startOffset }] }` → chapters; null when PeerTube's check refuses it. */
export function parseChaptersObject(object: unknown): Chapter[] | null {
  if (!isObject(object) || !readHttpUrl(object.id) || !Array.isArray(object.hasPart)) return null;
  const parts = object.hasPart.map((p: unknown) =>
    isObject(p) && isTitle(p.name) && isStart(p.startOffset) ? { title: String(p.name), timecode: Number(p.startOffset) } : null,
  );
  return parts.every((p) => p !== null) ? (parts as Chapter[]) : null;
}

/** Fetches and stores a remote video's chapters; a failed fetch or an invalid object leaves them as they were. */
export async function storeRemoteChapters(deps: FederationDeps, videoId: number, chaptersUrl: string | null): Promise<void> {
  if (!chaptersUrl) return;
  let chapters: Chapter[] | null;
  try {
    chapters = parseChaptersObject(await fetchSigned(deps, chaptersUrl));
  } catch (err) {
    if (!(err instanceof RemoteFetchError)) throw err;
    console.warn(`chapters of remote video ${videoId}: ${err.message}`);
    return;
  }
  if (!chapters) return console.warn(`chapters of remote video ${videoId}: ${chaptersUrl} is not a valid Chapters object, skipped`);
  await deps.db.batch(replaceChaptersWrites(deps.db, videoId, chapters));
}
