import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { billCycle, utcSeconds, validityWindow, YEAR } from './clock.js';

const viaIso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const agrees = (ms: number) => {
  expect(utcSeconds(ms)).toBe(viaIso(ms));
};

describe('utcSeconds', () => {
  it('formats as toISOString without milliseconds', () => {
    expect(utcSeconds(Date.UTC(2024, 0, 1, 8, 5, 9, 999))).toBe('2024-01-01T08:05:09Z');
    expect(utcSeconds(0)).toBe('1970-01-01T00:00:00Z');
    expect(utcSeconds(Date.UTC(2000, 1, 29, 23, 59, 59))).toBe('2000-02-29T23:59:59Z');
    expect(utcSeconds(Date.UTC(9999, 11, 31, 23, 59, 59, 999))).toBe('9999-12-31T23:59:59Z');
  });

  it('agrees with toISOString on any instant: fractional, before 1970, six-digit years', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), agrees), { numRuns: 5_000 });
    fc.assert(fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), agrees), { numRuns: 2_000 });
    fc.assert(fc.property(fc.double({ min: -1e13, max: 3e14, noNaN: true }), agrees), { numRuns: 2_000 });
    for (const ms of [253_402_300_800_000, 253_402_300_799_999.5, -1, -0.5, 0.5, 999.9]) agrees(ms);
    expect(() => utcSeconds(NaN)).toThrow(RangeError);
  });
});

describe('validityWindow', () => {
  it('runs from the current second for a year unless the request says otherwise', () => {
    const now = Date.UTC(2024, 0, 1, 8, 0, 0, 750);
    expect(validityWindow(now, undefined, null)).toEqual({ from: now - 750, to: now - 750 + YEAR });
    const from = Date.UTC(2024, 2, 1);
    expect(validityWindow(now, '2024-03-01T00:00:00Z', undefined)).toEqual({ from, to: from + YEAR });
    expect(validityWindow(now, '', '2024-02-01T00:00:00Z')).toEqual({ from: now - 750, to: Date.UTC(2024, 1, 1) });
  });
});

describe('billCycle', () => {
  it('is the month of the instant in China time', () => {
    expect(billCycle(Date.UTC(2024, 0, 31, 15, 59, 59))).toBe('2024-01');
    expect(billCycle(Date.UTC(2024, 0, 31, 16))).toBe('2024-02');
  });
});
