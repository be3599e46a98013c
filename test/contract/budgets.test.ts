import { createPartnerClient } from '@partner-center/sdk';
import { createMock } from '@partner-center/mock';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mswEnv } from '../support/env.js';
import { budgetScenarios } from '../scenarios/budgets.js';
import { expectError } from '../scenarios/registration.js';

budgetScenarios('in-process through MSW', async () => mswEnv());

describe('customer budgets of non-resale customers (in-process, engine access)', () => {
  // No API makes an international referral customer (CreateSubCustomer creates resale ones and association-type
  // switches are console-only), so this test changes one customer's association type in the engine directly.
  const mock = createMock({
    checkInvariants: true,
    validateResponses: true,
    clockFrozen: true,
    clockStart: Date.UTC(2024, 0, 1),
  });
  const server = setupServer(...mock.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('refuses budgets for a referral customer with CBC.99005024 and leaves it without one', async () => {
    const p = [...mock.engine.world.partners.values()].find(
      (x) => x.site === 'intl' && x.role === 'solution_provider',
    )!;
    const sp = createPartnerClient({ site: 'intl', credentials: { accessKey: p.accessKey, secretKey: p.secretKey } });
    const { domain_id } = await sp.createSubCustomer({
      xaccount_id: 'referral-1',
      xaccount_type: 'acme_IDP',
      domain_area: 'MX',
      include_association_result: true,
    });
    mock.engine.world.customers.get(domain_id!)!.associationType = '1';
    await expectError(sp.updateSubCustomerBudget({ customer_id: domain_id!, budget_amount: 10 }), 400, 'CBC.99005024');
    await expectError(sp.showSubCustomerBudget({ customer_id: domain_id! }), 400, 'CBC.99005024');
    await expectError(sp.listSubCustomerBudgetRecords({ customer_id: domain_id! }), 400, 'CBC.99005024');
    expect(await sp.listSubCustomerBudget({ customer_ids: [domain_id!] })).toEqual({
      measure_id: 1,
      currency: 'USD',
    });
    expect(mock.engine.world.budgets.budgets.has(domain_id!)).toBe(false);
    expect(mock.engine.drift).toEqual([]);
  });
});
