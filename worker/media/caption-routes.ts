import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context';
import { afterResponse } from '../http/after-response';
import { currentGeneration, defaultCache } from '../http/edge-cache-generation';
import { VIDEO_PRIVACY } from '../db/schema';
import { findCaptionByFilename, findVideoCaption, listVideoCaptions } from '../services/captions';
import { MAX_CAPTION_FILE_SIZE, toWebVtt } from '../services/caption-files';
import { labelled, VIDEO_LANGUAGES } from '../services/video-labels';
import { reinjectVideoFileToken } from './playlist-token';
import { resolve, type Resolved } from './routes';
import { serveRemoteMedia } from './remote-media';
import { CORS_HEADERS, GROWING, PRIVATE, serveObject } from './serve';
import { subtitlesMediaPlaylist, withSubtitlesGroup } from './subtitles';
import { captionKey, captionPath, captionPlaylistName, hlsKey } from './urls';

const VTT = 'text/vtt; charset=utf-8';
const M3U8 = 'application/vnd.apple.mpegurl';
/** PeerTube's FILES_CACHE.VIDEO_CAPTIONS.MAX_AGE: how long a remote caption is kept. */
const REMOTE_CAPTION_MAX_AGE = 3 * 3600;
/** `<uuid>-<language>.vtt` (PeerTube's generateCaptionName). */
const CAPTION_FILE = /^[0-9a-f-]{36}-[A-Za-z-]{2,20}\.vtt$/;

const missing = () => new Response('Not found', { status: 404, headers: CORS_HEADERS });

type Visible = Exclude<Resolved, Response>;

/** Only what anyone may see is shared: a public video's, never an unlisted, internal or private one's. */
const isPublic = ({ video, visibility }: Visible) => visibility === 'public' && video.privacy === VIDEO_PRIVACY.PUBLIC;

/**
 * The edge cache for these answers (ADR 0017): a public video's, keyed by the content generation so
 * that a caption change shows at once. Unlike edgeCache(), the lookup comes after the access check,
 * as for every other media answer (media/routes.ts). The answer is the same for every viewer.
 */
async function cachedWhenPublic(c: Context<AppEnv>, visible: Visible, build: () => Promise<Response>): Promise<Response> {
  const cache = defaultCache();
  if (!isPublic(visible) || c.req.method !== 'GET' || c.req.header('range') || !cache) return build();
  const origin = c.var.config.publicUrl;
  const key = `${origin}${new URL(c.req.url).pathname}?__edge=media.${await currentGeneration(cache, origin)}`;
  const hit = await cache.match(key);
  if (hit) {
    const headers = new Headers(hit.headers);
    headers.set('x-edge-cache', 'HIT');
    return new Response(hit.body, { status: hit.status, headers });
  }
  const res = await build();
  if (res.status !== 200) return res;
  afterResponse(
    c,
    cache.put(key, res.clone()).catch((err) => console.error('edge cache: put failed', err)),
  );
  return res;
}

/** A playlist built here, with the video file token carried on when PeerTube's reinjection is asked for. */
function playlistResponse(c: Context<AppEnv>, visible: Visible, body: string, cacheControl: string) {
  const token = c.req.query('videoFileToken');
  const reinject = visible.visibility === 'private' && token && c.req.query('reinjectVideoFileToken') === 'true';
  const bytes = new TextEncoder().encode(reinject ? reinjectVideoFileToken(body, token) : body);
  const headers = {
    ...CORS_HEADERS,
    'Content-Type': M3U8,
    'Content-Length': String(bytes.length),
    'Cache-Control': isPublic(visible) ? cacheControl : PRIVATE,
  };
  return new Response(c.req.method === 'HEAD' ? null : bytes, { headers });
}

/**
 * Captions as PeerTube serves them (`/lazy-static/video-captions/`, controllers/lazy-static.ts), with
 * the rules of the video's other media (media/routes.ts, resolve), and in HLS: the master playlist
 * with a SUBTITLES group, and one media playlist per caption. Mounted before mediaRoutes, whose
 * catch-all HLS route would otherwise serve the master playlist as stored.
 */
export function captionMediaRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/lazy-static/video-captions/:file', async (c) => {
    const file = c.req.param('file');
    if (!CAPTION_FILE.test(file)) return missing();
    const found = await findCaptionByFilename(c.var.db, file);
    if (!found) return missing();
    const visible = await resolve(c, found.uuid);
    if (visible instanceof Response) return visible;
    if (found.isLocal) {
      const cacheControl = isPublic(visible) ? 'public, max-age=7200' : PRIVATE;
      const serve = () => serveObject(c.req.raw, c.env.MEDIA, captionKey(found.uuid, file), { contentType: VTT, cacheControl, cacheable: false });
      return cachedWhenPublic(c, visible, serve);
    }
    // A remote caption is fetched from its origin when first asked for (PeerTube's VideoCaptionsSimpleFileCache).
    const remote = await serveRemoteMedia(c, found.caption.fileUrl, {
      accept: 'text/vtt, application/x-subrip;q=0.9, */*;q=0.5',
      maxBytes: MAX_CAPTION_FILE_SIZE,
      cacheControl: `public, max-age=${REMOTE_CAPTION_MAX_AGE}`,
      cacheKey: `${c.var.config.publicUrl}/__remote-captions/${file}?src=${encodeURIComponent(found.caption.fileUrl ?? '')}`,
      accepts: (bytes) => {
        const vtt = toWebVtt(bytes);
        return vtt === null ? null : { body: vtt, contentType: VTT };
      },
      waitUntil: (p) => afterResponse(c, p),
    });
    if (isPublic(visible)) return remote;
    // An unlisted video's copy is kept here, but no one else may keep it.
    const headers = new Headers(remote.headers);
    headers.set('Cache-Control', PRIVATE);
    return new Response(remote.body, { status: remote.status, headers });
  });

  app.get('/static/streaming-playlists/hls/:uuid/master.m3u8', async (c) => {
    const visible = await resolve(c, c.req.param('uuid'));
    if (visible instanceof Response) return visible;
    const { video } = visible;
    const build = async () => {
      const [object, captions] = await Promise.all([
        c.env.MEDIA.get(video.playlistKey ?? hlsKey(video.uuid, 'master.m3u8')),
        video.isLocal ? listVideoCaptions(c.var.db, video.id) : [],
      ]);
      if (!object) return missing();
      const renditions = captions.map((caption) => ({
        language: caption.language,
        name: labelled(VIDEO_LANGUAGES, caption.language).label,
        uri: captionPlaylistName(caption.language),
      }));
      return playlistResponse(c, visible, withSubtitlesGroup(await object.text(), renditions), video.complete ? 'public, max-age=60' : GROWING);
    };
    // The master grows with the ladder while it is encoded (ADR 0006): cached only once complete.
    return video.complete ? cachedWhenPublic(c, visible, build) : build();
  });

  app.get('/static/streaming-playlists/hls/:uuid/:file{captions-[A-Za-z-]{2,20}\\.m3u8}', async (c) => {
    const visible = await resolve(c, c.req.param('uuid'));
    if (visible instanceof Response) return visible;
    const language = /^captions-(.+)\.m3u8$/.exec(c.req.param('file'))![1];
    return cachedWhenPublic(c, visible, async () => {
      const caption = visible.video.isLocal ? await findVideoCaption(c.var.db, visible.video.id, language) : undefined;
      if (!caption) return missing();
      return playlistResponse(c, visible, subtitlesMediaPlaylist(visible.video.duration, captionPath(caption.filename)), 'public, max-age=60');
    });
  });

  return app;
}
