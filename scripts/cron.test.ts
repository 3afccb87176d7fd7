import { describe, expect, it } from 'vitest';
import { cronMatches } from './cron';

const at = (iso: string) => new Date(iso);

describe('cronMatches', () => {
  it('fires every minute for * * * * *', () => {
    expect(cronMatches('* * * * *', at('2026-01-01T00:00:00Z'))).toBe(true);
    expect(cronMatches('* * * * *', at('2026-06-15T13:47:00Z'))).toBe(true);
  });

  it('honours numbers, ranges, lists and steps', () => {
    expect(cronMatches('*/15 * * * *', at('2026-01-01T10:30:00Z'))).toBe(true);
    expect(cronMatches('*/15 * * * *', at('2026-01-01T10:31:00Z'))).toBe(false);
    expect(cronMatches('0 3 * * *', at('2026-01-01T03:00:00Z'))).toBe(true);
    expect(cronMatches('0 3 * * *', at('2026-01-01T04:00:00Z'))).toBe(false);
    expect(cronMatches('5,10 8-9 * * *', at('2026-01-01T09:10:00Z'))).toBe(true);
    expect(cronMatches('5,10 8-9 * * *', at('2026-01-01T10:10:00Z'))).toBe(false);
  });

  it('evaluates in UTC, with 0 and 7 both Sunday', () => {
    // 2026-01-04 is a Sunday.
    expect(cronMatches('0 0 * * 0', at('2026-01-04T00:00:00Z'))).toBe(true);
    expect(cronMatches('0 0 * * 7', at('2026-01-04T00:00:00Z'))).toBe(true);
    expect(cronMatches('0 0 * * 1', at('2026-01-04T00:00:00Z'))).toBe(false);
  });

  it('refuses what it cannot evaluate', () => {
    expect(() => cronMatches('@daily', at('2026-01-01T00:00:00Z'))).toThrow();
    expect(() => cronMatches('0 0 ? * MON', at('2026-01-01T00:00:00Z'))).toThrow();
  });
});
