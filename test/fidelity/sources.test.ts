/**
 * Every operation of the spec names its reference section and official models (`x-source`), and every rule — enum
 * value, limit, pattern, error code — has a source: the models' comment or enum for that field, an `x-source`, or an
 * `x-note` saying it is our choice and why. There is no backlog: any rule without one fails here.
 */
import { describe, expect, it } from 'vitest';
import { miscited, unsourced } from './sources.js';
import { loadSpec, type Node } from './spec-fields.js';

describe('every operation and rule of the spec has a source', () => {
  it('no operation, rule, enum value, limit or error code without a source', () => {
    const found = [...unsourced('cn', loadSpec('cn')), ...unsourced('intl', loadSpec('intl'))].sort();
    expect(found).toEqual([]);
  });

  it('catches a seeded unsourced limit, enum value and operation', () => {
    const doc = structuredClone(loadSpec('cn')) as Node;
    const amount = doc.components.schemas.Amount.anyOf[0] as Node;
    amount.maximum = 2147483647; // the undocumented maximum the issue names
    delete doc.components.schemas.Amount['x-source'];
    delete doc.components.schemas.Amount['x-note'];
    doc.components.schemas.AdjustOperationType.enum.push('SOURCE_OPERATION_EXTRA');
    delete doc.paths['/v2/accounts/partner-accounts/balances'].get['x-source'];
    delete doc.paths['/v2/accounts/partner-accounts/balances'].get['x-note'];
    const found = unsourced('cn', doc);
    expect(found).toEqual(
      expect.arrayContaining([
        'cn UpdateCustomerAccountAmount request amount: maximum 2147483647 has no source',
        'cn ListPartnerAdjustRecords request operation_type: enum value "SOURCE_OPERATION_EXTRA" has no source',
        'cn ListPartnerBalances: no x-source (reference section) and no x-note',
      ]),
    );
  });

  it('cites only model fields the current models have, and quotes only what their comments say', () => {
    expect([...miscited(loadSpec('cn')), ...miscited(loadSpec('intl'))]).toEqual([]);
  });

  it('catches a seeded citation of a field the models lack, a quote they do not have and an unknown model', () => {
    const doc = structuredClone(loadSpec('cn')) as Node;
    doc.components.schemas.QuotaId['x-source'] = 'Model CreatePartnerCouponsReq.QuotaIdOld ("优惠券额度ID").';
    doc.components.schemas.QuotaId['x-note'] = 'Model CreatePartnerCouponsReq.QuotaId says "最多支持20个".';
    doc.paths['/v2/accounts/partner-accounts/balances'].get['x-source'].models.push('AccountBalanceV9');
    const found = miscited(doc);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining('cites CreatePartnerCouponsReq.QuotaIdOld, which the models do not have'),
        expect.stringContaining('quotes "最多支持20个", which is not in the cited models\' comments'),
        expect.stringContaining('names model AccountBalanceV9, which has no field in the models table'),
      ]),
    );
    expect(found.some((x) => x.includes('优惠券额度ID'))).toBe(false);
  });
});
