import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The house rules the suite keeps: the tree is formatted (`npm run format`), and no source file is long. */
const root = join(import.meta.dirname, '..', '..');

/** Past this many lines a file is split by sub-resource or seam (conventions, issue 8). */
const MAX_LINES = 400;

describe('house rules', () => {
  it('the tree is formatted as .prettierrc.json says (fix with `npm run format`)', () => {
    const run = spawnSync(join(root, 'node_modules', '.bin', 'prettier'), ['--list-different', '.'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([]);
  }, 120_000);

  it(`no git-tracked source file is over ${MAX_LINES} lines`, () => {
    const run = spawnSync('git', ['ls-files', '-z', '--', '*.ts', '*.tsx', '*.mjs', '*.js'], { cwd: root, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const files = run.stdout.split('\0').filter((f) => f && existsSync(join(root, f)));
    expect(files.length).toBeGreaterThan(100);
    const offenders = files
      .map((file) => {
        const lines = readFileSync(join(root, file), 'utf8').split('\n');
        if (lines[lines.length - 1] === '') lines.pop();
        return { file, lines: lines.length };
      })
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(offenders).toEqual([]);
  });
});
