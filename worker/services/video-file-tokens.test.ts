import { describe, it, expect } from 'vitest';
import { createVideoFileToken, verifyVideoFileToken, VIDEO_FILE_TOKEN_TTL_MS } from './video-file-tokens';

const secret = 'a-key-encryption-secret-for-tests';
const uuid = '9c9de5e8-0a1b-4ba6-a4c3-5e1c4f0a4f2e';
const other = '0d4a2b1c-1111-4222-8333-944455556666';
const now = Date.UTC(2026, 0, 1, 12);

describe('video file tokens', () => {
  it('are accepted for their video until they expire, 8 hours later as in PeerTube', async () => {
    const { token, expires } = await createVideoFileToken(secret, { videoUuid: uuid, userId: 42 }, now);
    expect(expires.toISOString()).toBe('2026-01-01T20:00:00.000Z');
    expect(VIDEO_FILE_TOKEN_TTL_MS).toBe(8 * 3600_000);
    expect(await verifyVideoFileToken(secret, token, uuid, now)).toEqual({ userId: 42 });
    expect(await verifyVideoFileToken(secret, token, uuid.toUpperCase(), now + VIDEO_FILE_TOKEN_TTL_MS - 1000)).toEqual({ userId: 42 });
    expect(await verifyVideoFileToken(secret, token, uuid, now + VIDEO_FILE_TOKEN_TTL_MS)).toBeNull();
  });

  it('are refused for another video, under another secret, or when any part is altered', async () => {
    const { token } = await createVideoFileToken(secret, { videoUuid: uuid, userId: 42 }, now);
    const [user, exp, mac] = token.split('.');
    expect(await verifyVideoFileToken(secret, token, other, now)).toBeNull();
    expect(await verifyVideoFileToken('another-secret-of-enough-length', token, uuid, now)).toBeNull();
    expect(await verifyVideoFileToken(secret, `1.${exp}.${mac}`, uuid, now)).toBeNull();
    expect(await verifyVideoFileToken(secret, `${user}.${Number(exp) + 3600}.${mac}`, uuid, now)).toBeNull();
    const flipped = mac.slice(0, -1) + (mac.endsWith('0') ? '1' : '0');
    expect(await verifyVideoFileToken(secret, `${user}.${exp}.${flipped}`, uuid, now)).toBeNull();
    for (const malformed of ['', 'x', `${user}.${exp}`, `${user}.${exp}.${mac}.1`, `${user}.${exp}.${mac.toUpperCase()}`, `-1.${exp}.${mac}`]) {
      expect(await verifyVideoFileToken(secret, malformed, uuid, now), malformed).toBeNull();
    }
  });

  it('differ per user and per video', async () => {
    const a = await createVideoFileToken(secret, { videoUuid: uuid, userId: 1 }, now);
    const b = await createVideoFileToken(secret, { videoUuid: other, userId: 1 }, now);
    expect(a.token.split('.')[2]).not.toBe(b.token.split('.')[2]);
    expect(await verifyVideoFileToken(secret, a.token, other, now)).toBeNull();
  });
});
