import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCANNED = ['worker', 'transcoder', 'seeder', 'scripts', 'test', 'bench', 'web', 'vitest.config.ts'];
const SOURCE = /\.(ts|tsx|mts|mjs|js|cjs|json)$/;
const SKIP = new Set(['node_modules', 'fixtures', 'dist', '.data']);
// Spelled in two parts so that this file does not match itself.
const OUTSIDE = new RegExp(['\\.\\./', 'shared'].join(''));

async function* sourceFiles(path: string): AsyncGenerator<string> {
  const entries = await readdir(path, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOTDIR') return null;
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  if (entries === null) {
    if (SOURCE.test(path)) yield path;
    return;
  }
  for (const e of entries) {
    if (SKIP.has(e.name)) continue;
    const child = join(path, e.name);
    if (e.isDirectory()) yield* sourceFiles(child);
    else if (SOURCE.test(e.name)) yield child;
  }
}

describe('the repository stands alone', () => {
  it('no source, script or test reads the folder beside the checkout', async () => {
    const offenders: string[] = [];
    let scanned = 0;
    for (const top of SCANNED) {
      for await (const file of sourceFiles(join(ROOT, top))) {
        scanned++;
        if (OUTSIDE.test(await readFile(file, 'utf8'))) offenders.push(relative(ROOT, file));
      }
    }
    expect(scanned).toBeGreaterThan(100);
    expect(offenders).toEqual([]);
  });
});
