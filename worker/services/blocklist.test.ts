import { describe, expect, it } from 'vitest';
import { normalizeHost } from './blocklist';

describe('normalizeHost', () => {
  it('takes domains and IPs, with a port, lower-cased', () => {
    expect(normalizeHost('Video.Example')).toBe('video.example');
    expect(normalizeHost(' 127.0.0.1:9000 ')).toBe('127.0.0.1:9000');
  });

  it('refuses URLs, paths and blanks', () => {
    expect(normalizeHost('https://video.example')).toBeNull();
    expect(normalizeHost('video.example/a')).toBeNull();
    expect(normalizeHost('not a host')).toBeNull();
    expect(normalizeHost('')).toBeNull();
  });
});
