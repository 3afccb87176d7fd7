import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
// Bundled as text by wrangler's module rules (wrangler.toml [[rules]]): no build step, one version, from the lock file.
import hlsSource from 'hls.js/dist/hls.min.js';
import { version as hlsVersion } from 'hls.js/package.json';

export const HLS_SCRIPT_PATH = `/static/player/hls-${hlsVersion}.min.js`;

/** Serves hls.js under a versioned, immutable URL. */
export function playerAssetRoutes() {
  const app = new Hono<AppEnv>();
  app.get(HLS_SCRIPT_PATH, (c) =>
    c.body(hlsSource, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      'access-control-allow-origin': '*',
    }),
  );
  return app;
}
