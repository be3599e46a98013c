import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCents, formatYuan, parseAmount, toYuanNumber } from './money.js';

describe('money', () => {
  it('parses JSON numbers and numeric strings exactly', () => {
    expect(parseAmount(19.99)).toBe(1999);
    expect(parseAmount(0.07)).toBe(7);
    expect(parseAmount(0.29)).toBe(29);
    expect(parseAmount('99.99')).toBe(9999);
    expect(parseAmount('1.1')).toBe(110);
    expect(parseAmount(10)).toBe(1000);
    expect(parseAmount(1.005)).toBeUndefined();
    expect(parseAmount('1.005')).toBeUndefined();
    expect(parseAmount('abc')).toBeUndefined();
    expect(parseAmount(0.1 + 0.2)).toBeUndefined();
  });

  it('round-trips every 2-decimal amount through number and string', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (cents) => {
        expect(parseAmount(toYuanNumber(cents))).toBe(cents);
        expect(parseAmount(formatYuan(cents))).toBe(cents);
      }),
      { numRuns: 2000 },
    );
  });

  it('formats 2 decimals and sums without float drift', () => {
    expect(formatYuan(1050)).toBe('10.50');
    expect(formatYuan(-5)).toBe('-0.05');
    expect(addCents(10, 20)).toBe(30);
    expect(() => addCents(Number.MAX_SAFE_INTEGER, 1)).toThrow(RangeError);
  });
});
