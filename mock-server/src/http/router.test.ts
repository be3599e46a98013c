/** The route table (`METHOD path` → operation, control routes apart) and query-string typing. */
import { checkValue } from '@partner-center/sdk/internal';
import { describe, expect, it } from 'vitest';
import { apiOperations, withDefaults } from '../operations/catalog.js';
import { findRoute, parseQuery } from './router.js';

describe('router', () => {
  it('finds routes by method and path, with or without a trailing slash; control routes apart', () => {
    expect(findRoute('post', '/v2/partners/sub-customers/query/')).toMatchObject({
      kind: 'api',
      cn: { operationId: 'ListSubCustomers' },
    });
    expect(findRoute('GET', '/v2/partners/sub-customers/query')).toBeUndefined();
    expect(findRoute('POST', '/_mock/reset')).toMatchObject({ kind: 'control' });
  });

  it('types query-string values as the spec does, then fills the defaults of absent ones', () => {
    const op = apiOperations.cn.ListIssuedCouponQuotas!;
    const query = parseQuery(op, new URLSearchParams('quota_id=q1&offset=5'));
    expect(query).toEqual({ quota_id: 'q1', offset: 5 });
    expect(checkValue(op.query!, withDefaults(op, query))).toEqual({
      ok: true,
      data: { quota_id: 'q1', offset: 5, limit: 10 },
    });
  });
});
