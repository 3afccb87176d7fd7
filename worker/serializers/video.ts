import type { Config } from '../config';
import type { Account, Actor, RemoteHlsFile, VideoChannel, VideoStreamingPlaylist } from '../db/schema';
import { serializeAccount } from './account';
import { serializeChannel } from './channel';
import { serializeActorImages } from './actor';
import type { ListedVideoFile as VideoFile, VideoExtras, VideoRow } from '../services/video-queries';
import { uuidToShort } from '../services/short-uuid';
import { labelled, VIDEO_CATEGORIES, VIDEO_COMMENTS_POLICIES, VIDEO_LANGUAGES, VIDEO_LICENCES, VIDEO_PRIVACIES, VIDEO_STATES } from '../services/video-labels';
import { mediaUrls } from '../media/urls';

/** PeerTube truncates descriptions to 250 characters in lists. */
const TRUNCATED_DESCRIPTION_MAX = 250;

function truncate(text: string | null): string | null {
  if (!text || text.length <= TRUNCATED_DESCRIPTION_MAX) return text;
  const cut = text.slice(0, TRUNCATED_DESCRIPTION_MAX - 3);
  const space = cut.lastIndexOf(' ');
  return `${space > 200 ? cut.slice(0, space) : cut}...`;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** PeerTube's Account summary (toFormattedSummaryJSON), as embedded in videos and playlists. */
export function accountSummary(account: Account, actor: Actor, config: Config) {
  return {
    id: account.id,
    displayName: account.displayName,
    name: actor.preferredUsername,
    url: actor.url,
    host: actor.host ?? config.host,
    avatars: serializeActorImages(actor, config),
  };
}

/** PeerTube's VideoChannel summary (toFormattedSummaryJSON). */
export function channelSummary(channel: VideoChannel, actor: Actor, config: Config) {
  return {
    id: channel.id,
    name: actor.preferredUsername,
    displayName: channel.displayName,
    url: actor.url,
    host: actor.host ?? config.host,
    avatars: serializeActorImages(actor, config),
  };
}

/** The embedded account/channel of a Video in a list: PeerTube's summaries. */
function summaries(row: VideoRow, config: Config) {
  return { account: accountSummary(row.account, row.accountActor, config), channel: channelSummary(row.channel, row.channelActor, config) };
}

/** PeerTube's Video, as in lists (fixture api-videos-list.json). */
export function serializeVideo(row: VideoRow, config: Config) {
  const v = row.video;
  const urls = mediaUrls(config, v.uuid);
  return {
    id: v.id,
    uuid: v.uuid,
    shortUUID: uuidToShort(v.uuid),
    url: v.url,
    name: v.name,
    category: labelled(VIDEO_CATEGORIES, v.category),
    licence: labelled(VIDEO_LICENCES, v.licence),
    language: labelled(VIDEO_LANGUAGES, v.language),
    privacy: labelled(VIDEO_PRIVACIES, v.privacy),
    nsfw: v.nsfw,
    truncatedDescription: truncate(v.description),
    description: truncate(v.description),
    isLocal: v.isLocal,
    duration: v.duration,
    aspectRatio: v.aspectRatio ?? null,
    views: v.views,
    viewers: 0,
    likes: v.likes,
    dislikes: v.dislikes,
    // A remote video's images are proxied from its origin at our own paths, as PeerTube does.
    thumbnailPath: v.isLocal || v.thumbnailUrl ? urls.thumbnailPath : null,
    previewPath: v.isLocal || v.previewUrl ? urls.previewPath : null,
    embedPath: `/videos/embed/${v.uuid}`,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
    publishedAt: v.publishedAt.toISOString(),
    originallyPublishedAt: iso(v.originallyPublishedAt),
    isLive: false,
    state: labelled(VIDEO_STATES, v.state),
    waitTranscoding: v.waitTranscoding,
    ...summaries(row, config),
    // Only in answers to a signed-in viewer who watched it (PeerTube omits it otherwise).
    ...(row.historyTime != null ? { userHistory: { currentTime: row.historyTime } } : {}),
  };
}

const resolutionLabel = (r: number) => (r === 0 ? 'Audio' : `${r}p`);

/**
 * A rendition is announced once its MP4 is final, which the companion signals by storing the
 * torrent. Until then `files` stays empty (peertube-cli waits for `files[0].torrentUrl`) and the
 * growing HLS playlist is the only way to play (ADR 0006).
 */
export function isAnnounceable(f: VideoFile) {
  return Boolean(f.torrentKey || f.torrentUrl) && (f.fileUrl !== null || (f.segments?.length ?? 0) > 0);
}

/** PeerTube's magnet: torrent URL, info hash, name, our trackers and the MP4 as web seed. */
function magnet(config: Config, name: string, f: VideoFile, torrentUrl: string, webSeed: string) {
  if (!f.infoHash) return f.magnetUri ?? null;
  const params = [`xs=${encodeURIComponent(torrentUrl)}`, `xt=urn:btih:${f.infoHash}`, `dn=${encodeURIComponent(name).replace(/%20/g, '+')}`];
  for (const tr of trackerUrls(config)) params.push(`tr=${encodeURIComponent(tr)}`);
  params.push(`ws=${encodeURIComponent(webSeed)}`);
  return `magnet:?${params.join('&')}`;
}

export function trackerUrls(config: Config) {
  return [`${config.publicUrl}/tracker/announce`, `${config.publicUrl.replace(/^http/, 'ws')}/tracker/socket`];
}

/** `kind` picks PeerTube's URL family: web-video files or the HLS playlist's fragmented MP4s. */
function serializeFile(config: Config, row: VideoRow, f: VideoFile, kind: 'web' | 'hls') {
  const v = row.video;
  const urls = mediaUrls(config, v.uuid);
  const local = v.isLocal && f.fileUrl === null;
  const fileUrl = local ? (kind === 'web' ? urls.webVideo(f.resolution) : urls.hlsVideo(f.resolution)) : f.fileUrl!;
  const fileDownloadUrl = local ? (kind === 'web' ? urls.webVideoDownload(f.resolution) : urls.hlsVideoDownload(f.resolution)) : f.fileUrl!;
  const torrentUrl = local ? urls.torrent(f.resolution) : (f.torrentUrl ?? '');
  return {
    id: f.id,
    resolution: { id: f.resolution, label: resolutionLabel(f.resolution) },
    width: f.width ?? null,
    height: f.height ?? null,
    magnetUri: local ? magnet(config, v.name, f, torrentUrl, urls.webSeed(f.resolution)) : (f.magnetUri ?? null),
    size: f.size,
    fps: f.fps,
    torrentUrl,
    torrentDownloadUrl: local ? urls.torrentDownload(f.resolution) : (f.torrentUrl ?? ''),
    fileUrl,
    fileDownloadUrl,
    metadataUrl: `${config.publicUrl}/api/v1/videos/${v.uuid}/metadata/${f.id}`,
    hasAudio: true,
    hasVideo: f.resolution !== 0,
    storage: 0,
  };
}

/**
 * A remote HLS rendition: the origin's URLs. It has no `video_files` row (that table holds one file per
 * resolution, the web video's), so its id is negative and its metadata URL answers 404, as for a file we never probed.
 */
function serializeRemoteHlsFile(config: Config, row: VideoRow, f: RemoteHlsFile, index: number) {
  return {
    id: -(index + 1),
    resolution: { id: f.resolution, label: resolutionLabel(f.resolution) },
    width: f.width,
    height: f.height,
    magnetUri: f.magnetUri,
    size: f.size,
    fps: f.fps,
    torrentUrl: f.torrentUrl ?? '',
    torrentDownloadUrl: f.torrentUrl ?? '',
    fileUrl: f.fileUrl,
    fileDownloadUrl: f.fileUrl,
    metadataUrl: `${config.publicUrl}/api/v1/videos/${row.video.uuid}/metadata/${-(index + 1)}`,
    hasAudio: true,
    hasVideo: f.resolution !== 0,
    storage: 0,
  };
}

function serializePlaylist(config: Config, row: VideoRow, p: VideoStreamingPlaylist, files: VideoFile[]) {
  const urls = mediaUrls(config, row.video.uuid);
  const remote = !row.video.isLocal;
  return {
    id: p.id,
    type: 1,
    playlistUrl: remote ? p.playlistUrl : urls.masterPlaylist,
    segmentsSha256Url: remote ? p.segmentsSha256Url : urls.segmentsSha256,
    redundancies: [] as unknown[],
    // A remote playlist lists the origin's own HLS renditions, not its web-video MP4s.
    files: remote && p.files ? p.files.map((f, i) => serializeRemoteHlsFile(config, row, f, i)) : files.map((f) => serializeFile(config, row, f, 'hls')),
  };
}

/**
 * While a local video waits for its renditions, PeerTube lists the uploaded file itself as its
 * web video, and clients rely on `files[0]` existing (peertube-cli reads `files[0].torrentUrl`
 * right after the upload, and waits while it is empty). So do we: the original, served from R2,
 * with no torrent yet. It is replaced by the renditions once they are stored (ADR 0006).
 */
function serializeOriginal(config: Config, row: VideoRow, original: NonNullable<VideoExtras['original']>) {
  const url = mediaUrls(config, row.video.uuid).original;
  return {
    id: 0,
    resolution: { id: 0, label: 'Original file' },
    width: null,
    height: null,
    magnetUri: null,
    size: original.size,
    fps: -1,
    torrentUrl: '',
    torrentDownloadUrl: '',
    fileUrl: url,
    fileDownloadUrl: url,
    // No file row and no probe yet: this URL answers PeerTube's 404 until the renditions replace this entry.
    metadataUrl: `${config.publicUrl}/api/v1/videos/${row.video.uuid}/metadata/0`,
    hasAudio: true,
    hasVideo: true,
    storage: 0,
  };
}

/** PeerTube's VideoDetails (fixture api-video-details.json). */
export function serializeVideoDetails(row: VideoRow, extras: VideoExtras, config: Config) {
  const v = row.video;
  const files = extras.files.filter(isAnnounceable);
  const webFiles =
    files.length === 0 && v.isLocal && extras.original
      ? [serializeOriginal(config, row, extras.original)]
      : files.map((f) => serializeFile(config, row, f, 'web'));
  return {
    ...serializeVideo(row, config),
    description: v.description ?? null,
    account: serializeAccount({ account: row.account, actor: row.accountActor }, config),
    channel: serializeChannel({ channel: row.channel, actor: row.channelActor, owner: { account: row.account, actor: row.accountActor } }, config),
    blacklisted: row.blacklist !== null,
    blacklistedReason: row.blacklist?.reason ?? null,
    streamingPlaylists: extras.playlist && extras.playlist.playlistUrl ? [serializePlaylist(config, row, extras.playlist, files)] : [],
    files: webFiles,
    support: v.support ?? null,
    descriptionPath: `/api/v1/videos/${v.uuid}/description`,
    tags: extras.tags,
    commentsEnabled: v.commentsPolicy !== 2,
    commentsPolicy: labelled(VIDEO_COMMENTS_POLICIES, v.commentsPolicy),
    downloadEnabled: v.downloadEnabled,
    waitTranscoding: v.waitTranscoding,
    inputFileUpdatedAt: null,
    state: labelled(VIDEO_STATES, v.state),
    trackerUrls: trackerUrls(config),
  };
}

export type VideoJson = ReturnType<typeof serializeVideo>;
export type VideoDetailsJson = ReturnType<typeof serializeVideoDetails>;
