import { describe, expect, it } from 'vitest';
import { COLLECTION_PAGE_SIZE, orderedCollection, parsePage, type PageLoader } from './collections';

const items = Array.from({ length: 23 }, (_, i) => `https://remote.example/accounts/u${i}`);
const loader: PageLoader<string> = async (start, count) => ({ total: items.length, data: items.slice(start, start + count) });
const base = 'https://video.example/accounts/root/followers';

describe('orderedCollection', () => {
  it('without a page: totalItems and first, like PeerTube', async () => {
    const doc = await orderedCollection(base, undefined, loader);
    expect(doc).toMatchObject({ id: base, type: 'OrderedCollection', totalItems: 23, first: `${base}?page=1` });
    expect(doc).not.toHaveProperty('orderedItems');
  });

  it('an empty collection has no first page', async () => {
    const doc = await orderedCollection(base, undefined, async () => ({ total: 0, data: [] }));
    expect(doc).toEqual({ '@context': expect.any(Array), id: base, type: 'OrderedCollection', totalItems: 0 });
  });

  it('pages of 10 with prev, next and partOf', async () => {
    const first = await orderedCollection(base, 1, loader);
    expect(first).toMatchObject({ id: `${base}?page=1`, type: 'OrderedCollectionPage', next: `${base}?page=2`, partOf: base, totalItems: 23 });
    expect(first).not.toHaveProperty('prev');
    expect((first as { orderedItems: string[] }).orderedItems).toEqual(items.slice(0, COLLECTION_PAGE_SIZE));
    const last = await orderedCollection(base, 3, loader);
    expect(last).toMatchObject({ prev: `${base}?page=2`, orderedItems: items.slice(20) });
    expect(last).not.toHaveProperty('next');
  });

  it('reads ?page= strictly', () => {
    expect(parsePage('2')).toBe(2);
    for (const bad of [undefined, '', '0', '-1', '1.5', 'abc', '01', '99999999999']) expect(parsePage(bad)).toBeUndefined();
  });
});
