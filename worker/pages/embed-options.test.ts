import { describe, expect, it } from 'vitest';
import { parsePlayerOptions, timeToSeconds } from './embed-options';

describe('embed options', () => {
  it('reads PeerTube time forms', () => {
    expect(timeToSeconds('90')).toBe(90);
    expect(timeToSeconds('1m30s')).toBe(90);
    expect(timeToSeconds('1h0m2s')).toBe(3602);
    expect(timeToSeconds('abc')).toBeUndefined();
    expect(timeToSeconds('')).toBeUndefined();
  });
  it('reads flags as PeerTube does, with defaults', () => {
    const o = parsePlayerOptions(new URLSearchParams('autoplay=1&muted=true&loop=0&title=0&warningTitle=false&p2p=0&start=3&stop=1m'));
    expect(o).toEqual({ start: 3, stop: 60, autoplay: true, muted: true, loop: false, p2p: false, title: false, warningTitle: false });
    expect(parsePlayerOptions(new URLSearchParams(''), { p2p: false })).toMatchObject({ autoplay: false, title: true, warningTitle: true, p2p: false });
  });
});
