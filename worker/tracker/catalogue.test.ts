import { describe, expect, it } from 'vitest';
import { Catalogue, FreshCall } from './catalogue';

const h = (c: string) => c.repeat(40);

/** A catalogue in memory: `publish` is a committed write; calls are counted. */
function source() {
  const state = { hashes: new Set([h('a')]), version: 1, reads: 0, versions: 0 };
  return {
    state,
    publish(hash: string) {
      state.hashes.add(hash);
      state.version++;
    },
    read: async () => {
      state.reads++;
      return { version: String(state.version), infohashes: new Set(state.hashes) };
    },
    version: async () => {
      state.versions++;
      return String(state.version);
    },
  };
}

describe('Catalogue', () => {
  it('knows a video published just after the last read, at the first announce of it', async () => {
    const s = source();
    const catalogue = new Catalogue(s, 60_000);
    expect(await catalogue.known([h('a')])).toEqual(new Set([h('a')]));
    s.publish(h('b'));
    expect(await catalogue.known([h('b')])).toEqual(new Set([h('b')]));
    expect(s.state.reads).toBe(2);
  });

  it('answers an unknown infohash with one version query, and no full read while nothing changed', async () => {
    const s = source();
    const catalogue = new Catalogue(s, 60_000);
    await catalogue.known([h('a')]);
    for (let i = 0; i < 5; i++) expect(await catalogue.known([h('f')])).toEqual(new Set());
    expect(s.state).toMatchObject({ reads: 1, versions: 5 });
  });

  it('shares version queries among announces that arrive together', async () => {
    const s = source();
    const catalogue = new Catalogue(s, 60_000);
    await catalogue.known([h('a')]);
    const answers = await Promise.all(Array.from({ length: 20 }, () => catalogue.known([h('f')])));
    expect(answers.every((a) => a.size === 0)).toBe(true);
    expect(s.state.versions).toBeLessThanOrEqual(2);
  });

  it('reads the whole catalogue again once it is older than its TTL', async () => {
    let now = 0;
    const s = source();
    const catalogue = new Catalogue(s, 60_000, { now: () => now });
    await catalogue.known([h('a')]);
    now = 59_000;
    await catalogue.known([h('a')]);
    expect(s.state.reads).toBe(1);
    now = 61_000;
    await catalogue.known([h('a')]);
    expect(s.state.reads).toBe(2);
  });

  it('fails a call that hangs, and the next announce gets a fresh one', async () => {
    const s = source();
    let hang = true;
    const catalogue = new Catalogue({ read: () => (hang ? new Promise<never>(() => {}) : s.read()), version: s.version }, 60_000, { timeoutMs: 50 });
    await expect(catalogue.known([h('a')])).rejects.toThrow(/no answer in 50 ms/);
    hang = false;
    expect(await catalogue.known([h('a')])).toEqual(new Set([h('a')]));
  });
});

describe('FreshCall', () => {
  it('after(): never answers with a call that started before the ask', async () => {
    let value = 1;
    const releases: Array<() => void> = [];
    const call = new FreshCall(() => {
      const seen = value;
      return new Promise<number>((resolve) => releases.push(() => resolve(seen)));
    }, 1_000);
    const first = call.after();
    value = 2; // a write committed while the first call is in flight
    const second = call.after();
    const third = call.after();
    releases.shift()!();
    expect(await first).toBe(1);
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    releases.shift()!();
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    expect(releases).toHaveLength(0);
  });

  it('any(): joins the call in flight', async () => {
    let calls = 0;
    const call = new FreshCall(async () => ++calls, 1_000);
    expect(await Promise.all([call.any(), call.any()])).toEqual([1, 1]);
  });
});
