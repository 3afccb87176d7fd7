import type { Config } from '../config';

/**
 * Where a local video's media is served, in PeerTube's URL layout (fixture api-video-details.json),
 * and which R2 key each URL maps to. Everything lives under `videos/<uuid>/` in R2.
 */
export function mediaUrls(config: Config, uuid: string) {
  const base = config.publicUrl;
  const hls = `${base}/static/streaming-playlists/hls/${uuid}`;
  return {
    thumbnailPath: `/lazy-static/thumbnails/${uuid}.jpg`,
    previewPath: `/lazy-static/previews/${uuid}.jpg`,
    masterPlaylist: `${hls}/master.m3u8`,
    segmentsSha256: `${hls}/segments-sha256.json`,
    /** The rendition's MP4 (the concatenation of its segments, ADR 0002). */
    webVideo: (res: number) => `${base}/static/web-videos/${uuid}-${res}.mp4`,
    webVideoDownload: (res: number) => `${base}/download/web-videos/${uuid}-${res}.mp4`,
    hlsVideo: (res: number) => `${hls}/${uuid}-${res}-fragmented.mp4`,
    hlsVideoDownload: (res: number) => `${base}/download/streaming-playlists/hls/videos/${uuid}-${res}-fragmented.mp4`,
    /** The web seed written into the torrent by the companion (jobs/companion-protocol.ts: `${webSeedBase}-${h}.mp4`). */
    webSeed: (res: number) => `${base}/download/videos/${uuid}-${res}.mp4`,
    torrent: (res: number) => `${base}/lazy-static/torrents/${uuid}-${res}.torrent`,
    /** The uploaded file, served only until its renditions replace it. */
    original: `${base}/download/original-video-files/${uuid}`,
    torrentDownload: (res: number) => `${base}/download/torrents/${uuid}-${res}.torrent`,
  };
}

export const videoPrefix = (uuid: string) => `videos/${uuid}/`;
export const thumbnailKey = (uuid: string) => `videos/${uuid}/thumbnail.jpg`;
/** A thumbnail or preview the owner sent after the upload (PUT /videos/{id}); never written by the companion. */
export const customImageKey = (uuid: string, kind: 'thumbnail' | 'preview') => `videos/${uuid}/custom-${kind}.jpg`;
export const previewKey = (uuid: string) => `videos/${uuid}/preview.jpg`;
export const torrentKey = (uuid: string, res: number) => `videos/${uuid}/torrents/${uuid}-${res}.torrent`;
export const hlsKey = (uuid: string, rest: string) => `videos/${uuid}/hls/${rest}`;
/** Where an upload's original lands; the transcode job reads it from here. */
export const originalKey = (uuid: string) => `videos/${uuid}/original`;
/** A local caption's WebVTT file (services/captions.ts). */
export const captionKey = (uuid: string, filename: string) => `videos/${uuid}/captions/${filename}`;
/** Where any caption, local or remote, is served (PeerTube's LAZY_STATIC_PATHS.VIDEO_CAPTIONS). */
/** A local actor's avatar or banner (services/actor-images.ts). */
export const actorImageKey = (type: 'avatar' | 'banner', file: string) => `actor-images/${type}s/${file}`;

export const captionPath = (filename: string) => `/lazy-static/video-captions/${filename}`;
/** The HLS media playlist of one caption, referenced by the master playlist's SUBTITLES group (media/captions.ts). */
export const captionPlaylistName = (language: string) => `captions-${language}.m3u8`;
