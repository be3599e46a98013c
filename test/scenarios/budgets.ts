/**
 * Customer budget and credit-quota scenarios (international site: UpdateSubCustomerBudget, ShowSubCustomerBudget,
 * ListSubCustomerBudget, ListSubCustomerBudgetRecords, ShowPartnerConsumptionQuota, ShowCustomerExpenditureQuota and
 * the SetBudgetUsage / SetPartnerCreditQuota control operations), run in-process (MSW) and over real HTTP.
 */
import { RequestValidationError, type PartnerClient } from '@partner-center/sdk';
import { MockControlError } from '@partner-center/mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { freshScenario, type Scenario, type TestEnv } from '../support/env.js';
import { expectError } from './registration.js';

type Intl = PartnerClient<'intl'>;

export function budgetScenarios(name: string, makeEnv: () => Promise<TestEnv>) {
  describe(`customer budgets and credit quotas (${name})`, () => {
    let { env, sp, dist, res, resId } = {} as Scenario<'intl'>;
    let n = 0;

    beforeEach(
      async () => ({ env, sp, dist, res, resId } = await freshScenario(env ?? (await makeEnv()), { site: 'intl' })),
    );
    afterAll(async () => env?.close());

    /** A resale-model customer (every international customer created through the API is one). */
    async function newCustomer(client: Intl, extra: Record<string, unknown> = {}) {
      const id = (n++).toString(36);
      return (
        await client.createSubCustomer({
          xaccount_id: `b-${id}`,
          xaccount_type: 'acme_IDP',
          include_association_result: true,
          domain_area: 'MX',
          ...extra,
        })
      ).domain_id!;
    }

    const isFrozen = async (client: Intl, customer_id: string, indirect_partner_id?: string) =>
      (await client.listSubCustomers({ customer_id, ...(indirect_partner_id ? { indirect_partner_id } : {}) }))
        .customer_infos![0]!.is_frozen;

    it('sets a budget (204), shows it, lists it and records the setting', async () => {
      const id = await newCustomer(sp);
      expect(await sp.showSubCustomerBudget({ customer_id: id! })).toEqual({ measure_id: 1, currency: 'USD' });
      expect(await sp.updateSubCustomerBudget({ customer_id: id!, budget_amount: 100.5 })).toBeUndefined();
      expect(await sp.showSubCustomerBudget({ customer_id: id! })).toEqual({
        budget_amount: 100.5,
        used_amount: 0,
        budget_type: 'MONTHLY',
        measure_id: 1,
        currency: 'USD',
      });
      await env.control.advanceClock({ seconds: 60 });
      await sp.updateSubCustomerBudget({
        customer_id: id!,
        budget_amount: '250.25',
        budget_type: 'PACKAGE',
        frozen_operate_type: 1,
      });
      expect(await sp.listSubCustomerBudget({ customer_ids: [id] })).toEqual({
        measure_id: 1,
        currency: 'USD',
        budget_infos: [{ customer_id: id, budget_amount: 250.25, used_amount: 0, budget_type: 'PACKAGE' }],
      });
      const partner = env.partner({ role: 'solution_provider', site: 'intl' });
      const records = await sp.listSubCustomerBudgetRecords({ customer_id: id! });
      expect(records).toEqual({
        total_count: 2,
        measure_id: 1,
        currency: 'USD',
        record_list: [
          {
            budget_amount: 250.25,
            operation_type: 'SETTING',
            operation_time: '2024-01-01T00:01:00Z',
            operator: partner.iamUser,
            budget_type: 'PACKAGE',
            partner_corp_name: partner.name,
            partner_account_name: partner.iamDomain,
          },
          {
            budget_amount: 100.5,
            operation_type: 'SETTING',
            operation_time: '2024-01-01T00:00:00Z',
            operator: partner.iamUser,
            budget_type: 'MONTHLY',
            partner_corp_name: partner.name,
            partner_account_name: partner.iamDomain,
          },
        ],
      });
    });

    it("refuses other partners' customers (CBC.99000035) and foreign resellers (CBC.99000037) without changing anything", async () => {
      const mine = await newCustomer(sp);
      const theirs = await newCustomer(dist, { indirect_partner_id: resId });
      await sp.updateSubCustomerBudget({ customer_id: mine!, budget_amount: 10 });
      await expectError(sp.updateSubCustomerBudget({ customer_id: theirs!, budget_amount: 5 }), 400, 'CBC.99000035');
      await expectError(
        sp.updateSubCustomerBudget({ customer_id: mine!, budget_amount: 5, indirect_partner_id: resId }),
        400,
        'CBC.99000037',
      );
      await expectError(sp.showSubCustomerBudget({ customer_id: theirs! }), 400, 'CBC.99000035');
      await expectError(
        sp.showSubCustomerBudget({ customer_id: mine!, indirect_partner_id: resId }),
        400,
        'CBC.99000037',
      );
      await expectError(sp.listSubCustomerBudgetRecords({ customer_id: theirs! }), 400, 'CBC.99000035');
      await expectError(
        sp.listSubCustomerBudget({ customer_ids: [mine], indirect_partner_id: resId }),
        400,
        'CBC.99000037',
      );
      expect((await sp.showSubCustomerBudget({ customer_id: mine! })).budget_amount).toBe(10);
      expect((await sp.listSubCustomerBudgetRecords({ customer_id: mine! })).total_count).toBe(1);
      expect((await res.showSubCustomerBudget({ customer_id: theirs! })).budget_amount).toBeUndefined();
      // Other partners' and unknown ids are left out of the batch read silently.
      expect(
        (await sp.listSubCustomerBudget({ customer_ids: [theirs, 'f'.repeat(32), mine] })).budget_infos!.map(
          (b) => b.customer_id,
        ),
      ).toEqual([mine]);
    });

    it('checks the documented field rules in the SDK, and the mock answers CBC.0100 when they are bypassed', async () => {
      const id = await newCustomer(sp);
      for (const bad of [
        { customer_id: id, budget_amount: 0 },
        { customer_id: id, budget_amount: 1.005 },
        { customer_id: id, budget_amount: 2147483648 },
        { customer_id: id, budget_amount: 1, budget_type: '' },
        { customer_id: id, budget_amount: 1, cancel_partner_frozen: '2' },
        { customer_id: id, budget_amount: 1, frozen_operate_type: 2 },
      ]) {
        await expect(sp.updateSubCustomerBudget(bad as never)).rejects.toBeInstanceOf(RequestValidationError);
        await expectError(sp.updateSubCustomerBudget(bad as never, { validate: false }), 400, 'CBC.0100');
      }
      await expect(
        sp.listSubCustomerBudget({ customer_ids: Array.from({ length: 101 }, (_, i) => `c${i}`) }),
      ).rejects.toBeInstanceOf(RequestValidationError);
      await expectError(
        sp.listSubCustomerBudgetRecords({ customer_id: id!, limit: 101 }, { validate: false }),
        400,
        'CBC.0100',
      );
      await expectError(
        sp.listSubCustomerBudgetRecords({ customer_id: id!, operation_type: '' as never }, { validate: false }),
        400,
        'CBC.0100',
      );
      expect((await sp.showSubCustomerBudget({ customer_id: id! })).budget_amount).toBeUndefined();
    });

    it("lets a distributor manage a tier-2 reseller's customer budgets with indirect_partner_id", async () => {
      const id = await newCustomer(dist, { indirect_partner_id: resId });
      await dist.updateSubCustomerBudget({ customer_id: id!, budget_amount: 42, indirect_partner_id: resId });
      expect((await dist.showSubCustomerBudget({ customer_id: id!, indirect_partner_id: resId })).budget_amount).toBe(
        42,
      );
      expect((await res.showSubCustomerBudget({ customer_id: id! })).budget_amount).toBe(42);
      await expectError(dist.showSubCustomerBudget({ customer_id: id! }), 400, 'CBC.99000035');
      const reseller = env.partner({ role: 'reseller', site: 'intl' });
      const distributor = env.partner({ role: 'distributor', site: 'intl' });
      expect((await res.listSubCustomerBudgetRecords({ customer_id: id! })).record_list![0]).toMatchObject({
        operator: distributor.iamUser,
        partner_corp_name: reseller.name,
      });
    });

    it('pages and filters the budget records', async () => {
      const id = await newCustomer(sp);
      for (let i = 1; i <= 12; i++) {
        await env.control.advanceClock({ seconds: 1 });
        await sp.updateSubCustomerBudget({
          customer_id: id!,
          budget_amount: i,
          budget_type: i % 4 === 0 ? 'PACKAGE' : 'MONTHLY',
        });
      }
      const amounts = async (q: Record<string, unknown>) =>
        (await sp.listSubCustomerBudgetRecords({ customer_id: id!, ...q })).record_list!.map((r) => r.budget_amount);
      expect(await amounts({})).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
      expect(await amounts({ offset: 10 })).toEqual([2, 1]);
      expect(await amounts({ offset: 3, limit: 2 })).toEqual([9, 8]);
      expect(await amounts({ budget_type: 'PACKAGE' })).toEqual([12, 8, 4]);
      expect(await amounts({ operation_type: 'SETTING', budget_type: 'MONTHLY', limit: 3 })).toEqual([11, 10, 9]);
      expect((await sp.listSubCustomerBudgetRecords({ customer_id: id!, operation_type: 'DELETE' })).total_count).toBe(
        0,
      );
      expect((await sp.listSubCustomerBudgetRecords({ customer_id: id!, offset: 5, limit: 1 })).total_count).toBe(12);
    });

    it('cancel_partner_frozen "1" lifts a partner freeze; "0" keeps it', async () => {
      const id = await newCustomer(sp);
      await sp.freezeSubCustomers({ customer_ids: [id], reason: 'Arrears' });
      await sp.updateSubCustomerBudget({ customer_id: id!, budget_amount: 10, cancel_partner_frozen: '0' });
      expect(await isFrozen(sp, id!)).toBe(1);
      await sp.updateSubCustomerBudget({ customer_id: id!, budget_amount: 20, cancel_partner_frozen: '1' });
      expect(await isFrozen(sp, id!)).toBe(0);
    });

    it('freezes automatically when the usage reaches a budget set to freeze automatically', async () => {
      const [auto, manual] = [await newCustomer(sp), await newCustomer(sp)];
      await sp.updateSubCustomerBudget({ customer_id: auto!, budget_amount: 100, frozen_operate_type: 1 });
      await sp.updateSubCustomerBudget({ customer_id: manual!, budget_amount: 100 });
      expect(await env.control.setBudgetUsage({ customer_id: auto!, used_amount: 99.99 })).toEqual({
        customer_id: auto,
        budget_amount: 100,
        used_amount: 99.99,
        is_frozen: 0,
      });
      expect((await env.control.setBudgetUsage({ customer_id: auto!, used_amount: '100' })).is_frozen).toBe(1);
      expect((await env.control.setBudgetUsage({ customer_id: manual!, used_amount: 150 })).is_frozen).toBe(0);
      expect([await isFrozen(sp, auto!), await isFrozen(sp, manual!)]).toEqual([1, 0]);
      expect((await sp.showSubCustomerBudget({ customer_id: manual! })).used_amount).toBe(150);
      // Raising the budget and lifting the freeze in one call.
      await sp.updateSubCustomerBudget({ customer_id: auto!, budget_amount: 200, cancel_partner_frozen: '1' });
      expect(await isFrozen(sp, auto!)).toBe(0);
      const err = await env.control
        .setBudgetUsage({ customer_id: (await newCustomer(sp))!, used_amount: 1 })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MockControlError);
      expect((err as MockControlError).status).toBe(400);
    });

    it('shows the customer its expenditure quota with its own token, and refuses partner credentials', async () => {
      const id = await newCustomer(sp);
      const { token } = (await env.control.issueCustomerToken({ customer_id: id! })) as unknown as { token: string };
      const customer = env.client({ token, site: 'intl' });
      expect(await customer.showCustomerExpenditureQuota()).toEqual({
        granting_amount: 0,
        granting_amount_used: 0,
        percentage_granting_amount_used: 0,
        measure_id: 1,
        currency: 'USD',
      });
      await sp.updateSubCustomerBudget({ customer_id: id!, budget_amount: 80 });
      await env.control.setBudgetUsage({ customer_id: id!, used_amount: 20 });
      expect(await customer.showCustomerExpenditureQuota()).toEqual({
        granting_amount: 80,
        granting_amount_used: 20,
        percentage_granting_amount_used: 25,
        measure_id: 1,
        currency: 'USD',
      });
      await expectError(sp.showCustomerExpenditureQuota(), 403, 'CBC.0151');
      await expectError(customer.showSubCustomerBudget({ customer_id: id! }), 403, 'CBC.0151');
    });

    it('reads the partner consumption quota Huawei granted', async () => {
      expect(await sp.showPartnerConsumptionQuota()).toEqual({
        consumption_quota: '0.00',
        amount: '0.00',
        coupon_amount: '0.00',
        due_amount: '0.00',
        unbilled_amount: '0.00',
        used_consumption_quota: '0.00',
        measure_id: 1,
        currency: 'USD',
      });
      const partner = env.partner({ role: 'solution_provider', site: 'intl' });
      await env.control.setPartnerCreditQuota({
        partner_id: partner.id,
        consumption_quota: 5000,
        amount: 120.5,
        coupon_amount: '30',
        due_amount: 400,
        unbilled_amount: 75.25,
      });
      expect(await sp.showPartnerConsumptionQuota()).toEqual({
        consumption_quota: '5000.00',
        amount: '120.50',
        coupon_amount: '30.00',
        due_amount: '400.00',
        unbilled_amount: '75.25',
        used_consumption_quota: '324.75',
        measure_id: 1,
        currency: 'USD',
      });
      expect((await dist.showPartnerConsumptionQuota()).consumption_quota).toBe('0.00');
    });

    it('does not exist on the China site (404 APIGW.0101)', async () => {
      const cn = env.partner({ role: 'solution_provider', site: 'cn' });
      const asIntl = env.client({ id: cn.id, site: 'intl' });
      for (const call of [
        asIntl.showPartnerConsumptionQuota(),
        asIntl.updateSubCustomerBudget({ customer_id: 'x', budget_amount: 1 }),
      ]) {
        // The gateway's code is not a service code of the spec: the SDK reports it as UNDOCUMENTED with the raw code.
        const e = await expectError(call, 404, 'UNDOCUMENTED');
        expect(e.rawCode).toBe('APIGW.0101');
      }
    });
  });
}
