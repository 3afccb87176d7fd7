import { describe, it, expect, afterEach, vi } from 'vitest';
import { clearIsolateMemos, isolateMemo, REFRESH_HOLD_MS } from './isolate-memo';

afterEach(() => vi.useRealTimers());

/** A load that counts its calls and resolves when the test says so. */
function gatedLoad<T>(value: T) {
  const calls = { n: 0 };
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const load = async () => {
    calls.n++;
    await gate;
    return value;
  };
  return { calls, load, release };
}

describe('isolate memo', () => {
  it('keeps a value for its TTL, then one request reloads it while the others keep the expired value', async () => {
    vi.useFakeTimers();
    const memo = isolateMemo<string>(5_000);
    expect(await memo.get('k', async () => 'v1')).toBe('v1');
    expect(await memo.get('k', async () => 'unused')).toBe('v1');

    vi.advanceTimersByTime(5_001);
    const refresh = gatedLoad('v2');
    // 32 requests in flight when the entry expires: one load, not 32.
    const answers = Array.from({ length: 32 }, () => memo.get('k', refresh.load));
    expect(refresh.calls.n).toBe(1);
    const early = await Promise.all(answers.slice(1));
    expect(early.every((v) => v === 'v1')).toBe(true);
    refresh.release();
    expect(await answers[0]).toBe('v2');
    expect(await memo.get('k', async () => 'unused')).toBe('v2');
  });

  it('lets another request reload when a refresh holds longer than REFRESH_HOLD_MS, or failed', async () => {
    vi.useFakeTimers();
    const memo = isolateMemo<string>(1_000);
    await memo.get('k', async () => 'v1');
    vi.advanceTimersByTime(1_001);
    const stuck = gatedLoad('late');
    const first = memo.get('k', stuck.load);
    vi.advanceTimersByTime(REFRESH_HOLD_MS + 1);
    expect(await memo.get('k', async () => 'v2')).toBe('v2');
    stuck.release();
    await first;

    vi.advanceTimersByTime(1_001);
    await expect(memo.get('k', () => Promise.reject(new Error('libSQL down')))).rejects.toThrow('libSQL down');
    expect(await memo.get('k', async () => 'v3')).toBe('v3');
  });

  it('never keeps a load that was in flight when a write cleared the memos, nor an absent value', async () => {
    const memo = isolateMemo<string | null>(60_000);
    const before = gatedLoad<string | null>('read before the write');
    const pending = memo.get('k', before.load);
    clearIsolateMemos();
    before.release();
    expect(await pending).toBe('read before the write');
    expect(await memo.get('k', async () => 'after')).toBe('after');

    clearIsolateMemos();
    expect(await memo.get('gone', async () => null)).toBeNull();
    expect(await memo.get('gone', async () => 'created since')).toBe('created since');
  });
});
