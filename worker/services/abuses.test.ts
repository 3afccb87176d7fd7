import { describe, expect, it } from 'vitest';
import { createAbuseSchema, updateAbuseSchema } from './abuses';

describe('POST /abuses body', () => {
  it("takes a reason, PeerTube's predefined reasons and a video by id or uuid", () => {
    expect(createAbuseSchema.safeParse({ reason: 'spam!', predefinedReasons: ['spamOrMisleading'], video: { id: 3 } }).success).toBe(true);
    expect(createAbuseSchema.safeParse({ reason: 'spam!', video: { id: '9c9de5e8-0a1e-484a-b099-e80766180a6d', startAt: 1 } }).success).toBe(true);
    expect(createAbuseSchema.safeParse({ reason: 'spam!', account: { id: 2 } }).success).toBe(true);
  });

  it('needs 2..3000 characters, a known reason and something reported', () => {
    expect(createAbuseSchema.safeParse({ reason: 'x', video: { id: 3 } }).success).toBe(false);
    expect(createAbuseSchema.safeParse({ reason: 'x'.repeat(3001), video: { id: 3 } }).success).toBe(false);
    expect(createAbuseSchema.safeParse({ reason: 'spam!', predefinedReasons: ['nope'], video: { id: 3 } }).success).toBe(false);
    expect(createAbuseSchema.safeParse({ reason: 'spam!' }).success).toBe(false);
  });
});

describe('PUT /abuses/:id body', () => {
  it("takes PeerTube's states only", () => {
    expect(updateAbuseSchema.safeParse({ state: 2, moderationComment: 'no' }).success).toBe(true);
    expect(updateAbuseSchema.safeParse({ state: 4 }).success).toBe(false);
  });
});
