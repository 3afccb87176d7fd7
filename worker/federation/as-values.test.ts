import { describe, expect, it } from 'vitest';
import { idOf, isHttpUrl, MAX_URL_LENGTH, readArray, readHttpUrl, readNumber, readString, readTruncated, sameOrigin } from './as-values';

describe('ActivityStreams value readers', () => {
  it('idOf reads strings and objects', () => {
    expect(idOf('https://x')).toBe('https://x');
    expect(idOf({ id: 'https://x' })).toBe('https://x');
    expect(idOf({})).toBeUndefined();
    expect(idOf(3)).toBeUndefined();
  });

  it("takes http(s) URLs up to PeerTube's length, and nothing else", () => {
    const at = (n: number) => `https://a.example/${'x'.repeat(n - 'https://a.example/'.length)}`;
    expect(readHttpUrl(at(MAX_URL_LENGTH))).toBe(at(MAX_URL_LENGTH));
    expect(readHttpUrl(at(MAX_URL_LENGTH + 1))).toBeNull();
    expect(readHttpUrl('HTTP://A.example/v')).toBe('HTTP://A.example/v');
    for (const bad of ['javascript:alert(1)', 'urn:uuid:1', 'https://', '', 3, null, { id: 'https://a.example' }]) {
      expect(isHttpUrl(bad)).toBe(false);
    }
  });

  it('reads strings within a limit, finite numbers, and one value as a list', () => {
    expect(readString('abc', 3)).toBe('abc');
    expect(readString('abcd', 3)).toBeNull();
    expect(readString('', 3)).toBeNull();
    expect(readTruncated('abcd', 3)).toBe('abc');
    expect(readTruncated('', 3)).toBeNull();
    expect(readTruncated(5, 3)).toBeNull();
    expect(readNumber(Number.NaN)).toBeNull();
    expect(readNumber(2.5)).toBe(2.5);
    expect(readArray('a')).toEqual(['a']);
    expect(readArray(undefined)).toEqual([]);
    expect(readArray([1, 2])).toEqual([1, 2]);
  });

  it('sameOrigin compares scheme, host and port, and never matches what is not a URL', () => {
    expect(sameOrigin('https://a.example/x', 'https://a.example/y?z')).toBe(true);
    expect(sameOrigin('https://a.example/x', 'http://a.example/x')).toBe(false);
    expect(sameOrigin('https://a.example:8443/x', 'https://a.example/x')).toBe(false);
    expect(sameOrigin('not a url', 'not a url')).toBe(false);
    // Opaque origins (serialised as "null") equal no origin, not even each other.
    expect(sameOrigin('urn:uuid:1', 'urn:uuid:2')).toBe(false);
    expect(sameOrigin('data:text/plain,a', 'file:///etc/passwd')).toBe(false);
  });
});
