import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffShapes, fixturePath, shapeDiff } from './shape';

describe('diffShapes', () => {
  it('accepts a candidate with the same paths and types, whatever the values and extra keys', () => {
    const ref = { id: 1, name: 'a', tags: ['x'], account: { host: 'h', avatar: null } };
    const cand = { id: 9, name: 'b', tags: ['y', 'z'], account: { host: 'i', avatar: { path: '/p' } }, extra: true };
    expect(diffShapes(ref, cand)).toEqual([]);
  });

  it('lists a missing key path and a type that differs', () => {
    const ref = { id: 1, account: { host: 'h', followers: 3 }, files: [{ size: 1 }] };
    const cand = { id: '1', account: { host: 'h' }, files: [{}] };
    expect(diffShapes(ref, cand)).toEqual([
      'type     .id: string, reference has number',
      'missing  .account.followers (number)',
      'missing  .files[].size (number)',
    ]);
  });

  it('skips ignored prefixes, and compares arrays by their first element', () => {
    expect(diffShapes({ preview: [{ url: 'u' }], a: [] }, { a: [1] }, ['.preview'])).toEqual([]);
    expect(diffShapes({ a: [{ b: 1 }] }, { a: [] })).toEqual(['missing  .a[] (object)', 'missing  .a[].b (number)']);
  });
});

describe('shapeDiff', () => {
  it('compares a file with a recorded fixture, and reports a broken one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shape-'));
    const good = join(dir, 'good.json');
    const bad = join(dir, 'bad.json');
    const fixture = JSON.parse(await readFile(fixturePath('api-account.json'), 'utf8'));
    await writeFile(good, JSON.stringify(fixture));
    const { host: _host, ...withoutHost } = fixture;
    await writeFile(bad, JSON.stringify({ ...withoutHost, followersCount: 'many' }));
    expect(await shapeDiff('api-account.json', good)).toBe('');
    expect(await shapeDiff('api-account.json', bad)).toBe('missing  .host (string)\ntype     .followersCount: string, reference has number');
  });
});
