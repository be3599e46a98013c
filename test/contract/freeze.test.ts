import { createPartnerClient } from '@partner-center/sdk';
import { createMock } from '@partner-center/mock';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mswEnv } from '../support/env.js';
import { freezeScenarios } from '../scenarios/freeze.js';

freezeScenarios('in-process through MSW', async () => mswEnv());

describe('freezing non-resale customers (in-process, engine access)', () => {
  // No API makes an international referral customer, so this test changes one customer's association type in the
  // engine directly.
  const mock = createMock({
    checkInvariants: true,
    validateResponses: true,
    clockFrozen: true,
    clockStart: Date.UTC(2024, 0, 1),
  });
  const server = setupServer(...mock.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('refuses referral customers in error_details with CBC.99005024', async () => {
    const p = [...mock.engine.world.partners.values()].find(
      (x) => x.site === 'intl' && x.role === 'solution_provider',
    )!;
    const sp = createPartnerClient({ site: 'intl', credentials: { accessKey: p.accessKey, secretKey: p.secretKey } });
    const referral = (
      await sp.createSubCustomer({
        xaccount_id: 'r-1',
        xaccount_type: 'acme_IDP',
        domain_area: 'MX',
        include_association_result: true,
      })
    ).domain_id!;
    const resale = (
      await sp.createSubCustomer({
        xaccount_id: 'r-2',
        xaccount_type: 'acme_IDP',
        domain_area: 'MX',
        include_association_result: true,
      })
    ).domain_id!;
    mock.engine.world.customers.get(referral)!.associationType = '1';
    const r = await sp.freezeSubCustomers({ customer_ids: [referral, resale], reason: 'x' });
    expect(r).toEqual({ error_details: [{ error_code: 'CBC.99005024', error_msg: expect.any(String), id: referral }] });
    const infos = (await sp.listSubCustomers({})).customer_infos;
    expect(Object.fromEntries(infos!.map((c) => [c.customer_id, c.is_frozen]))).toEqual({ [referral]: 0, [resale]: 1 });
    expect(mock.engine.drift).toEqual([]);
  });
});
