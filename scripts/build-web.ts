/**
 * Bundles the pages' client-side TypeScript (web/src/*.ts) into web/public/js/, which the Worker
 * serves as static assets. Runs before `npm start`, `npm test` and deploy (package.json), so a
 * fresh clone needs no other step. Prints each bundle's gzip size: issue 12 caps a page's JavaScript.
 */
import { build } from 'esbuild';
import { readdir, readFile, rm } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'web/src');
const OUT = join(ROOT, 'web/public/js');

/** Entry points are the top-level files of web/src; sub-folders hold what they import. */
export async function buildWeb(options: { quiet?: boolean } = {}) {
  const entries = (await readdir(SRC, { withFileTypes: true }))
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(SRC, e.name));
  await rm(OUT, { recursive: true, force: true });
  const result = await build({
    entryPoints: entries,
    outdir: OUT,
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    target: ['es2022'],
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
    // The player's P2P libraries (p2p-media-loader, simple-peer, streamx) read Node's `global` and `process`.
    // `process` is web/src/player/node-globals.ts's object.
    define: { global: 'globalThis', process: 'globalThis.edgetubeNodeProcess' },
  });
  const sizes: Record<string, { bytes: number; gzip: number }> = {};
  for (const file of Object.keys(result.metafile.outputs)) {
    const data = await readFile(join(ROOT, file));
    sizes[file.replace(/^web\/public/, '')] = { bytes: data.length, gzip: gzipSync(data).length };
  }
  if (!options.quiet) {
    for (const [file, s] of Object.entries(sizes)) console.log(`web: ${file} ${s.bytes} B, ${s.gzip} B gzip`);
  }
  return sizes;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildWeb();
}
