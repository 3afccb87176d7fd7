import { describe, expect, it } from 'vitest';
import { parseVideoId, shortToUuid, uuidToShort } from './short-uuid';

describe('shortUUID', () => {
  it('matches PeerTube 6.3 (fixture api-video-details.json)', () => {
    expect(uuidToShort('35e92bfa-8c2d-47b9-ac3e-bcc012d6bfb6')).toBe('7E7BEuKR395ceiKgK2yXEN');
    expect(shortToUuid('7E7BEuKR395ceiKgK2yXEN')).toBe('35e92bfa-8c2d-47b9-ac3e-bcc012d6bfb6');
  });

  it('round-trips random uuids, including small ones that need padding', () => {
    for (let i = 0; i < 200; i++) {
      const uuid = crypto.randomUUID();
      expect(shortToUuid(uuidToShort(uuid))).toBe(uuid);
    }
    const small = '00000000-0000-4000-8000-000000000001';
    expect(uuidToShort(small)).toHaveLength(22);
    expect(shortToUuid(uuidToShort(small))).toBe(small);
  });

  it('parses the three id forms and rejects the rest', () => {
    expect(parseVideoId('42')).toEqual({ kind: 'id', id: 42 });
    expect(parseVideoId('35E92BFA-8C2D-47B9-AC3E-BCC012D6BFB6')).toEqual({ kind: 'uuid', uuid: '35e92bfa-8c2d-47b9-ac3e-bcc012d6bfb6' });
    expect(parseVideoId('7E7BEuKR395ceiKgK2yXEN')).toEqual({ kind: 'uuid', uuid: '35e92bfa-8c2d-47b9-ac3e-bcc012d6bfb6' });
    for (const bad of ['does-not-exist', '0', '-1', '', 'abc', '7E7BEuKR395ceiKgK2yXE0', 'zzzzzzzzzzzzzzzzzzzzzz']) expect(parseVideoId(bad)).toBeNull();
  });
});
