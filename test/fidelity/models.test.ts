/**
 * The spec's request and response fields — names, location, types, required-ness and enums — against the table taken
 * from Huawei's official SDK models (spec/sources/models.{cn,intl}.json, made by scripts/models-table.ts), for every
 * operation of both sites. Every difference is reported by name; a deliberate one carries an `x-deviation` reason.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTable } from '../../scripts/models-table.js';
import {
  compare,
  describeDifference,
  loadSpec,
  loadTable,
  resolver,
  specOperations,
  type Node,
  type Site,
} from './spec-fields.js';

const sites: Site[] = ['cn', 'intl'];

describe('spec vs the official SDK models', () => {
  for (const site of sites) {
    it(`${site}: the table covers every operation of the spec, at the same method and path`, () => {
      const table = loadTable(site);
      const ops = specOperations(loadSpec(site));
      expect(ops.length).toBeGreaterThan(15);
      expect(ops.map((o) => o.id).filter((id) => !table.operations[id])).toEqual([]);
      expect(table.source.commit).toMatch(/^[0-9a-f]{40}$/);
    });

    it(`${site}: no field differs from the models without a recorded reason`, () => {
      const { differences, stale } = compare(site);
      expect(differences.map(describeDifference)).toEqual([]);
      expect(stale).toEqual([]);
    });

    it(`${site}: every recorded deviation gives its reason`, () => {
      const { accepted } = compare(site);
      expect(accepted.length).toBeGreaterThan(0);
      for (const d of accepted) expect(d.reason.length, describeDifference(d)).toBeGreaterThan(20);
    });
  }

  it('catches a seeded defect of each kind and names it', () => {
    const doc = loadSpec('cn');
    const seeded = structuredClone(doc) as Node;
    const { deref } = resolver(seeded);
    const schemas = seeded.components.schemas as Record<string, Node>;
    // 1. required-ness: a field the models mark omitempty made required.
    schemas.AdjustRecordV3!.required = ['amount'];
    // 2. enum: a value the models do not list.
    schemas.AdjustOperationType!.enum = [...schemas.AdjustOperationType!.enum, 'SOURCE_OPERATION_EXTRA'];
    // 3. presence: a response field dropped.
    delete schemas.AdjustRecordV3!.properties.memo;
    // 4. type: a string amount turned into a number.
    schemas.AdjustRecordV3!.properties.trans_id = { type: 'integer' };
    // 5. location: a query parameter moved to a header.
    const listOp = seeded.paths['/v3/accounts/partner-accounts/adjust-records'].get as Node;
    const param = (listOp.parameters as Node[]).map((p) => deref(p)).find((p) => p.name === 'trans_id')!;
    param.in = 'header';
    const found = compare('cn', seeded).differences.map(describeDifference);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^cn ListPartnerAdjustRecords response records\[\]\.amount: required — spec true, model false$/,
        ),
        expect.stringMatching(/^cn ListPartnerAdjustRecords request operation_type: enum — .*SOURCE_OPERATION_EXTRA/),
        expect.stringMatching(
          /^cn ListPartnerAdjustRecords response records\[\]\.memo: presence — spec absent, model present$/,
        ),
        expect.stringMatching(
          /^cn ListPartnerAdjustRecords response records\[\]\.trans_id: type — spec integer, model string$/,
        ),
        expect.stringMatching(/^cn ListPartnerAdjustRecords request trans_id: location — spec header, model query$/),
      ]),
    );
    // And a deviation with no difference behind it is reported as stale.
    (seeded.paths['/v3/accounts/partner-accounts/adjust-records'].get as Node)['x-model-deviations'] = {
      'request customer_id': { required: 'no such difference' },
    };
    expect(compare('cn', seeded).stale).toEqual([
      'cn ListPartnerAdjustRecords request customer_id: x-model-deviations required has no difference',
    ]);
  });
});

describe('scripts/models-table.ts', () => {
  it('reads fields, locations, omitempty, enum types and comment enums from Go model files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-table-'));
    try {
      const service = 'services/demo/v2';
      mkdirSync(join(dir, service, 'model'), { recursive: true });
      writeFileSync(
        join(dir, service, 'demo_meta.go'),
        `package demo
func GenReqDefForShowThing() *def.HttpRequestDef {
	reqDefBuilder := def.NewHttpRequestDefBuilder().
		WithMethod(http.MethodPost).
		WithPath("/v2/things/{thing_id}").
		WithResponse(new(model.ShowThingResponse)).
		WithContentType("application/json")

	reqDefBuilder.WithRequestField(def.NewFieldDef().
		WithName("ThingId").
		WithJsonTag("thing_id").
		WithLocationType(def.Path))
	reqDefBuilder.WithRequestField(def.NewFieldDef().
		WithName("XLanguage").
		WithJsonTag("X-Language").
		WithLocationType(def.Header))
	reqDefBuilder.WithRequestField(def.NewFieldDef().
		WithName("Body").
		WithLocationType(def.Body))

	requestDef := reqDefBuilder.Build()
	return requestDef
}
`,
      );
      writeFileSync(
        join(dir, service, 'model', 'model_show_thing_request.go'),
        `package model
type ShowThingRequest struct {
	ThingId string \`json:"thing_id"\`

	// 语言。
	XLanguage *string \`json:"X-Language,omitempty"\`

	Body *ThingReq \`json:"body,omitempty"\`
}
type ThingReq struct {

	// 类型： 1：甲2：乙
	Kind *int32 \`json:"kind,omitempty"\`

	Amount *decimal.Decimal \`json:"amount"\`

	Mode *ThingReqMode \`json:"mode,omitempty"\`
}
type ThingReqMode struct {
	value string
}
type ThingReqModeEnum struct {
	A ThingReqMode
}
func GetThingReqModeEnum() ThingReqModeEnum {
	return ThingReqModeEnum{
		A: ThingReqMode{
			value: "A",
		},
		B: ThingReqMode{
			value: "B",
		},
	}
}
type ShowThingResponse struct {

	// 列表。
	Items *[]Item \`json:"items,omitempty"\`
	HttpStatusCode int \`json:"-"\`
}
type Item struct {
	Id string \`json:"id"\`

	// 时间，格式为：2016-03-28T14:45:38Z。
	At *string \`json:"at,omitempty"\`
}
`,
      );
      const table = buildTable(dir, 'c'.repeat(40), service, 'demo_meta.go', ['ShowThing']);
      const op = table.operations.ShowThing!;
      expect(op.method).toBe('POST');
      expect(op.path).toBe('/v2/things/{thing_id}');
      const brief = (f: (typeof op.request)[number]) => [f.name, f.in, f.type, f.required, f.enum ?? null];
      expect(op.request.map(brief)).toEqual([
        ['thing_id', 'path', 'string', true, null],
        ['X-Language', 'header', 'string', false, null],
        ['kind', 'body', 'integer', false, [1, 2]],
        ['amount', 'body', 'number', true, null],
        ['mode', 'body', 'string', false, ['A', 'B']],
      ]);
      expect(op.response.map(brief)).toEqual([
        ['items', 'body', 'array', false, null],
        ['items[].id', 'body', 'string', true, null],
        ['items[].at', 'body', 'string', false, null],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
