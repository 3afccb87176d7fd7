import { describe, expect, it } from 'vitest';
import { parsePlayerOptions } from './embed-options';

const times = (query: string) => {
  const { start, stop } = parsePlayerOptions(new URLSearchParams(query));
  return { start, stop };
};

describe('embed options', () => {
  it("reads start and stop as PeerTube's player does (timeToInt), none when absent", () => {
    expect(times('start=90&stop=1h0m2s')).toEqual({ start: 90, stop: 3602 });
    expect(times('start=1m30s&stop=1m30')).toEqual({ start: 90, stop: 90 });
    expect(times('start=1:02:03&stop=02:03')).toEqual({ start: 3723, stop: 123 });
    expect(times('t=1m')).toEqual({ start: 60, stop: undefined });
    expect(times('')).toEqual({ start: undefined, stop: undefined });
    // Present but unreadable: 0, a start from the beginning (no resume), and no stop.
    expect(times('start=abc&stop=')).toEqual({ start: 0, stop: 0 });
  });
  it('reads flags as PeerTube does, with defaults', () => {
    const o = parsePlayerOptions(new URLSearchParams('autoplay=1&muted=true&loop=0&title=0&warningTitle=false&p2p=0&start=3&stop=1m'));
    expect(o).toEqual({ start: 3, stop: 60, autoplay: true, muted: true, loop: false, p2p: false, title: false, warningTitle: false });
    expect(parsePlayerOptions(new URLSearchParams(''), { p2p: false })).toMatchObject({ autoplay: false, title: true, warningTitle: true, p2p: false });
  });
});
