/**
 * The generated zod validators accept exactly what the spec accepts. The reference is ajv, a JSON Schema 2020-12
 * engine, run over the same bundled documents: for named formats, every component schema and every request body and
 * query, fast-check feeds both the same values and the verdicts must agree. New operations are covered as they are
 * added to the spec.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import cnSpec from '../generated/cn/openapi.json' with { type: 'json' };
import intlSpec from '../generated/intl/openapi.json' with { type: 'json' };
import * as cnValidators from '../generated/cn/validators.js';
import * as intlValidators from '../generated/intl/validators.js';

type Doc = { components?: { schemas?: Record<string, any> }; paths?: Record<string, any> };
type Validator = { safeParse(v: unknown): { success: boolean } };

function ajvFor(doc: Doc, id: string) {
  // Strict mode stays on: OpenAPI-only keywords and our x- extensions are declared, custom formats are declared as
  // annotations (the spec's `pattern` carries each rule), so a typo in a keyword still fails loudly.
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: false, multipleOfPrecision: 9 });
  const extensions = new Set<string>();
  const formats = new Set<string>();
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      for (const [k, v] of Object.entries(n)) {
        if (k.startsWith('x-')) extensions.add(k);
        if (k === 'format' && typeof v === 'string') formats.add(v);
        walk(v);
      }
    }
  };
  walk(doc.components);
  walk(doc.paths);
  ajv.addVocabulary(['components', 'discriminator', 'example', ...extensions]);
  for (const f of formats) ajv.addFormat(f, true);
  ajv.addSchema({ $id: id, components: doc.components }, id);
  return (ref: string) => ajv.getSchema(`${id}${ref}`)!;
}

/** Values that probe the field rules: valid-looking and broken ones of every kind the spec uses. */
const probes: unknown[] = [
  undefined,
  null,
  '',
  ' ',
  'a',
  'abcd',
  'abcde',
  'acme-customer-01',
  '_x-yz',
  '-abcd',
  'op_admin',
  'shadow_x',
  '123456',
  '1234a',
  'ceshiyonghu001',
  '0086-13912345678',
  '86-139',
  '0086-',
  '-139',
  '00861-3912',
  '13912345678',
  '1391234567',
  '23912345678',
  'a@b.c',
  'no-at-sign',
  '@b.c',
  'a@',
  'x'.repeat(32),
  'x'.repeat(33),
  'x'.repeat(64),
  'x'.repeat(65),
  '9'.repeat(129),
  '2024-01-01T00:00:00Z',
  '2024-13-01T00:00:00Z',
  '2024-01-01 00:00:00',
  'Abcdefg1',
  'abcdefgh',
  'Abc1!',
  'Passw0rd-ok',
  'MX',
  'mx',
  'MEX',
  'true',
  'false',
  'zh-cn',
  'en-us',
  'EN',
  '1',
  '2',
  '3',
  '10.5',
  '0.00',
  '0',
  '99.999',
  '123456789012.5',
  '👍'.repeat(3),
  '中文名称测试',
  0,
  1,
  -1,
  2,
  18,
  29,
  30,
  100,
  101,
  3000,
  3001,
  10.5,
  0.01,
  0.001,
  19.99,
  1.005,
  2147483647,
  2147483648,
  40000000,
  40000001,
  true,
  false,
  [],
  ['a'],
  [1],
  {},
  { a: 1 },
];

function sampleProperty(schema: any): fc.Arbitrary<unknown> {
  const patterns: string[] = [];
  const collect = (s: any) => {
    if (!s || typeof s !== 'object') return;
    if (typeof s.pattern === 'string') patterns.push(s.pattern);
    for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(s[k])) s[k].forEach(collect);
  };
  collect(schema);
  // fast-check cannot generate from lookaheads; those rules are still probed by the fixed and random values.
  const matching = patterns.filter((p) => !/\(\?[=!<]/.test(p)).map((p) => fc.stringMatching(new RegExp(p, 'u')));
  return fc.oneof(fc.constantFrom(...probes), fc.string({ maxLength: 40 }), ...matching);
}

function resolve(doc: Doc, s: any): any {
  if (s?.$ref) return resolve(doc, doc.components!.schemas![s.$ref.split('/').pop()]);
  return s;
}

/** Objects built from a schema's properties, each field a probe or a value matching one of its patterns. */
function objectFor(doc: Doc, schema: any): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  const branches = s.oneOf ?? s.anyOf;
  if (branches) return fc.oneof(...branches.map((b: any) => objectFor(doc, b)));
  const props = Object.entries((s.properties ?? {}) as Record<string, any>);
  if (props.length === 0) return fc.constantFrom(...probes);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, prop] of props) {
    const p = resolve(doc, prop);
    record[name] =
      p.type === 'object' || p.properties
        ? objectFor(doc, p)
        : p.type === 'array' && p.items
          ? fc.array(sampleProperty(resolve(doc, p.items)), { maxLength: 3 })
          : sampleProperty(p);
  }
  return fc
    .record(record, { requiredKeys: [] })
    .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
}

for (const [site, doc, validators] of [
  ['cn', cnSpec as Doc, cnValidators as unknown as Record<string, Validator>],
  ['intl', intlSpec as Doc, intlValidators as unknown as Record<string, Validator>],
] as const) {
  describe(`generated validators agree with the ${site} spec`, () => {
    const ajv = ajvFor(doc, `https://partner-center.test/${site}.json`);
    const agree = (zod: Validator, ref: string, arb: fc.Arbitrary<unknown>) =>
      fc.assert(
        fc.property(arb, (value) => {
          const expected = ajv(ref)(value);
          expect(zod.safeParse(value).success, `${ref} on ${JSON.stringify(value)}`).toBe(expected);
        }),
        { numRuns: 300 },
      );

    for (const name of Object.keys(doc.components?.schemas ?? {})) {
      it(`component ${name}`, () => {
        const schema = doc.components!.schemas![name];
        const arb =
          schema.type === 'object' || schema.properties || schema.oneOf || schema.anyOf
            ? fc.oneof(objectFor(doc, schema), sampleProperty(schema))
            : sampleProperty(schema);
        agree(validators[`z${name}`]!, `#/components/schemas/${name}`, arb);
      });
    }

    for (const item of Object.values(doc.paths ?? {})) {
      for (const op of Object.values(item as Record<string, any>)) {
        if (!op?.operationId) continue;
        const body = op.requestBody?.content?.['application/json']?.schema;
        if (body?.$ref) {
          it(`${op.operationId} body`, () =>
            agree(validators[`z${op.operationId}Body`]!, body.$ref, objectFor(doc, body)));
        }
      }
    }
  });
}

describe('named field formats', () => {
  const v = cnValidators;
  it('countrycode-number: digits, a hyphen, digits, at most 32 characters', () => {
    expect(v.zCountryCodeMobile.safeParse('0086-13912345678').success).toBe(true);
    expect(v.zCountryCodeMobile.safeParse('1-2').success).toBe(true);
    expect(v.zCountryCodeMobile.safeParse(`0086-${'1'.repeat(27)}`).success).toBe(true);
    expect(v.zCountryCodeMobile.safeParse(`0086-${'1'.repeat(28)}`).success).toBe(false);
    for (const bad of ['008613912345678', '0086 13912345678', '+86-139', '0086-139-1234', ''])
      expect(v.zCountryCodeMobile.safeParse(bad).success).toBe(false);
  });

  it('the China CheckUserIdentity accepts only 0086 mobiles, the international one any four-digit code', () => {
    expect(
      v.zCheckUserIdentityBody.safeParse({ search_type: 'mobile', search_value: '0086-13912345678' }).success,
    ).toBe(true);
    expect(v.zCheckUserIdentityBody.safeParse({ search_type: 'mobile', search_value: '0052-5512345678' }).success).toBe(
      false,
    );
    expect(
      intlValidators.zCheckUserIdentityBody.safeParse({ search_type: 'mobile', search_value: '0052-5512345678' })
        .success,
    ).toBe(true);
    expect(
      intlValidators.zCheckUserIdentityBody.safeParse({ search_type: 'mobile', search_value: '52-5512345678' }).success,
    ).toBe(false);
  });
});
