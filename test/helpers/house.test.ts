import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The house rules the suite keeps: the tree is formatted (`npm run format`), and no source file grows past 400 lines. */
const root = join(import.meta.dirname, '..', '..');
const MAX_LINES = 400;

describe('house rules', () => {
  it('the tree is formatted as .prettierrc.json says (fix with `npm run format`)', () => {
    const run = spawnSync(join(root, 'node_modules', '.bin', 'prettier'), ['--list-different', '.'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([]);
  }, 120_000);

  it(`no source file is over ${MAX_LINES} lines`, () => {
    const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx', '*.mjs', '*.js'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    const long = files.map((file) => ({ file, lines: readFileSync(join(root, file), 'utf8').split('\n').length - 1 })).filter((f) => f.lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});
