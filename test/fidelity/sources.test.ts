/**
 * Every operation of the spec names its reference section and official models (`x-source`), and every rule — enum
 * value, limit, pattern, error code — has a source: the models' comment or enum for that field, an `x-source`, or an
 * `x-note` saying it is our choice and why. There is no backlog: any rule without one fails here.
 */
import { describe, expect, it } from 'vitest';
import { unsourced } from './sources.js';
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
});
