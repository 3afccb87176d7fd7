import { describe, it, expect, beforeEach, vi, afterEach } from 'vitest';
import { clearIsolateHits, isolateHit, isolateHitStats, ISOLATE_HIT_MAX_BODY, ISOLATE_HITS_MAX_BYTES, keepHit, keepable } from './edge-cache-isolate';

const json = () => new Headers({ 'content-type': 'application/json' });
const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill).buffer;

beforeEach(() => clearIsolateHits());
afterEach(() => vi.useRealTimers());

describe('hits kept in the isolate', () => {
  it('answer a kept entry under its key and generation only, each answer with its own bytes', async () => {
    isolateHit('g1', 'k');
    keepHit('g1', 'k', 200, json(), new TextEncoder().encode('{"a":1}').buffer, 30);
    const first = isolateHit('g1', 'k')!;
    const second = isolateHit('g1', 'k')!;
    expect(await first.text()).toBe('{"a":1}');
    expect(await second.text()).toBe('{"a":1}');
    expect(second.headers.get('content-type')).toBe('application/json');
    expect(isolateHit('g1', 'other')).toBeUndefined();
  });

  it('drop every entry when a lookup comes under a new generation, and keep nothing read under an old one', () => {
    isolateHit('g1', 'k');
    keepHit('g1', 'k', 200, json(), bytes(10), 30);
    expect(isolateHit('g2', 'k')).toBeUndefined();
    expect(isolateHitStats()).toEqual({ entries: 0, bytes: 0 });
    // A request that looked up under g1 finishes after the g2 lookup: what it read is not kept.
    keepHit('g1', 'k', 200, json(), bytes(10), 30);
    expect(isolateHitStats().entries).toBe(0);
    expect(isolateHit('g1', 'k')).toBeUndefined();
  });

  it('keep nothing after clearIsolateHits (a write in this isolate) until the next lookup', () => {
    isolateHit('g1', 'k');
    clearIsolateHits();
    keepHit('g1', 'k', 200, json(), bytes(10), 30);
    expect(isolateHitStats().entries).toBe(0);
  });

  it('expire an entry with its Cache API twin', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    isolateHit('g', 'k');
    keepHit('g', 'k', 200, json(), bytes(10), 5);
    vi.setSystemTime(1_004_999);
    expect(isolateHit('g', 'k')).toBeDefined();
    vi.setSystemTime(1_005_000);
    expect(isolateHit('g', 'k')).toBeUndefined();
    expect(isolateHitStats()).toEqual({ entries: 0, bytes: 0 });
    keepHit('g', 'k', 200, json(), bytes(10), 0);
    expect(isolateHitStats().entries).toBe(0);
  });

  it('hold at most ISOLATE_HITS_MAX_BYTES, evicting the least recently used first', () => {
    const size = ISOLATE_HIT_MAX_BODY;
    const fit = Math.floor(ISOLATE_HITS_MAX_BYTES / size);
    isolateHit('g', 'k0');
    for (let i = 0; i < fit; i++) keepHit('g', `k${i}`, 200, json(), bytes(size), 30);
    expect(isolateHitStats()).toEqual({ entries: fit, bytes: fit * size });
    // k0 is used again: k1 is now the least recently used.
    expect(isolateHit('g', 'k0')).toBeDefined();
    keepHit('g', 'new', 200, json(), bytes(size), 30);
    expect(isolateHitStats().bytes).toBeLessThanOrEqual(ISOLATE_HITS_MAX_BYTES);
    expect(isolateHit('g', 'k1')).toBeUndefined();
    expect(isolateHit('g', 'k0')).toBeDefined();
    expect(isolateHit('g', 'new')).toBeDefined();
    // Keeping a key again replaces its bytes, it does not add to them.
    const before = isolateHitStats().bytes;
    keepHit('g', 'new', 200, json(), bytes(10), 30);
    expect(isolateHitStats().bytes).toBe(before - size + 10);
  });

  it('never keep media, ranges, cookies, errors other than 404, or large bodies', () => {
    expect(keepable(200, json(), 100)).toBe(true);
    expect(keepable(404, new Headers({ 'content-type': 'application/activity+json' }), 100)).toBe(true);
    expect(keepable(200, json(), ISOLATE_HIT_MAX_BODY + 1)).toBe(false);
    for (const type of [
      'video/mp4',
      'audio/mp4',
      'image/jpeg',
      'application/vnd.apple.mpegurl',
      'application/x-mpegURL',
      'application/octet-stream',
      'application/x-bittorrent',
    ]) {
      expect(keepable(200, new Headers({ 'content-type': type }), 100), type).toBe(false);
    }
    expect(keepable(206, json(), 100)).toBe(false);
    expect(keepable(200, new Headers({ 'content-type': 'text/html', 'content-range': 'bytes 0-9/100' }), 10)).toBe(false);
    expect(keepable(200, new Headers({ 'content-type': 'text/html', 'set-cookie': 'a=b' }), 10)).toBe(false);
    expect(keepable(500, json(), 10)).toBe(false);
    isolateHit('g', 'k');
    keepHit('g', 'k', 200, new Headers({ 'content-type': 'video/mp4' }), bytes(10), 30);
    expect(isolateHit('g', 'k')).toBeUndefined();
    // Small immutable images, when the caller says so (media/serve.ts, avatars and banners).
    keepHit('g', 'img', 200, new Headers({ 'content-type': 'image/png' }), bytes(10), 30, true);
    expect(isolateHit('g', 'img')?.headers.get('content-type')).toBe('image/png');
    keepHit('g', 'big', 200, new Headers({ 'content-type': 'image/png' }), bytes(ISOLATE_HIT_MAX_BODY + 1), 30, true);
    expect(isolateHit('g', 'big')).toBeUndefined();
  });
});
