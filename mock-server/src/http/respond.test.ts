import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJson } from './respond.js';

/** Deep-freezes a JSON-like value (what the domain promises of the list entries it freezes). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('toJson', () => {
  it('writes what JSON.stringify writes, frozen list entries included', () => {
    const entry = fc.dictionary(fc.string(), fc.jsonValue()).map(deepFreeze);
    const member = fc.oneof(
      fc.jsonValue(),
      fc.array(entry),
      fc.array(fc.oneof(entry, fc.jsonValue(), fc.constant(undefined))),
      fc.constant(undefined),
      fc.constant(() => 1),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), member), (body) => {
        expect(toJson(body)).toBe(JSON.stringify(body));
        // Twice: the second time from the kept texts.
        expect(toJson(body)).toBe(JSON.stringify(body));
      }),
      { numRuns: 1_000 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        expect(toJson(body)).toBe(JSON.stringify(body));
      }),
      { numRuns: 500 },
    );
    const frozen = deepFreeze({ a: 1, at: new Date(0) });
    for (const body of [
      {},
      { list: [frozen, null, undefined, 2] },
      { list: [frozen], toJSON: () => 'custom' },
      Object.assign(Object.create({ inherited: 1 }), { list: [frozen] }),
      { '2': 'b', '1': [frozen], z: [frozen] },
    ]) {
      expect(toJson(body)).toBe(JSON.stringify(body));
    }
  });
});
