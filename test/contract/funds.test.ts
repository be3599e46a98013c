import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mswEnv, type TestEnv } from '../support/env.js';
import { fundsScenarios } from '../scenarios/funds.js';
import { expectError } from '../scenarios/registration.js';

fundsScenarios('in-process through MSW', async () => mswEnv());

describe('funds: the customer ledger refused to partners’ customers (setting refusePartnerCustomerLedger)', () => {
  // Created when this suite starts, after the scenarios above closed theirs: two MSW servers in one process would
  // both intercept the same requests.
  let env: TestEnv;
  beforeAll(() => {
    env = mswEnv({ settings: { refusePartnerCustomerLedger: true } });
  });
  afterAll(() => env.close());

  it('answers CBC.99000084 to a reseller-model customer and serves a referral customer', async () => {
    const sp = env.client({ role: 'solution_provider' });
    const create = async (extra: Record<string, unknown>) =>
      (await sp.createSubCustomer({ xaccount_id: `x-${Math.random()}`, xaccount_type: 'acme_IDP', include_association_result: true, ...extra })).domain_id;
    const resellerModel = await create({});
    const referral = await create({ cooperation_type: '1' });
    await sp.updateCustomerAccountAmount({ customer_id: resellerModel, amount: 1 });
    const as = async (customer_id: string) => env.client({ token: ((await env.control.issueCustomerToken({ customer_id })) as unknown as { token: string }).token });
    await expectError((await as(resellerModel)).listCustomerAccountChangeRecords({ balance_type: 'BALANCE_TYPE_DEBIT' }), 400, 'CBC.99000084');
    expect(await (await as(referral)).listCustomerAccountChangeRecords({ balance_type: 'BALANCE_TYPE_DEBIT' })).toEqual({ total_count: 0, currency: 'CNY', records: [] });
  });
});
