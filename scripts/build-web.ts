import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** Where the player's P2P bundle lands: served as a static asset (wrangler.toml [assets]). */
export const P2P_BUNDLE = 'web/public/p2p/edgetube-p2p.js';

/**
 * Bundles the browser code under web/src (the player's P2P module, ADR 0017) into web/public.
 * Run by `npm start`, `npm test` (pretest) and the integration suite's setup; the output is not committed.
 */
export async function buildWeb() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  await build({
    absWorkingDir: root,
    entryPoints: ['web/src/p2p/index.ts'],
    outfile: P2P_BUNDLE,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: false,
    legalComments: 'eof',
    logLevel: 'warning',
    // p2p-media-loader's dependencies read these Node globals; the browser has none.
    define: { global: 'globalThis', 'process.env.NODE_ENV': '"production"' },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWeb();
