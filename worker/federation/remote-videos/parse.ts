/**
 * Parsing a remote video: a PeerTube `Video` object (fixtures/peertube-6.3/signed/create-video-…)
 * validated into a ParsedRemoteVideo, what `store.ts` keeps. Pure: no database, no network.
 * Media stays on the origin: `fileUrl`, `torrentUrl`, `playlistUrl` are the origin's URLs.
 */
import { VIDEO_PRIVACY, type RemoteHlsFile } from '../../db/schema';
import { VIDEO_CATEGORIES, VIDEO_LANGUAGES, VIDEO_LICENCES } from '../../services/video-labels';
import { isObject, readArray, readHttpUrl, readNumber, readString, sameOrigin, type AsObject } from '../as-values';
import { AS_PUBLIC } from '../context';
import { parseSubtitleLanguage, type RemoteCaption } from './captions';

export class InvalidRemoteVideoError extends Error {
  override name = 'InvalidRemoteVideoError';
}

export type RemoteVideoFile = RemoteHlsFile;

export type ParsedRemoteVideo = {
  url: string;
  uuid: string;
  name: string;
  duration: number;
  state: number;
  privacy: number;
  description: string | null;
  support: string | null;
  nsfw: boolean;
  commentsPolicy: number;
  downloadEnabled: boolean;
  waitTranscoding: boolean;
  category: number | null;
  licence: number | null;
  language: string | null;
  tags: string[];
  views: number;
  aspectRatio: number | null;
  publishedAt: Date;
  updatedAt: Date;
  originallyPublishedAt: Date | null;
  thumbnailUrl: string | null;
  previewUrl: string | null;
  files: RemoteVideoFile[];
  playlist: { playlistUrl: string; segmentsSha256Url: string | null; files: RemoteHlsFile[] } | null;
  accountUrl: string | null;
  channelUrl: string;
  likesUrl: string | null;
  dislikesUrl: string | null;
  captions: RemoteCaption[];
  /** `hasParts`: where the origin serves the video's chapters (on the video's origin only). */
  chaptersUrl: string | null;
};

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** PeerTube's CONSTRAINTS_FIELDS.VIDEOS.DESCRIPTION max. */
const DESCRIPTION_MAX = 10_000;

/** `PT3S`, `PT1M5S`, `PT1H2M3S` → seconds. */
export function parseIsoDuration(value: unknown): number {
  const m = typeof value === 'string' ? /^P(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value) : null;
  if (!m) return 0;
  return Math.round(Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0));
}

function date(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t);
}

function identifier(value: unknown): string | null {
  return isObject(value) ? readString(String(value.identifier ?? ''), 20) : null;
}

function mediaType(link: AsObject) {
  return String(link.mediaType ?? link.mimeType ?? '').toLowerCase();
}

const infoHashOf = (magnet: string | null) => (magnet ? (/xt=urn:btih:([0-9a-fA-F]{40})/.exec(magnet)?.[1]?.toLowerCase() ?? null) : null);

/** The MP4s of a list of links, with the torrent and magnet links of the same height. */
function filesOf(links: AsObject[]): RemoteVideoFile[] {
  const byHeight = new Map<number, RemoteVideoFile>();
  for (const l of links) {
    if (mediaType(l) !== 'video/mp4' || readArray(l.rel).includes('metadata')) continue;
    const fileUrl = readHttpUrl(l.href);
    const height = readNumber(l.height);
    if (!fileUrl || height === null || byHeight.has(height)) continue;
    byHeight.set(height, {
      resolution: height,
      height,
      width: readNumber(l.width),
      fps: Math.round(readNumber(l.fps) ?? -1),
      size: Math.max(0, Math.round(readNumber(l.size) ?? 0)),
      fileUrl,
      torrentUrl: null,
      magnetUri: null,
      infoHash: null,
    });
  }
  for (const l of links) {
    const file = byHeight.get(readNumber(l.height) ?? -1);
    if (!file) continue;
    const type = mediaType(l);
    if (type === 'application/x-bittorrent' && !file.torrentUrl) file.torrentUrl = readHttpUrl(l.href);
    if (type === 'application/x-bittorrent;x-scheme-handler/magnet' && !file.magnetUri) {
      file.magnetUri = readString(l.href, 8192)?.startsWith('magnet:') ? String(l.href) : null;
      file.infoHash = infoHashOf(file.magnetUri);
    }
  }
  return [...byHeight.values()].sort((a, b) => b.resolution - a.resolution);
}

/** Public: `to` has Public; unlisted: only `cc` has it (PeerTube's getAudience). Anything else is not for us. */
function privacyOf(object: AsObject): number | null {
  if (readArray(object.to).includes(AS_PUBLIC)) return VIDEO_PRIVACY.PUBLIC;
  if (readArray(object.cc).includes(AS_PUBLIC)) return VIDEO_PRIVACY.UNLISTED;
  return null;
}

/**
 * Validates a PeerTube `Video` object into what we store. Throws InvalidRemoteVideoError.
 *
 * @example
 * const parsed = parseVideoObject(JSON.parse(fixture.body).object);
 */
export function parseVideoObject(object: unknown): ParsedRemoteVideo {
  if (!isObject(object) || object.type !== 'Video') throw new InvalidRemoteVideoError('not a Video object');
  const url = readHttpUrl(object.id);
  if (!url) throw new InvalidRemoteVideoError('the Video has no http(s) id');
  const uuid = readString(object.uuid, 36);
  if (!uuid || !UUID_RE.test(uuid)) throw new InvalidRemoteVideoError(`${url} has no valid uuid`);
  const name = readString(object.name, 1000);
  if (!name) throw new InvalidRemoteVideoError(`${url} has no name`);
  const privacy = privacyOf(object);
  if (privacy === null) throw new InvalidRemoteVideoError(`${url} is neither public nor unlisted`);

  const attributed = readArray(object.attributedTo).filter(isObject);
  const ref = (type: string) => readHttpUrl(attributed.find((a) => a.type === type)?.id);
  const channelUrl = ref('Group');
  if (!channelUrl) throw new InvalidRemoteVideoError(`${url} is attributed to no channel (Group)`);
  const accountUrl = ref('Person');
  // The video and who it is attributed to live on one origin, or anyone could file videos under someone else.
  if (!sameOrigin(channelUrl, url) || (accountUrl && !sameOrigin(accountUrl, url))) {
    throw new InvalidRemoteVideoError(`${url} is attributed to actors of another origin`);
  }

  const links = readArray(object.url).filter(isObject);
  const hls = links.find((l) => mediaType(l) === 'application/x-mpegurl');
  const hlsTags = hls ? readArray(hls.tag).filter(isObject) : [];
  // The playlist's renditions are its own `-fragmented.mp4` files, listed in the link's `tag`
  // (PeerTube's server/core/lib/activitypub/videos/shared/object-to-model-attributes.ts,
  // getStreamingPlaylistAttributesFromObject / getFileAttributesFromUrl on `playlistUrlObject.tag`).
  const hlsFiles = filesOf(hlsTags);
  let files = filesOf(links);
  // An instance with web videos disabled only has the HLS renditions: their fragmented MP4s play too.
  if (files.length === 0) files = hlsFiles;
  const playlistUrl = hls ? readHttpUrl(hls.href) : null;
  const sha = hlsTags.find((t) => t.name === 'sha256');

  const icons = readArray(object.icon)
    .filter(isObject)
    .map((i) => ({ url: readHttpUrl(i.url), width: readNumber(i.width) ?? 0 }))
    .filter((i) => i.url);
  icons.sort((a, b) => a.width - b.width);
  const category = Number(identifier(object.category));
  const licence = Number(identifier(object.licence));
  const language = identifier(object.language);
  const published = date(object.published) ?? new Date();
  const now = Date.now();

  return {
    url,
    uuid: uuid.toLowerCase(),
    name: name.slice(0, 120),
    privacy,
    duration: parseIsoDuration(object.duration),
    state: readNumber(object.state) ?? 1,
    description: readString(object.content, DESCRIPTION_MAX),
    support: readString(object.support, 1000),
    nsfw: object.sensitive === true,
    commentsPolicy: [1, 2, 3].includes(readNumber(object.commentsPolicy) ?? 0) ? Number(object.commentsPolicy) : object.commentsEnabled === false ? 2 : 1,
    downloadEnabled: object.downloadEnabled !== false,
    waitTranscoding: object.waitTranscoding === true,
    category: category in VIDEO_CATEGORIES ? category : null,
    licence: licence in VIDEO_LICENCES ? licence : null,
    language: language && language in VIDEO_LANGUAGES ? language : null,
    tags: [
      ...new Set(
        readArray(object.tag)
          .filter(isObject)
          .filter((t) => t.type === 'Hashtag')
          .map((t) => readString(t.name, 30)?.replace(/^#/, ''))
          .filter((t): t is string => !!t && t.length >= 2),
      ),
    ].slice(0, 5),
    views: Math.max(0, Math.round(readNumber(object.views) ?? 0)),
    aspectRatio: readNumber(object.aspectRatio),
    // A remote clock must not pin a video at the top of the lists.
    publishedAt: new Date(Math.min(published.getTime(), now)),
    updatedAt: new Date(Math.min((date(object.updated) ?? published).getTime(), now)),
    originallyPublishedAt: date(object.originallyPublishedAt),
    thumbnailUrl: icons[0]?.url ?? null,
    previewUrl: icons[icons.length - 1]?.url ?? null,
    files,
    playlist: playlistUrl ? { playlistUrl, segmentsSha256Url: readHttpUrl(sha?.href), files: hlsFiles } : null,
    accountUrl,
    channelUrl,
    likesUrl: readHttpUrl(object.likes),
    dislikesUrl: readHttpUrl(object.dislikes),
    captions: parseSubtitleLanguage(object.subtitleLanguage),
    chaptersUrl: sameOriginUrl(object.hasParts, url),
  };
}

function sameOriginUrl(value: unknown, origin: string): string | null {
  const url = readHttpUrl(value);
  return url && sameOrigin(url, origin) ? url : null;
}
