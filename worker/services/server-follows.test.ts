import { describe, expect, it } from 'vitest';
import { followRequestSchema } from './server-follows';

describe('POST /server/following body', () => {
  it('takes hosts (with a port) and handles, lower-cased', () => {
    expect(followRequestSchema.parse({ hosts: ['Video.Example', '127.0.0.1:9000'], handles: ['root_channel@video.example'] })).toEqual({
      hosts: ['video.example', '127.0.0.1:9000'],
      handles: ['root_channel@video.example'],
    });
  });

  it('needs at least one host or handle, valid and unique, as PeerTube', () => {
    expect(followRequestSchema.safeParse({}).success).toBe(false);
    expect(followRequestSchema.safeParse({ hosts: [] }).success).toBe(false);
    expect(followRequestSchema.safeParse({ hosts: ['http://video.example'] }).success).toBe(false);
    expect(followRequestSchema.safeParse({ hosts: ['a.example', 'a.example'] }).success).toBe(false);
    expect(followRequestSchema.safeParse({ handles: ['nohost'] }).success).toBe(false);
  });
});
