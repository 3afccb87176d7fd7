import { describe, expect, it } from 'vitest';
import { FOLLOW_RECOVERY_AFTER_MS, FOLLOW_RECOVERY_GIVE_UP_MS, isFollowRecoveryDue } from './follow-recovery';

const MIN = 60_000;
const at = (createdAgo: number, triedAgo: number, now = Date.UTC(2026, 11, 4, 15)) => ({
  now,
  follow: { createdAt: new Date(now - createdAgo), updatedAt: new Date(now - triedAgo) },
});

describe('isFollowRecoveryDue', () => {
  it('waits 5 minutes after the Follow, then as long as the follow is old (doubling)', () => {
    expect(FOLLOW_RECOVERY_AFTER_MS).toBe(5 * MIN);
    const cases: Array<[number, number, boolean]> = [
      [4 * MIN, 4 * MIN, false], // the Accept may still come
      [5 * MIN, 5 * MIN, true],
      [10 * MIN, 4 * MIN, false], // tried 4 min ago, after 6 min of age: wait 6
      [10 * MIN, 5 * MIN, true], // tried 5 min ago at age 5: due
      [60 * MIN, 20 * MIN, false], // tried at age 40: wait 40
      [80 * MIN, 40 * MIN, true],
    ];
    for (const [createdAgo, triedAgo, due] of cases) {
      const { now, follow } = at(createdAgo, triedAgo);
      expect([createdAgo / MIN, triedAgo / MIN, isFollowRecoveryDue(follow, now)]).toEqual([createdAgo / MIN, triedAgo / MIN, due]);
    }
  });

  it('gives up on a follow pending for more than a week', () => {
    const { now, follow } = at(FOLLOW_RECOVERY_GIVE_UP_MS + MIN, 8 * 24 * 60 * MIN);
    expect(isFollowRecoveryDue(follow, now)).toBe(false);
  });
});
