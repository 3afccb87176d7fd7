/**
 * A video's chapters as PeerTube serves them at `<video url>/chapters` (the Video's `hasParts`):
 * `{ id, hasPart: [{ name, startOffset, endOffset }] }` with the `Chapters` context, not a
 * collection. PeerTube 6.3 skips anything else ("Chapters AP object is not valid, skipping"):
 * - shape: server/core/controllers/activitypub/client.ts (videoChaptersController),
 *   server/core/lib/activitypub/video-chapters.ts (buildChaptersAPHasPart),
 *   server/core/models/video/video-chapter.ts (toActivityPubJSON);
 * - context: server/core/helpers/activity-pub-utils.ts (`Chapters: buildContext({...})`);
 * - check: server/core/helpers/custom-validators/activitypub/video-chapters.ts (isVideoChaptersObjectValid).
 */
import { ACTIVITY_CONTEXT } from '../context';
import type { Chapter } from '../../services/chapters';

export const CHAPTERS_CONTEXT = [
  ...ACTIVITY_CONTEXT,
  { pt: 'https://joinpeertube.org/ns#', sc: 'http://schema.org/', hasPart: 'sc:hasPart', endOffset: 'sc:endOffset', startOffset: 'sc:startOffset' },
] as const;

/** Each chapter ends where the next one starts, the last one at the end of the video. */
export function serializeChaptersObject(videoUrl: string, chapters: Chapter[], videoDuration: number) {
  const sorted = [...chapters].sort((a, b) => a.timecode - b.timecode);
  return {
    '@context': CHAPTERS_CONTEXT,
    id: `${videoUrl}/chapters`,
    hasPart: sorted.map((c, i) => ({ name: c.title, startOffset: c.timecode, endOffset: sorted[i + 1]?.timecode ?? videoDuration })),
  };
}
