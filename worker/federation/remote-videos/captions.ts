/**
 * The captions of a remote Video: its `subtitleLanguage` (PeerTube's setValidRemoteCaptions and
 * getCaptionAttributesFromObject), stored with the origin's file URL. The file itself is fetched
 * when first asked for (media/caption-routes.ts).
 */
import { and, eq, notInArray } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client';
import { videoCaptions } from '../../db/schema';
import { isCaptionLanguage, listVideoCaptions, newCaptionFilename } from '../../services/captions';
import { isObject, readArray, readHttpUrl, readString } from '../as-values';

export type RemoteCaption = { language: string; fileUrl: string | null; automaticallyGenerated: boolean };

/** 6.3 sends `url` as a string; later versions as Links, the WebVTT one beside an HLS playlist. */
function fileUrlOf(url: unknown): string | null {
  if (typeof url === 'string') return readHttpUrl(url);
  const links = readArray(url).filter(isObject);
  const vtt = links.find((l) => String(l.mediaType ?? '').toLowerCase() === 'text/vtt') ?? links.find((l) => !l.mediaType);
  return readHttpUrl(vtt?.href);
}

/**
 * The captions a Video object lists: one per language of PeerTube's list (others are dropped, as
 * PeerTube's model refuses them); an invalid URL is kept as none, as PeerTube does.
 */
export function parseSubtitleLanguage(value: unknown): RemoteCaption[] {
  const byLanguage = new Map<string, RemoteCaption>();
  for (const entry of readArray(value).filter(isObject)) {
    const language = readString(entry.identifier, 20);
    if (!language || !isCaptionLanguage(language) || byLanguage.has(language)) continue;
    byLanguage.set(language, { language, fileUrl: fileUrlOf(entry.url), automaticallyGenerated: entry.automaticallyGenerated === true });
  }
  return [...byLanguage.values()];
}

/**
 * The writes that make a remote video's captions those of its object, for the batch that stores it.
 * A caption whose file URL did not change keeps its file name, so the copies cached under it stay good
 * (PeerTube's insertOrReplaceCaptions, isEqual).
 */
export async function remoteCaptionWrites(db: Db, videoId: number, captions: RemoteCaption[], now: Date): Promise<BatchItem<'sqlite'>[]> {
  const existing = new Map((await listVideoCaptions(db, videoId)).map((c) => [c.language, c]));
  const languages = captions.map((c) => c.language);
  const writes: BatchItem<'sqlite'>[] = [
    db.delete(videoCaptions).where(and(eq(videoCaptions.videoId, videoId), languages.length ? notInArray(videoCaptions.language, languages) : undefined)),
  ];
  for (const caption of captions) {
    const known = existing.get(caption.language);
    if (known && known.fileUrl === caption.fileUrl && known.automaticallyGenerated === caption.automaticallyGenerated) continue;
    const set = {
      filename: newCaptionFilename(caption.language),
      fileUrl: caption.fileUrl,
      automaticallyGenerated: caption.automaticallyGenerated,
      updatedAt: now,
    };
    writes.push(
      db
        .insert(videoCaptions)
        .values({ videoId, language: caption.language, ...set, createdAt: now })
        .onConflictDoUpdate({ target: [videoCaptions.videoId, videoCaptions.language], set }),
    );
  }
  return writes;
}
