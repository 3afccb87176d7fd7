import { describe, expect, it } from 'vitest';
import { contentRange, parseRange } from './range';

describe('parseRange', () => {
  it('resolves the three forms of a single range', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ kind: 'range', range: { start: 0, end: 99 } });
    expect(parseRange('bytes=500-', 1000)).toEqual({ kind: 'range', range: { start: 500, end: 999 } });
    expect(parseRange('bytes=-100', 1000)).toEqual({ kind: 'range', range: { start: 900, end: 999 } });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ kind: 'range', range: { start: 0, end: 999 } });
    expect(parseRange('bytes=990-5000', 1000)).toEqual({ kind: 'range', range: { start: 990, end: 999 } });
  });

  it('reports unsatisfiable ranges and ignores what it cannot honour', () => {
    expect(parseRange('bytes=1000-', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange(undefined, 1000)).toEqual({ kind: 'none' });
    expect(parseRange('bytes=0-1,5-6', 1000)).toEqual({ kind: 'none' });
    expect(parseRange('items=0-1', 1000)).toEqual({ kind: 'none' });
    expect(parseRange('bytes=9-3', 1000)).toEqual({ kind: 'none' });
  });

  it('formats Content-Range', () => {
    expect(contentRange({ start: 0, end: 9 }, 10)).toBe('bytes 0-9/10');
    expect(contentRange(null, 10)).toBe('bytes */10');
  });
});
