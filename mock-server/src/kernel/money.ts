/**
 * Money as integer cents (fen), never binary floats. Amounts arrive as JSON numbers or numeric strings (the service
 * accepts both) and are parsed from their decimal text; they leave as JSON numbers or 2-decimal strings, as each
 * response field of the spec says.
 */
import { fail, ok, type Result } from './result.js';

/** An amount in cents: a safe integer. */
export type Cents = number;

const AMOUNT_TEXT = /^(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Parses a request amount exactly (JSON number or numeric string, at most 2 decimals). Undefined when it is not
 * such an amount; the validators reject those before the domain sees them.
 */
export function parseAmount(value: number | string): Cents | undefined {
  // String(n) of a JSON number is its shortest round-trip decimal text, e.g. 19.99 → "19.99".
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  if (/e/i.test(text)) return parseExponent(text);
  const m = AMOUNT_TEXT.exec(text);
  if (!m) return undefined;
  const cents = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : undefined;
}

function parseExponent(text: string): Cents | undefined {
  // 1e-7 style texts only arise for tiny numbers, which are never valid 2-decimal amounts; 1e21+ are too large.
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  const cents = Math.round(n * 100);
  return Math.abs(cents / 100 - n) < Number.EPSILON * n && Number.isSafeInteger(cents) ? cents : undefined;
}

/** Cents as a JSON number in yuan (10.5 for 1050); exact, since the decimal text of cents/100 is the shortest one. */
export function toYuanNumber(cents: Cents): number {
  return Number(formatYuan(cents));
}

/** Cents as a 2-decimal string in yuan ("10.50"), for the response fields the service types as strings. */
export function formatYuan(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Adds cents, refusing to leave the safe-integer range (a bug, not an input error). */
export function addCents(...values: Cents[]): Cents {
  const sum = values.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(sum)) throw new RangeError(`amount out of range: ${values.join(' + ')}`);
  return sum;
}

/**
 * An amount a caller moves (allocation, reclaim, recharge, face value…): greater than 0 with at most 2 decimals, in
 * cents; otherwise the documented `CBC.0100` refusal naming the field.
 */
export function positiveAmount(value: number | string, field = 'amount'): Result<Cents> {
  const cents = parseAmount(value);
  return cents === undefined || cents <= 0
    ? fail(
        'CBC.0100',
        `Invalid parameter: ${field} ${JSON.stringify(value)} must be greater than 0 with at most 2 decimals.`,
      )
    : ok(cents);
}
