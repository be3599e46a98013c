import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deleteBudgetOnDisassociation,
  listBudgetRecords,
  listBudgets,
  partnerCreditView,
  setBudgetUsage,
  setPartnerCredit,
  showBudget,
  showCustomerExpenditureQuota,
  updateBudget,
} from './budgets.js';
import { createClock } from '../../kernel/clock.js';
import { createCustomer } from '../customers/index.js';
import { freezeCustomers } from '../freeze/index.js';
import { checkInvariants } from '../invariants.js';
import type { Partner } from '../../kernel/parties.js';
import { createWorld, demoPartners, type World } from '../world.js';

function setup() {
  const partners = demoPartners();
  const world = createWorld(partners, {}, createClock({ start: Date.UTC(2024, 0, 1), frozen: true }));
  const intl = (role: Partner['role']) => partners.find((p) => p.role === role && p.site === 'intl')!;
  let n = 0;
  const customer = (owner: Partner, indirect?: string) => {
    const r = createCustomer(world, owner, {
      xaccount_id: `x${n++}`,
      xaccount_type: 'acme_IDP',
      include_association_result: true,
      domain_area: 'MX',
      ...(indirect ? { indirect_partner_id: indirect } : {}),
    } as never);
    if (!r.ok) throw new Error(r.error.message);
    return r.value.domain_id!;
  };
  return { world, sp: intl('solution_provider'), dist: intl('distributor'), res: intl('reseller'), customer };
}

const snapshot = (world: World) =>
  structuredClone({ customers: world.customers, budgets: world.budgets, freezes: world.freezes, seq: world.seq });

describe('budgets domain', () => {
  it('sets a budget (defaults MONTHLY, manual freezing), shows it and records a SETTING by the operator', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    expect(showBudget(world, sp, { customer_id: id })).toEqual({ ok: true, value: { measure_id: 1, currency: 'USD' } });
    expect(updateBudget(world, sp, { customer_id: id, budget_amount: 100.5 }).ok).toBe(true);
    expect(showBudget(world, sp, { customer_id: id })).toEqual({
      ok: true,
      value: { budget_amount: 100.5, used_amount: 0, budget_type: 'MONTHLY', measure_id: 1, currency: 'USD' },
    });
    expect(world.budgets.budgets.get(id)!.frozenOperateType).toBe(0);
    const records = listBudgetRecords(world, sp, { customer_id: id });
    expect(records).toEqual({
      ok: true,
      value: {
        total_count: 1,
        measure_id: 1,
        currency: 'USD',
        record_list: [
          {
            budget_amount: 100.5,
            operation_type: 'SETTING',
            operation_time: '2024-01-01T00:00:00Z',
            operator: sp.iamUser,
            budget_type: 'MONTHLY',
            partner_corp_name: sp.name,
            partner_account_name: sp.iamDomain,
          },
        ],
      },
    });
    expect(checkInvariants(world)).toEqual([]);
  });

  it('accepts string amounts exactly, keeps frozen_operate_type when absent and resets the type to MONTHLY', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    updateBudget(world, sp, {
      customer_id: id,
      budget_amount: '19.99',
      budget_type: 'PACKAGE',
      frozen_operate_type: 1,
    });
    expect(world.budgets.budgets.get(id)).toMatchObject({ amount: 1999, type: 'PACKAGE', frozenOperateType: 1 });
    updateBudget(world, sp, { customer_id: id, budget_amount: 0.07, frozen_operate_type: '' });
    expect(world.budgets.budgets.get(id)).toMatchObject({ amount: 7, type: 'MONTHLY', frozenOperateType: 1 });
    updateBudget(world, sp, { customer_id: id, budget_amount: 1, frozen_operate_type: null });
    expect(world.budgets.budgets.get(id)!.frozenOperateType).toBe(1);
    updateBudget(world, sp, { customer_id: id, budget_amount: 1, frozen_operate_type: 0 });
    expect(world.budgets.budgets.get(id)!.frozenOperateType).toBe(0);
  });

  it("refuses other partners' customers (CBC.99000035), non-resale customers (CBC.99005024) and foreign resellers (CBC.99000037) without a change", () => {
    const { world, sp, dist, res, customer } = setup();
    const mine = customer(sp);
    const theirs = customer(dist, res.id);
    const referral = customer(sp);
    world.customers.get(referral)!.associationType = '1';
    const before = snapshot(world);
    const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
    expect(code(updateBudget(world, sp, { customer_id: theirs, budget_amount: 5 }))).toBe('CBC.99000035');
    expect(code(updateBudget(world, sp, { customer_id: 'nope', budget_amount: 5 }))).toBe('CBC.99000035');
    expect(code(updateBudget(world, sp, { customer_id: referral, budget_amount: 5 }))).toBe('CBC.99005024');
    expect(code(updateBudget(world, sp, { customer_id: mine, budget_amount: 5, indirect_partner_id: res.id }))).toBe(
      'CBC.99000037',
    );
    expect(code(showBudget(world, sp, { customer_id: referral }))).toBe('CBC.99005024');
    expect(code(showBudget(world, sp, { customer_id: theirs }))).toBe('CBC.99000035');
    expect(code(listBudgetRecords(world, sp, { customer_id: referral }))).toBe('CBC.99005024');
    expect(code(listBudgetRecords(world, sp, { customer_id: theirs }))).toBe('CBC.99000035');
    expect(code(listBudgets(world, sp, { customer_ids: [mine], indirect_partner_id: res.id }))).toBe('CBC.99000037');
    expect(snapshot(world)).toEqual(before);
  });

  it("lets a distributor set a reseller's customer budget, recorded under the reseller", () => {
    const { world, dist, res, customer } = setup();
    const id = customer(dist, res.id);
    expect(updateBudget(world, dist, { customer_id: id, budget_amount: 50, indirect_partner_id: res.id }).ok).toBe(
      true,
    );
    const r = listBudgetRecords(world, res, { customer_id: id });
    expect(r.ok && r.value.record_list![0]).toMatchObject({
      operator: dist.iamUser,
      partner_corp_name: res.name,
      partner_account_name: res.iamDomain,
    });
    expect(listBudgetRecords(world, dist, { customer_id: id }).ok).toBe(false);
  });

  it('lists budgets in the order asked, leaving out foreign, non-resale and budget-less customers and duplicates', () => {
    const { world, sp, dist, res, customer } = setup();
    const [a, b, none] = [customer(sp), customer(sp), customer(sp)];
    const referral = customer(sp);
    const theirs = customer(dist, res.id);
    updateBudget(world, sp, { customer_id: a, budget_amount: 1 });
    updateBudget(world, sp, { customer_id: b, budget_amount: 2, budget_type: 'PACKAGE' });
    world.customers.get(referral)!.associationType = '1';
    const r = listBudgets(world, sp, { customer_ids: [b, theirs, none, referral, a, b, 'missing'] });
    expect(r).toEqual({
      ok: true,
      value: {
        measure_id: 1,
        currency: 'USD',
        budget_infos: [
          { customer_id: b, budget_amount: 2, used_amount: 0, budget_type: 'PACKAGE' },
          { customer_id: a, budget_amount: 1, used_amount: 0, budget_type: 'MONTHLY' },
        ],
      },
    });
  });

  it('pages and filters records newest first', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    for (let i = 1; i <= 12; i++) {
      world.clock.advance(1000);
      updateBudget(world, sp, { customer_id: id, budget_amount: i, budget_type: i % 3 === 0 ? 'PACKAGE' : 'MONTHLY' });
    }
    const page = (q: object) => {
      const r = listBudgetRecords(world, sp, { customer_id: id, ...q });
      if (!r.ok) throw new Error(r.error.code);
      return r.value;
    };
    expect(page({}).total_count).toBe(12);
    expect(page({}).record_list!.map((r) => r.budget_amount)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    expect(page({ offset: 10, limit: 10 }).record_list!.map((r) => r.budget_amount)).toEqual([2, 1]);
    expect(page({ budget_type: 'PACKAGE' }).record_list!.map((r) => r.budget_amount)).toEqual([12, 9, 6, 3]);
    expect(page({ operation_type: 'DELETE' }).total_count).toBe(0);
  });

  it('cancel_partner_frozen "1" (or the number 1) lifts the freeze; "0" leaves it', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    freezeCustomers(world, sp, { customer_ids: [id], reason: 'Arrears', freeze_type: 'ACCOUNT_AND_RESOURCE' });
    updateBudget(world, sp, { customer_id: id, budget_amount: 10, cancel_partner_frozen: '0' });
    expect(world.customers.get(id)!.isFrozen).toBe(2);
    updateBudget(world, sp, { customer_id: id, budget_amount: 10, cancel_partner_frozen: '1' });
    expect(world.customers.get(id)!.isFrozen).toBe(0);
    freezeCustomers(world, sp, { customer_ids: [id], reason: 'Arrears' });
    updateBudget(world, sp, { customer_id: id, budget_amount: 10, cancel_partner_frozen: 1 });
    expect(world.customers.get(id)!.isFrozen).toBe(0);
    expect(checkInvariants(world)).toEqual([]);
  });

  it('freezes automatically when the usage reaches a budget with frozen_operate_type 1, and not with 0', () => {
    const { world, sp, customer } = setup();
    const [auto, manual] = [customer(sp), customer(sp)];
    updateBudget(world, sp, { customer_id: auto, budget_amount: 10, frozen_operate_type: 1 });
    updateBudget(world, sp, { customer_id: manual, budget_amount: 10 });
    expect(setBudgetUsage(world, auto, 9.99)).toMatchObject({ ok: true, value: { isFrozen: 0 } });
    expect(setBudgetUsage(world, auto, '10')).toMatchObject({ ok: true, value: { isFrozen: 1 } });
    expect(world.freezes.get(auto)!.source).toBe('budget');
    expect(setBudgetUsage(world, manual, 50)).toMatchObject({ ok: true, value: { isFrozen: 0 } });
    expect(showBudget(world, sp, { customer_id: manual })).toMatchObject({ value: { used_amount: 50 } });
    expect(setBudgetUsage(world, customer(sp), 1)).toMatchObject({ ok: false, error: { code: 'CBC.0100' } });
    expect(setBudgetUsage(world, 'missing', 1)).toMatchObject({ ok: false, error: { code: 'CBC.0100' } });
    expect(checkInvariants(world)).toEqual([]);
  });

  it('removes a budget on disassociation with a DELETE record that stays readable', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    expect(deleteBudgetOnDisassociation(world, id)).toBe(false);
    updateBudget(world, sp, { customer_id: id, budget_amount: 30, budget_type: 'PACKAGE' });
    world.clock.advance(60_000);
    expect(deleteBudgetOnDisassociation(world, id)).toBe(true);
    expect(world.budgets.budgets.has(id)).toBe(false);
    expect(checkInvariants(world)).toEqual([]);
    const r = listBudgetRecords(world, sp, { customer_id: id, operation_type: 'DELETE' });
    expect(r.ok && r.value.record_list).toEqual([
      {
        budget_amount: 30,
        operation_type: 'DELETE',
        operation_time: '2024-01-01T00:01:00Z',
        operator: 'system',
        budget_type: 'PACKAGE',
        partner_corp_name: sp.name,
        partner_account_name: sp.iamDomain,
      },
    ]);
    // Once the customer has left the partner, its records are still the partner's to read.
    world.customers.get(id)!.partnerId = 'someone-else';
    expect(listBudgetRecords(world, sp, { customer_id: id })).toMatchObject({ ok: true, value: { total_count: 2 } });
  });

  it('derives the customer expenditure quota from the budget, percent rounded half up to 2 decimals', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    const c = world.customers.get(id)!;
    expect(showCustomerExpenditureQuota(world, c)).toEqual({
      ok: true,
      value: {
        granting_amount: 0,
        granting_amount_used: 0,
        percentage_granting_amount_used: 0,
        measure_id: 1,
        currency: 'USD',
      },
    });
    updateBudget(world, sp, { customer_id: id, budget_amount: 3 });
    setBudgetUsage(world, id, 1);
    expect(showCustomerExpenditureQuota(world, c)).toMatchObject({
      value: { granting_amount: 3, granting_amount_used: 1, percentage_granting_amount_used: 33.33 },
    });
    setBudgetUsage(world, id, 2);
    expect(showCustomerExpenditureQuota(world, c)).toMatchObject({ value: { percentage_granting_amount_used: 66.67 } });
  });

  it('computes the partner consumption quota as due + unbilled − balance − coupons, in strings', () => {
    const { world, sp } = setup();
    expect(partnerCreditView(world, sp.id)).toMatchObject({
      consumption_quota: '0.00',
      used_consumption_quota: '0.00',
    });
    expect(
      setPartnerCredit(world, {
        partner_id: sp.id,
        consumption_quota: 1000,
        amount: '100.10',
        coupon_amount: 0.9,
        due_amount: 300,
        unbilled_amount: '50.55',
      }).ok,
    ).toBe(true);
    expect(partnerCreditView(world, sp.id)).toEqual({
      consumption_quota: '1000.00',
      amount: '100.10',
      coupon_amount: '0.90',
      due_amount: '300.00',
      unbilled_amount: '50.55',
      used_consumption_quota: '249.55',
      measure_id: 1,
      currency: 'USD',
    });
    expect(setPartnerCredit(world, { partner_id: 'nope', consumption_quota: 1 })).toMatchObject({
      ok: false,
      error: { code: 'CBC.0100' },
    });
  });

  it('property: after any sequence of settings the budget is the last one and every setting is recorded', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            cents: fc.integer({ min: 1, max: 214_748_364_700 }),
            asString: fc.boolean(),
            type: fc.constantFrom('MONTHLY', 'PACKAGE', undefined),
          }),
          { minLength: 1, maxLength: 15 },
        ),
        (settings) => {
          const { world, sp, customer } = setup();
          const id = customer(sp);
          for (const s of settings) {
            const yuan = `${Math.floor(s.cents / 100)}.${String(s.cents % 100).padStart(2, '0')}`;
            const r = updateBudget(world, sp, {
              customer_id: id,
              budget_amount: s.asString ? yuan : Number(yuan),
              ...(s.type ? { budget_type: s.type as 'MONTHLY' } : {}),
            });
            expect(r.ok).toBe(true);
          }
          const last = settings.at(-1)!;
          expect(world.budgets.budgets.get(id)).toMatchObject({ amount: last.cents, type: last.type ?? 'MONTHLY' });
          const records = listBudgetRecords(world, sp, { customer_id: id, limit: 100 });
          expect(records.ok && records.value.total_count).toBe(settings.length);
          expect(
            records.ok && records.value.record_list!.map((r) => Math.round(r.budget_amount! * 100)).reverse(),
          ).toEqual(settings.map((s) => s.cents));
          expect(checkInvariants(world)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
