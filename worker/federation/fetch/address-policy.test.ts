import { describe, expect, it } from 'vitest';
import { isPrivateHost, refuseUrl } from './address-policy';

describe('refuseUrl', () => {
  const strict = { allowLoopback: false };
  const dev = { allowLoopback: true };

  it.each([
    'http://127.0.0.1/x',
    'https://127.0.0.1/x',
    'https://localhost/x',
    'https://foo.localhost/',
    'https://10.1.2.3/',
    'https://172.16.0.1/',
    'https://192.168.1.1/',
    'https://169.254.169.254/latest/meta-data',
    'https://[::1]/',
    'https://[fe80::1]/',
    'https://[fd00::1]/',
    'https://[::ffff:127.0.0.1]/',
    'https://0.0.0.0/',
    'https://2130706433/',
    'https://0x7f.1/',
    'https://100.64.0.1/',
  ])('refuses %s', (url) => {
    expect(refuseUrl(url, strict)).not.toBeNull();
  });

  it.each(['https://video.example/accounts/x', 'https://93.184.216.34/', 'https://[2001:db8::1]/'])('allows %s', (url) => {
    expect(refuseUrl(url, strict)).toBeNull();
  });

  it('requires https unless loopback federation is allowed', () => {
    expect(refuseUrl('http://video.example/', strict)).toBe('scheme');
    expect(refuseUrl('http://127.0.0.1:9000/accounts/x', dev)).toBeNull();
    expect(refuseUrl('ftp://video.example/', dev)).toBe('scheme');
    expect(refuseUrl('https://user:pw@video.example/', strict)).toBe('credentials');
    expect(refuseUrl('not a url', strict)).toBe('invalid_url');
  });

  it('knows public from private names', () => {
    expect(isPrivateHost('video.example')).toBe(false);
    expect(isPrivateHost('LOCALHOST')).toBe(true);
  });
});
