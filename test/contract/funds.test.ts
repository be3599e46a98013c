import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      (
        await sp.createSubCustomer({
          xaccount_id: `x-${Math.random()}`,
          xaccount_type: 'acme_IDP',
          include_association_result: true,
          ...extra,
        })
      ).domain_id!;
    const resellerModel = await create({});
    const referral = await create({ cooperation_type: '1' });
    await sp.updateCustomerAccountAmount({ customer_id: resellerModel, amount: 1 });
    const as = async (customer_id: string) =>
      env.client({
        token: ((await env.control.issueCustomerToken({ customer_id })) as unknown as { token: string }).token,
      });
    await expectError(
      (await as(resellerModel)).listCustomerAccountChangeRecords({ balance_type: 'BALANCE_TYPE_DEBIT' }),
      400,
      'CBC.99000084',
    );
    expect(await (await as(referral)).listCustomerAccountChangeRecords({ balance_type: 'BALANCE_TYPE_DEBIT' })).toEqual(
      { total_count: 0, currency: 'CNY' },
    );
  });
});

describe('funds: state file', () => {
  it('rebuilds balances, records and ledgers exactly from the journal after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-funds-'));
    const stateFile = join(dir, 'state.bin');
    const read = async (env: TestEnv) => {
      const dist = env.client({ role: 'distributor' });
      const resId = env.partner({ role: 'reseller' }).id;
      return {
        dist: await dist.listPartnerBalances(),
        res: await dist.listPartnerBalances({ indirect_partner_id: resId }),
        records: await dist.listPartnerAdjustRecords({ indirect_partner_id: resId }),
        ledger: await dist.listPartnerAccountChangeRecords({ balance_type: 'BALANCE_TYPE_CREDIT' }),
      };
    };
    try {
      const first = mswEnv({ stateFile, fsync: false });
      const dist = first.client({ role: 'distributor' });
      const resId = first.partner({ role: 'reseller' }).id;
      const c = (
        await dist.createSubCustomer({
          xaccount_id: 'x-state',
          xaccount_type: 'acme_IDP',
          indirect_partner_id: resId,
          include_association_result: true,
        })
      ).domain_id!;
      await first.control.setPartnerFunds({ partner_id: first.partner({ role: 'distributor' }).id, cash_amount: 10 });
      await dist.updateIndirectPartnerAccount({ indirect_partner_id: resId, amount: 1000 });
      await dist.updateCustomerAccountAmount({ customer_id: c, amount: 123.45, indirect_partner_id: resId });
      await dist.reclaimToPartnerAccount({ customer_id: c, amount: 23.45, indirect_partner_id: resId });
      const before = await read(first);
      await first.close();

      const second = mswEnv({ stateFile, fsync: false });
      try {
        expect(await read(second)).toEqual(before);
        expect(before.records.total_count).toBe(2);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
