import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context';
import { bearer } from '../http/auth';
import { findMediaVideo, findPlaylistImage, findRendition, findTorrentKey, mediaAccess, type MediaVideo } from '../services/media-access';
import { isUuid } from '../services/short-uuid';
import { findPendingOriginal } from '../services/video-queries';
import { reinjectVideoFileToken } from './playlist-token';
import { serveRemoteMedia } from './remote-media';
import { CORS_HEADERS, GROWING, IMMUTABLE, PRIVATE, serveConcatenation, serveObject, type ServeOptions } from './serve';
import { REMOTE_AVATAR_FILE } from '../serializers/actor';
import { findRemoteAvatarUrl } from '../services/actor-images';
import { sniffImage } from './image-sniff';
import { LOCAL_ACTOR_IMAGE_FILE } from './actor-image-sizes';
import { actorImageKey, hlsKey, previewKey, thumbnailKey, torrentKey } from './urls';

const denied = () => new Response('Forbidden', { status: 403, headers: CORS_HEADERS });
const missing = () => new Response('Not found', { status: 404, headers: CORS_HEADERS });

export type Resolved = { video: MediaVideo; visibility: 'public' | 'private' } | Response;

export async function resolve(c: Context<AppEnv>, uuid: string): Promise<Resolved> {
  if (!isUuid(uuid)) return missing();
  const video = await findMediaVideo(c.var.db, uuid);
  if (!video) return missing();
  const visibility = await mediaAccess(c.var.db, c.var.config.keyEncryptionSecret, video, {
    bearer: bearer(c.req.header('authorization')),
    videoFileToken: c.req.query('videoFileToken'),
  });
  if (visibility === 'denied') return denied();
  return { video, visibility };
}

const cacheControl = (visibility: 'public' | 'private', publicValue: string) => (visibility === 'public' ? publicValue : PRIVATE);

/** `<uuid>-<res>.mp4` or `<uuid>-<res>-fragmented.mp4`. */
const MP4_NAME = /^([0-9a-f-]{36})-(\d+)(?:-fragmented)?\.mp4$/i;

async function serveMp4(c: Context<AppEnv>, file: string, download: boolean) {
  const m = MP4_NAME.exec(file);
  if (!m) return missing();
  const resolved = await resolve(c, m[1]);
  if (resolved instanceof Response) return resolved;
  const { video, visibility } = resolved;
  const rendition = await findRendition(c.var.db, video.id, Number(m[2]));
  if (!rendition?.segments?.length) return missing();
  const segments = rendition.segments.map((s) => ({
    key: s.key.startsWith('videos/') ? s.key : hlsKey(video.uuid, `${rendition.resolution}/${s.key}`),
    size: s.size,
  }));
  return serveConcatenation(c.req.raw, c.env.MEDIA, segments, {
    // A re-transcode may replace the segments under the same URL: a day, not forever.
    cacheControl: cacheControl(visibility, 'public, max-age=86400'),
    cacheable: false,
    etag: `"${rendition.id}-${rendition.size}-${rendition.updatedAt.getTime()}"`,
    downloadName: download ? file : undefined,
  });
}

/**
 * A playlist with `videoFileToken` on every URI it references (PeerTube 6's reinjectVideoFileToken).
 * The body differs from the stored object, so it is served whole: no Range, no ETag.
 */
async function serveReinjectedPlaylist(request: Request, bucket: R2Bucket, key: string, token: string, options: ServeOptions) {
  const stored = await serveObject(new Request(request.url), bucket, key, { ...options, cacheable: false });
  if (stored.status !== 200) return stored;
  const body = new TextEncoder().encode(reinjectVideoFileToken(await stored.text(), token));
  const headers = new Headers(stored.headers);
  headers.delete('ETag');
  headers.delete('Accept-Ranges');
  headers.set('Content-Length', String(body.length));
  return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
}

const MAX_REMOTE_IMAGE_BYTES = 8 * 1024 * 1024;

/** A remote video's thumbnail or preview, from its origin (remote-media.ts). */
function remoteImage(c: Context<AppEnv>, url: string | null, waitUntil: (p: Promise<unknown>) => void) {
  return serveRemoteMedia(c, url, {
    accept: 'image/*',
    maxBytes: MAX_REMOTE_IMAGE_BYTES,
    cacheControl: 'public, max-age=7200',
    accepts: (bytes, contentType) => (contentType.startsWith('image/') ? { body: bytes, contentType } : null),
    waitUntil,
  });
}

/** A remote actor's icon, from its origin: only what its bytes show to be a raster image, served as that type. */
function remoteAvatar(c: Context<AppEnv>, url: string | null, waitUntil: (p: Promise<unknown>) => void) {
  return serveRemoteMedia(c, url, {
    accept: 'image/*',
    maxBytes: MAX_REMOTE_IMAGE_BYTES,
    cacheControl: 'public, max-age=7200',
    accepts: (bytes) => {
      const kind = sniffImage(bytes);
      return kind ? { body: bytes, contentType: kind.mediaType } : null;
    },
    waitUntil,
  });
}

/**
 * Media served from R2 at PeerTube's URLs (fixture api-video-details.json): HLS playlists and
 * segments, the MP4 of each rendition, torrents and images.
 */
export function mediaRoutes() {
  const app = new Hono<AppEnv>();
  const wait = (c: Context<AppEnv>) => (p: Promise<unknown>) => {
    try {
      c.executionCtx.waitUntil(p);
    } catch {
      /* no execution context in tests */
    }
  };

  const preflight = () => new Response(null, { status: 204, headers: { ...CORS_HEADERS, 'Access-Control-Max-Age': '86400' } });
  for (const prefix of ['/static/*', '/download/*', '/lazy-static/*']) app.options(prefix, preflight);

  app.get('/static/streaming-playlists/hls/:uuid/:rest{.+}', async (c) => {
    const { uuid, rest } = c.req.param();
    if (MP4_NAME.test(rest)) return serveMp4(c, rest, false);
    const resolved = await resolve(c, uuid);
    if (resolved instanceof Response) return resolved;
    const { video, visibility } = resolved;
    if (rest.split('/').some((p) => p === '..' || p === '')) return missing();
    let key = hlsKey(video.uuid, rest);
    if (rest === 'master.m3u8' && video.playlistKey) key = video.playlistKey;
    if (rest === 'segments-sha256.json' && video.sha256Key) key = video.sha256Key;
    // Segments never change once written; playlists grow until the ladder is complete.
    const finished = rest.endsWith('.m3u8') || rest.endsWith('.json') ? video.complete === true : true;
    const options = {
      cacheControl: cacheControl(visibility, finished ? IMMUTABLE : GROWING),
      cacheable: visibility === 'public' && finished,
      waitUntil: wait(c),
    };
    const token = c.req.query('videoFileToken');
    if (visibility === 'private' && token && rest.endsWith('.m3u8') && c.req.query('reinjectVideoFileToken') === 'true') {
      return serveReinjectedPlaylist(c.req.raw, c.env.MEDIA, key, token, options);
    }
    return serveObject(c.req.raw, c.env.MEDIA, key, options);
  });

  app.get('/static/web-videos/:file', (c) => serveMp4(c, c.req.param('file'), false));
  app.get('/download/web-videos/:file', (c) => serveMp4(c, c.req.param('file'), true));
  app.get('/download/videos/:file', (c) => serveMp4(c, c.req.param('file'), false));
  app.get('/download/streaming-playlists/hls/videos/:file', (c) => serveMp4(c, c.req.param('file'), true));

  // The upload itself, while the video waits for its renditions (serializers/video.ts, serializeOriginal).
  app.get('/download/original-video-files/:uuid', async (c) => {
    const resolved = await resolve(c, c.req.param('uuid'));
    if (resolved instanceof Response) return resolved;
    const original = await findPendingOriginal(c.var.db, resolved.video.id);
    if (!original) return missing();
    return serveObject(c.req.raw, c.env.MEDIA, original.key, {
      contentType: original.contentType,
      cacheControl: PRIVATE,
      cacheable: false,
      waitUntil: wait(c),
    });
  });

  const torrent = (download: boolean) => async (c: Context<AppEnv>) => {
    const file = c.req.param('file') ?? '';
    const m = /^([0-9a-f-]{36})-(\d+)(?:-hls)?\.torrent$/i.exec(file);
    if (!m) return missing();
    const resolved = await resolve(c, m[1]);
    if (resolved instanceof Response) return resolved;
    const { video, visibility } = resolved;
    const key = (await findTorrentKey(c.var.db, video.id, Number(m[2]))) ?? torrentKey(video.uuid, Number(m[2]));
    return serveObject(c.req.raw, c.env.MEDIA, key, {
      cacheControl: cacheControl(visibility, IMMUTABLE),
      cacheable: visibility === 'public',
      downloadName: download ? file : undefined,
      waitUntil: wait(c),
    });
  };
  app.get('/lazy-static/torrents/:file', torrent(false));
  app.get('/download/torrents/:file', torrent(true));

  const image = (kind: 'thumbnail' | 'preview') => async (c: Context<AppEnv>) => {
    const m = /^([0-9a-f-]{36})\.(jpg|jpeg|png|webp)$/i.exec(c.req.param('file') ?? '');
    if (!m) return missing();
    const resolved = await resolve(c, m[1]);
    if (resolved instanceof Response) return resolved;
    const { video, visibility } = resolved;
    if (!video.isLocal) return remoteImage(c, kind === 'thumbnail' ? video.thumbnailUrl : video.previewUrl, wait(c));
    const key = kind === 'thumbnail' ? (video.thumbnailKey ?? thumbnailKey(video.uuid)) : (video.previewKey ?? previewKey(video.uuid));
    // A custom image can replace the stored one under the same key: cache for hours, not forever.
    return serveObject(c.req.raw, c.env.MEDIA, key, { cacheControl: cacheControl(visibility, 'public, max-age=7200'), cacheable: false, waitUntil: wait(c) });
  };
  // A playlist's thumbnail (PeerTube's `playlist-<uuid>.jpg`); private playlists' stay unlisted here.
  const playlistImage = async (c: Context<AppEnv>, uuid: string) => {
    const playlist = await findPlaylistImage(c.var.db, uuid);
    if (!playlist) return missing();
    if (!playlist.isLocal) return remoteImage(c, playlist.url, wait(c));
    if (!playlist.key) return missing();
    return serveObject(c.req.raw, c.env.MEDIA, playlist.key, { cacheControl: 'public, max-age=7200', cacheable: false, waitUntil: wait(c) });
  };
  app.get('/lazy-static/thumbnails/:file', (c) => {
    const m = /^playlist-([0-9a-f-]{36})\.jpg$/i.exec(c.req.param('file') ?? '');
    return m ? playlistImage(c, m[1]) : image('thumbnail')(c);
  });
  app.get('/lazy-static/previews/:file', image('preview'));

  // Avatars and banners of local actors: public, and a new name on each change (ADR 0025), so immutable.
  for (const type of ['avatar', 'banner'] as const) {
    app.get(`/lazy-static/${type}s/:file`, async (c) => {
      const file = c.req.param('file');
      const remote = type === 'avatar' ? REMOTE_AVATAR_FILE.exec(file) : null;
      if (remote) return remoteAvatar(c, await findRemoteAvatarUrl(c.var.db, Number(remote[1]), remote[2]), wait(c));
      if (!LOCAL_ACTOR_IMAGE_FILE.test(file)) return missing();
      return serveObject(c.req.raw, c.env.MEDIA, actorImageKey(type, file), {
        cacheControl: IMMUTABLE,
        cacheable: true,
        waitUntil: wait(c),
        isolateOrigin: c.get('config').publicUrl,
      });
    });
  }

  return app;
}
