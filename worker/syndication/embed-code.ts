import { html } from 'hono/html';
import type { Config } from '../config';

/** PeerTube's EMBED_SIZE. */
export const EMBED_SIZE = { width: 560, height: 315 };

/**
 * The embed player's URL parameters PeerTube passes on from a watch URL (controllers/services.ts,
 * buildPlayerURLQuery); the ones edgetube's player honours are listed in embed-options.ts.
 */
const PASSED_ON = new Set([
  'start',
  'stop',
  'loop',
  'autoplay',
  'muted',
  'controls',
  'controlBar',
  'title',
  'api',
  'warningTitle',
  'peertubeLink',
  'p2p',
  'subtitle',
  'bigPlayBackgroundColor',
  'mode',
  'foregroundColor',
  'playbackRate',
  'waitPasswordFromEmbedAPI',
  'playlistPosition',
]);

/** `?start=…` from a watch URL's query, with only the parameters an embed understands. */
export function embedQuery(search: URLSearchParams): string {
  const out = new URLSearchParams();
  search.forEach((v, k) => {
    if (PASSED_ON.has(k)) out.append(k, v);
  });
  const s = out.toString();
  return s ? `?${s}` : '';
}

/** The iframe PeerTube gives in oEmbed and in its share dialog (same attributes, same sandbox). */
export function embedIframe(config: Config, video: { uuid: string; name: string }, options: { query?: string; width?: number; height?: number } = {}): string {
  const src = `${config.publicUrl}/videos/embed/${video.uuid}${options.query ?? ''}`;
  return String(
    html`<iframe
      width="${options.width ?? EMBED_SIZE.width}"
      height="${options.height ?? EMBED_SIZE.height}"
      sandbox="allow-same-origin allow-scripts allow-popups allow-forms"
      title="${video.name}"
      src="${src}"
      frameborder="0"
      allowfullscreen
    ></iframe>`,
  );
}
