import { describe, expect, it } from 'vitest';
import { timeToInt } from './time-codes';

// PeerTube 6.3's timeToInt (packages/core-utils/src/common/date.ts), for chapters and the player alike.
const cases: Record<string, Array<[string, number]>> = {
  'hours, minutes and seconds, the trailing s optional': [
    ['90', 90],
    ['63s', 63],
    ['1m30s', 90],
    ['1m30', 90],
    ['2m', 120],
    ['1h02m03s', 3723],
    ['1h', 3600],
  ],
  'colon timestamps, as in descriptions': [
    ['00:00', 0],
    ['02:03', 123],
    ['1:02:03', 3723],
    ['00:01:30', 90],
  ],
  'each part as parseInt reads it, and anything else as 0': [
    ['90.5', 90],
    ['1:30.5', 90],
    ['12abc', 12],
    ['', 0],
    ['abc', 0],
    ['1:xx', 0],
    ['1:2:3:4', 0],
  ],
};

describe('timeToInt', () => {
  for (const [what, pairs] of Object.entries(cases)) {
    it(`reads ${what}`, () => {
      expect(pairs.map(([text]) => [text, timeToInt(text)])).toEqual(pairs);
    });
  }
});
