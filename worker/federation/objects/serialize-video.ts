/**
 * Local video → PeerTube's `Video` object (fixtures/peertube-6.3/ap-video.json and
 * peertube-compat.md "A Video object carries"). The media links are built from the
 * REST VideoDetails, so the REST and federation views of a file cannot drift.
 */
import type { Config } from '../../config';
import { VIDEO_PRIVACY } from '../../db/schema';
import { serializeVideoDetails, trackerUrls } from '../../serializers/video';
import type { VideoExtras, VideoRow } from '../../services/video-queries';
import { VIDEO_CATEGORIES, VIDEO_LANGUAGES, VIDEO_LICENCES } from '../../services/video-labels';
import { mediaUrls } from '../../media/urls';
import { serializeCaptionObject } from '../../serializers/caption';
import { AS_PUBLIC } from '../context';
import { VIDEO_CONTEXT } from './video-context';

type FileJson = ReturnType<typeof serializeVideoDetails>['files'][number];

/** Public: to Public, cc followers; unlisted: the other way round (PeerTube's getAudience). */
export function videoAudience(row: VideoRow) {
  const followers = row.accountActor.followersUrl || `${row.accountActor.url}/followers`;
  return row.video.privacy === VIDEO_PRIVACY.PUBLIC ? { to: [AS_PUBLIC], cc: [followers] } : { to: [followers], cc: [AS_PUBLIC] };
}

const identified = (map: Record<string | number, string>, id: string | number | null) =>
  id === null || id === undefined || map[id] === undefined ? undefined : { identifier: String(id), name: map[id] };

const FORMAT_ATTACHMENT = (flag: 'web-video' | 'fragmented') => [
  { type: 'PropertyValue', name: 'ffprobe_codec_type', value: 'audio' },
  { type: 'PropertyValue', name: 'ffprobe_codec_type', value: 'video' },
  { type: 'PropertyValue', name: 'peertube_format_flag', value: flag },
];

/** The four links PeerTube gives each file: the MP4, its metadata, its torrent and its magnet. */
function fileLinks(f: FileJson, flag: 'web-video' | 'fragmented') {
  const dims = { height: f.resolution.id, width: f.width ?? undefined, fps: f.fps };
  const links: Record<string, unknown>[] = [
    { type: 'Link', mediaType: 'video/mp4', href: f.fileUrl, ...dims, size: f.size, attachment: FORMAT_ATTACHMENT(flag) },
    { type: 'Link', rel: ['metadata', 'video/mp4'], mediaType: 'application/json', href: f.metadataUrl, ...dims },
  ];
  if (f.torrentUrl) links.push({ type: 'Link', mediaType: 'application/x-bittorrent', href: f.torrentUrl, ...dims });
  if (f.magnetUri) links.push({ type: 'Link', mediaType: 'application/x-bittorrent;x-scheme-handler/magnet', href: f.magnetUri, ...dims });
  return links;
}

const infohashOf = (magnet: string | null) => (magnet ? /xt=urn:btih:([0-9a-fA-F]{40})/.exec(magnet)?.[1]?.toLowerCase() : undefined);

export function serializeVideoObject(config: Config, row: VideoRow, extras: VideoExtras) {
  const v = row.video;
  const details = serializeVideoDetails(row, extras, config);
  const urls = mediaUrls(config, v.uuid);
  const playlist = details.streamingPlaylists[0];

  const url: Record<string, unknown>[] = [{ type: 'Link', mediaType: 'text/html', href: v.url }];
  for (const f of details.files) url.push(...fileLinks(f, 'web-video'));
  if (playlist) {
    const tag: Record<string, unknown>[] = [];
    for (const f of playlist.files) {
      const hash = infohashOf(f.magnetUri);
      if (hash) tag.push({ type: 'Infohash', name: hash });
    }
    if (playlist.segmentsSha256Url) tag.push({ type: 'Link', name: 'sha256', mediaType: 'application/json', href: playlist.segmentsSha256Url });
    for (const f of playlist.files) tag.push(...fileLinks(f, 'fragmented'));
    url.push({ type: 'Link', mediaType: 'application/x-mpegURL', href: playlist.playlistUrl, tag });
  }
  const [httpTracker, wsTracker] = trackerUrls(config);
  url.push({ type: 'Link', name: 'tracker-http', rel: ['tracker', 'http'], href: httpTracker });
  url.push({ type: 'Link', name: 'tracker-websocket', rel: ['tracker', 'websocket'], href: wsTracker });

  return {
    '@context': VIDEO_CONTEXT,
    ...videoAudience(row),
    type: 'Video',
    id: v.url,
    name: v.name,
    duration: `PT${Math.round(v.duration)}S`,
    uuid: v.uuid,
    category: identified(VIDEO_CATEGORIES, v.category),
    licence: identified(VIDEO_LICENCES, v.licence),
    language: identified(VIDEO_LANGUAGES, v.language),
    views: v.views,
    sensitive: v.nsfw,
    waitTranscoding: v.waitTranscoding,
    state: v.state,
    commentsEnabled: v.commentsPolicy !== 2,
    canReply: null,
    commentsPolicy: v.commentsPolicy,
    downloadEnabled: v.downloadEnabled,
    published: v.publishedAt.toISOString(),
    originallyPublishedAt: v.originallyPublishedAt ? v.originallyPublishedAt.toISOString() : null,
    updated: v.updatedAt.toISOString(),
    uploadDate: v.createdAt.toISOString(),
    tag: extras.tags.map((name) => ({ type: 'Hashtag', name })),
    mediaType: 'text/markdown',
    content: v.description ?? null,
    support: v.support ?? null,
    subtitleLanguage: extras.captions.map((caption) => serializeCaptionObject(config, v, caption)),
    icon: [
      { type: 'Image', url: `${config.publicUrl}${urls.thumbnailPath}`, mediaType: 'image/jpeg', width: 280, height: 157 },
      { type: 'Image', url: `${config.publicUrl}${urls.previewPath}`, mediaType: 'image/jpeg', width: 850, height: 480 },
    ],
    aspectRatio: v.aspectRatio ?? null,
    url,
    likes: `${v.url}/likes`,
    dislikes: `${v.url}/dislikes`,
    shares: `${v.url}/announces`,
    comments: `${v.url}/comments`,
    hasParts: `${v.url}/chapters`,
    attributedTo: [
      { type: 'Person', id: row.accountActor.url },
      { type: 'Group', id: row.channelActor.url },
    ],
    isLiveBroadcast: false,
    liveSaveReplay: null,
    permanentLive: null,
    latencyMode: null,
  };
}
