import { describe, expect, it } from 'vitest';
import cnDoc from '../../../packages/sdk/src/generated/cn/openapi.json' with { type: 'json' };
import intlDoc from '../../../packages/sdk/src/generated/intl/openapi.json' with { type: 'json' };
import { decimalsOf, findOverPreciseAmount } from './amounts.js';

type Json = Record<string, any>;

/** Every number field of every request body of a site's spec, with its `multipleOf`. */
function requestNumbers(doc: Json): string[] {
  const out: string[] = [];
  const deref = (o: Json): Json => {
    let cur = o;
    while (cur?.$ref)
      cur = cur.$ref
        .slice(2)
        .split('/')
        .reduce((a: Json, k: string) => a[k], doc);
    return cur;
  };
  const walk = (schema: Json, where: string, seen: Set<Json>) => {
    const s = deref(schema);
    if (!s || typeof s !== 'object' || seen.has(s)) return;
    seen.add(s);
    if (([] as string[]).concat(s.type ?? []).includes('number')) out.push(`${where}: multipleOf ${s.multipleOf}`);
    for (const b of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(b, where, seen);
    if (s.items) walk(s.items, `${where}[]`, seen);
    for (const [k, v] of Object.entries(s.properties ?? {})) walk(v as Json, `${where}.${k}`, seen);
    seen.delete(s);
  };
  for (const item of Object.values(doc.paths as Json))
    for (const op of Object.values(item as Json)) {
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (body) walk(body, op.operationId, new Set());
    }
  return out;
}

describe('amounts as written', () => {
  it('rests on the spec: every number in a request body is an amount with two decimals at most', () => {
    const numbers = [...requestNumbers(cnDoc as Json), ...requestNumbers(intlDoc as Json)];
    expect(numbers.length).toBeGreaterThan(5);
    expect(numbers.filter((n) => !n.endsWith('multipleOf 0.01'))).toEqual([]);
  });

  it('counts decimals after the exponent, trailing zeros dropped', () => {
    expect(decimalsOf('50', undefined)).toBe(1);
    expect(decimalsOf(undefined, '-3')).toBe(3);
    expect(decimalsOf('2', '1')).toBe(0);
    expect(decimalsOf('000000000000000000001', undefined)).toBe(21);
  });

  it('finds the first literal with more than two decimals and the top-level field holding it', () => {
    expect(findOverPreciseAmount('{"customer_id":"c","amount":0.010000000000000000001}')).toEqual({
      field: 'amount',
      literal: '0.010000000000000000001',
    });
    expect(findOverPreciseAmount('{"quotas":[{"quota_amount":1},{"quota_amount":1.001}]}')).toEqual({
      field: 'quotas',
      literal: '1.001',
    });
    expect(findOverPreciseAmount('{"amount":1e-3}')?.literal).toBe('1e-3');
    expect(findOverPreciseAmount('0.001')).toEqual({ field: '', literal: '0.001' });
  });

  it('accepts two decimals or fewer, and digits inside strings (escaped quotes included)', () => {
    for (const text of [
      '{"amount":0.01}',
      '{"amount":1.50,"n":-3}',
      '{"amount":1.2e1}',
      '{"amount":12345678.9e-1}',
      '{"note":"0.001 \\" 1.2345","amount":1}',
      '{"a\\"b":1.5}',
      '[1, 2.25, {"x": [0.1]}]',
    ])
      expect(findOverPreciseAmount(text), text).toBeUndefined();
  });
});
