import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The house rules the suite keeps: the tree is formatted (`npm run format`). */
const root = join(import.meta.dirname, '..', '..');

describe('house rules', () => {
  it('the tree is formatted as .prettierrc.json says (fix with `npm run format`)', () => {
    const run = spawnSync(join(root, 'node_modules', '.bin', 'prettier'), ['--list-different', '.'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([]);
  }, 120_000);
});
