/**
 * Amounts checked as written. Every number a real-API request body carries is an amount in yuan (or dollars) with
 * at most two decimals (`multipleOf: 0.01` in the spec; test/architecture checks that no other number field exists),
 * but `JSON.parse` rounds `0.010000000000000000001` to `0.01` before any validator sees it. So the body's text is
 * scanned: a number literal with more than two decimals, once its exponent is applied and trailing zeros dropped, is
 * refused as the validator refuses `12.345`.
 */

/** The first number literal of a JSON text with more than two decimals, with the top-level field holding it. */
export interface OverPreciseAmount {
  /** The top-level key the literal sits under (`''` when the body is not an object). */
  field: string;
  literal: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?/y;

/** Decimals a literal's value has: `1.50` → 1, `1e-3` → 3, `1.2e1` → 0. */
export function decimalsOf(fraction: string | undefined, exponent: string | undefined): number {
  const digits = (fraction ?? '').replace(/0+$/, '').length;
  return Math.max(0, digits - Number(exponent ?? 0));
}

/** Scans a JSON text (assumed to parse) for a number literal with more than two decimals. */
export function findOverPreciseAmount(text: string): OverPreciseAmount | undefined {
  let depth = 0;
  let topKey = '';
  let lastString = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i + 1;
      for (i = start; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
      lastString = text.slice(start, i);
    } else if (c === 0x3a /* : */) {
      if (depth === 1) topKey = lastString;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) continue;
      if ((m[1] !== undefined || m[2] !== undefined) && decimalsOf(m[1], m[2]) > 2)
        return { field: depth >= 1 ? topKey : '', literal: m[0] };
      i += m[0].length - 1;
    }
  }
  return undefined;
}
