import { describe, expect, it } from 'vitest';
import { HOUR } from './clock.js';
import { inDays, inRange } from './paging.js';

describe('inDays', () => {
  const now = Date.UTC(2024, 5, 15, 12);

  it('counts calendar days in GMT+8, bounds included', () => {
    const june = inDays(now, '2024-06-01', '2024-06-10');
    expect(june(Date.UTC(2024, 4, 31, 16))).toBe(true); // 2024-06-01 00:00 in GMT+8
    expect(june(Date.UTC(2024, 4, 31, 15, 59, 59))).toBe(false); // still May 31 there
    expect(june(Date.UTC(2024, 5, 10, 15, 59, 59))).toBe(true);
    expect(june(Date.UTC(2024, 5, 10, 16))).toBe(false);
  });

  it('defaults to the same day one year ago through today', () => {
    const lastYear = inDays(now, undefined, null);
    expect(lastYear(now)).toBe(true);
    expect(lastYear(Date.UTC(2023, 5, 14, 16))).toBe(true); // 2023-06-15 in GMT+8
    expect(lastYear(Date.UTC(2023, 5, 14, 15))).toBe(false);
    expect(lastYear(now + 12 * HOUR)).toBe(false); // tomorrow in GMT+8
  });

  it('keeps Feb 29 one year back as a date string, so March 1 is the first day in range', () => {
    const leap = inDays(Date.UTC(2024, 1, 29, 12), undefined, undefined);
    expect(leap(Date.UTC(2023, 1, 28, 12))).toBe(false);
    expect(leap(Date.UTC(2023, 2, 1, 12))).toBe(true);
  });
});

describe('inRange', () => {
  it('compares at second precision with open absent bounds', () => {
    const at = Date.UTC(2024, 0, 1, 0, 0, 0, 900);
    expect(inRange(at, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')).toBe(true);
    expect(inRange(at, '2024-01-01T00:00:01Z', undefined)).toBe(false);
    expect(inRange(at, null, '')).toBe(true);
  });
});
