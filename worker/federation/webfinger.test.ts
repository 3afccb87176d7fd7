import { describe, expect, it } from 'vitest';
import type { Config } from '../config';
import { parseWebfingerResource } from './webfinger';

const config = { publicUrl: 'https://video.example', host: 'video.example' } as Config;

describe('parseWebfingerResource', () => {
  it.each([
    ['acct:root@video.example', { name: 'root' }],
    ['acct:root@VIDEO.example', { name: 'root' }],
    ['root@video.example', { name: 'root' }],
    ['acct:@root@video.example', { name: 'root' }],
    ['https://video.example/accounts/root', { name: 'root', kind: 'account' }],
    ['https://video.example/a/root', { name: 'root', kind: 'account' }],
    ['https://video.example/video-channels/root_channel', { name: 'root_channel', kind: 'channel' }],
    ['https://video.example/c/root_channel/', { name: 'root_channel', kind: 'channel' }],
  ])('%s is ours', (resource, expected) => {
    expect(parseWebfingerResource(config, resource)).toEqual(expected);
  });

  it.each([
    'acct:root@other.example',
    'acct:root@video.example.evil',
    'https://other.example/accounts/root',
    'https://video.example/videos/watch/x',
    'http://video.example/accounts/root',
    'acct:root',
    'acct:a@b@video.example',
  ])('%s is not', (resource) => {
    expect(parseWebfingerResource(config, resource)).toBeNull();
  });
});
