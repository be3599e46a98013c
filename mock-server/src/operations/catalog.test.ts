/**
 * The operation catalog: every real-API operation of both sites merged with the mock's route facts, and the
 * documented defaults filled into absent request fields (the SDK's validators only check).
 */
import { checkValue, operationTables } from '@partner-center/sdk/internal';
import { describe, expect, it } from 'vitest';
import { apiOperationIds, apiOperations, withDefaults } from './catalog.js';

describe('operation catalog', () => {
  it('knows every operation of both sites, with the mock-only facts the SDK does not ship', () => {
    for (const site of ['cn', 'intl'] as const) {
      expect(Object.keys(apiOperations[site]).sort()).toEqual(Object.keys(operationTables[site]).sort());
      const create = apiOperations[site].CreateSubCustomer!;
      expect(create).toMatchObject({
        operationId: 'CreateSubCustomer',
        method: 'POST',
        path: '/v2/partners/sub-customers',
        successStatus: 200,
      });
      expect(create.errorCodes).toContain('CBC.99000037');
      expect(operationTables[site].CreateSubCustomer).not.toHaveProperty('errorCodes');
    }
    expect(apiOperationIds()).toEqual(
      [...new Set([...Object.keys(operationTables.cn), ...Object.keys(operationTables.intl)])].sort(),
    );
  });

  it('fills the documented defaults of absent body fields (a copy), and validates what the caller sent', () => {
    const list = apiOperations.cn.ListSubCustomers!;
    expect(checkValue(list.body!, withDefaults(list, {}))).toEqual({ ok: true, data: { offset: 0, limit: 10 } });
    const sent = { limit: 50 };
    expect(checkValue(list.body!, withDefaults(list, sent))).toEqual({ ok: true, data: { offset: 0, limit: 50 } });
    expect(sent).toEqual({ limit: 50 });
    const refused = checkValue(list.body!, withDefaults(list, { limit: 0 }));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues[0]).toMatchObject({ field: 'limit', rule: 'minimum 1' });
    // The SDK's own validator checks the same body without filling anything.
    expect(checkValue(operationTables.cn.ListSubCustomers.body, {})).toEqual({ ok: true, data: {} });
  });
});
