/**
 * Funds and tier-2 reseller scenarios (ListPartnerBalances, ListCustomersBalancesDetail, UpdateCustomerAccountAmount,
 * ReclaimToPartnerAccount, ListPartnerAdjustRecords, ListPartnerAccountChangeRecords, ShowCustomerAccountBalances,
 * ListCustomerAccountChangeRecords, ListIndirectPartners, UpdateIndirectPartnerAccount, ReclaimIndirectPartnerAccount,
 * and the SetPartnerFunds control operation), written once and run both in-process (MSW) and over real HTTP.
 */
import { RequestValidationError, type PartnerClient } from '@partner-center/sdk';
import { MockControlError } from '@partner-center/mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { freshScenario, type Scenario, type TestEnv } from '../support/env.js';
import { expectError } from './registration.js';

type Cn = PartnerClient<'cn'>;

export function fundsScenarios(name: string, makeEnv: () => Promise<TestEnv>) {
  describe(`funds and tier-2 resellers (${name})`, () => {
    let { env, sp, dist, res, spId, distId, resId } = {} as Scenario;
    let n = 0;

    beforeEach(
      async () => ({ env, sp, dist, res, spId, distId, resId } = await freshScenario(env ?? (await makeEnv()))),
    );
    afterAll(async () => env?.close());

    /** A customer associated at once; `cooperation_type: '1'` makes a referral customer. */
    async function newCustomer(client: Cn, extra: Record<string, unknown> = {}) {
      const id = `${(n++).toString(36)}${Date.now().toString(36)}`;
      return (
        await client.createSubCustomer({
          xaccount_id: `x-${id}`,
          xaccount_type: 'acme_IDP',
          domain_name: `fund-${id}`,
          include_association_result: true,
          ...extra,
        })
      ).domain_id!;
    }

    /** A partner's accounts by type, in yuan. */
    async function accounts(client: Cn, indirect_partner_id?: string) {
      const { account_balances } = await client.listPartnerBalances(
        indirect_partner_id ? { indirect_partner_id } : undefined,
      );
      const of = (t: number) => account_balances!.find((a) => a.account_type === t)!;
      return {
        cash: of(1).amount,
        designated: of(1).designated_amount,
        credit: of(2).amount,
        creditLine: of(2).credit_amount,
        allocatable: of(8).amount,
      };
    }

    async function customerBalance(client: Cn, customer_id: string, indirect_partner_id?: string) {
      const r = await client.listCustomersBalancesDetail({
        customer_infos: [{ customer_id }],
        ...(indirect_partner_id ? { indirect_partner_id } : {}),
      });
      return r.customer_balances![0]?.amount;
    }

    /** Everything a refused call must leave untouched, as seen through the API. */
    async function fundsView(client: Cn, customerIds: string[], indirect_partner_id?: string) {
      const q = indirect_partner_id ? { indirect_partner_id } : {};
      return {
        balances: await client.listPartnerBalances(q),
        customers: customerIds.length
          ? await client.listCustomersBalancesDetail({
              customer_infos: customerIds.map((customer_id) => ({ customer_id })),
              ...q,
            })
          : undefined,
        records: await client.listPartnerAdjustRecords({ ...q, limit: 100 }),
        ledger: await client.listPartnerAccountChangeRecords({ balance_type: 'BALANCE_TYPE_DEBIT', ...q, limit: 100 }),
      };
    }

    /** A customer's IAM token, from the control surface. */
    async function tokenOf(customer_id: string) {
      // The control client types only 200 bodies; IssueCustomerToken answers 201 with {token, expires_at}.
      return ((await env.control.issueCustomerToken({ customer_id })) as unknown as { token: string }).token;
    }

    /** A China-site client calling as the customer. */
    async function customerClient(customer_id: string) {
      return env.client({ token: await tokenOf(customer_id) });
    }

    describe('ListPartnerBalances', () => {
      it('shows the cash, credit and allocatable accounts the demo partners open with', async () => {
        const { account_balances } = await sp.listPartnerBalances();
        expect(account_balances).toEqual([
          {
            account_id: expect.any(String),
            account_type: 1,
            amount: 100000,
            currency: 'CNY',
            designated_amount: 0,
            measure_id: 1,
          },
          {
            account_id: expect.any(String),
            account_type: 2,
            amount: 0,
            currency: 'CNY',
            designated_amount: 0,
            credit_amount: 0,
            measure_id: 1,
          },
          { account_id: expect.any(String), account_type: 8, amount: 100000, currency: 'CNY', measure_id: 1 },
        ]);
        expect(new Set(account_balances!.map((a) => a.account_id)).size).toBe(3);
        expect(await accounts(dist)).toEqual({
          cash: 500000,
          designated: 0,
          credit: 200000,
          creditLine: 200000,
          allocatable: 700000,
        });
        expect(await accounts(res)).toEqual({ cash: 0, designated: 0, credit: 0, creditLine: 0, allocatable: 0 });
      });

      it("lets a distributor read its reseller's balances, and nobody else's", async () => {
        await dist.updateIndirectPartnerAccount({ indirect_partner_id: resId, amount: 250.5 });
        expect(await accounts(dist, resId)).toEqual(await accounts(res));
        expect((await accounts(res)).cash).toBe(250.5);
        await expectError(sp.listPartnerBalances({ indirect_partner_id: resId }), 400, 'CBC.99000037');
        await expectError(res.listPartnerBalances({ indirect_partner_id: resId }), 400, 'CBC.99000037');
        await expectError(dist.listPartnerBalances({ indirect_partner_id: spId }), 400, 'CBC.99000037');
      });

      it("refuses a customer's token: not a partner, CBC.5001 with HTTP 200 and the error body (reference C1)", async () => {
        const c = await newCustomer(sp);
        await expectError((await customerClient(c!)).listPartnerBalances(), 200, 'CBC.5001');
      });

      it('reflects console changes made through the control surface, which refuses impossible ones', async () => {
        const view = await env.control.setPartnerFunds({
          partner_id: spId,
          cash_amount: '1500.25',
          credit_amount: 300,
          designated_amount: 500,
        });
        expect(view).toEqual({
          partner_id: spId,
          cash_amount: 1500.25,
          designated_amount: 500,
          credit_amount: 300,
          credit_available: 300,
          allocatable_amount: 1300.25,
        });
        expect(await accounts(sp)).toEqual({
          cash: 1500.25,
          designated: 500,
          credit: 300,
          creditLine: 300,
          allocatable: 1300.25,
        });
        const before = await fundsView(sp, []);
        const err = await env.control
          .setPartnerFunds({ partner_id: spId, designated_amount: 1500.26 })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(MockControlError);
        expect((err as MockControlError).status).toBe(400);
        expect(await fundsView(sp, [])).toEqual(before);
      });
    });

    describe('UpdateCustomerAccountAmount', () => {
      it('moves money from the partner to the customer, for numbers and numeric strings', async () => {
        const c = await newCustomer(sp);
        const a = await sp.updateCustomerAccountAmount({ customer_id: c!, amount: 1234.56 });
        const b = await sp.updateCustomerAccountAmount({ customer_id: c!, amount: '0.44' });
        expect(a.transfer_id).toMatch(/^AD2401010000[0-9a-f]{8}$/);
        expect(b.transfer_id).not.toBe(a.transfer_id);
        expect(await accounts(sp)).toMatchObject({ cash: 98765, allocatable: 98765 });
        expect(await customerBalance(sp, c!)).toBe(1235);
      });

      it('allocates exactly the whole allocatable amount, then refuses one cent more', async () => {
        const c = await newCustomer(sp);
        await env.control.setPartnerFunds({
          partner_id: spId,
          cash_amount: 100,
          credit_amount: 50,
          designated_amount: 30,
        });
        await sp.updateCustomerAccountAmount({ customer_id: c!, amount: 120 });
        expect(await accounts(sp)).toEqual({ cash: 30, designated: 30, credit: 0, creditLine: 50, allocatable: 0 });
        await expectError(sp.updateCustomerAccountAmount({ customer_id: c!, amount: 0.01 }), 400, 'CBC.99005003');
      });

      it('refuses with the documented codes and changes nothing', async () => {
        const own = await newCustomer(sp);
        const referral = await newCustomer(sp, { cooperation_type: '1' });
        const resellers = await newCustomer(dist, { indirect_partner_id: resId });
        const before = await fundsView(sp, [own]);
        await expectError(sp.updateCustomerAccountAmount({ customer_id: referral!, amount: 1 }), 400, 'CBC.5021');
        await expectError(sp.updateCustomerAccountAmount({ customer_id: resellers!, amount: 1 }), 400, 'CBC.99000035');
        await expectError(
          sp.updateCustomerAccountAmount({ customer_id: 'f'.repeat(32), amount: 1 }),
          400,
          'CBC.99000035',
        );
        await expectError(
          sp.updateCustomerAccountAmount({ customer_id: own!, amount: 100000.01 }),
          400,
          'CBC.99005003',
        );
        await expectError(
          sp.updateCustomerAccountAmount({ customer_id: own!, amount: 1, indirect_partner_id: resId }),
          400,
          'CBC.99000037',
        );
        expect(await fundsView(sp, [own])).toEqual(before);
      });

      it('checks the 2-decimal rule in the SDK and in the mock', async () => {
        const c = await newCustomer(sp);
        const err = await sp.updateCustomerAccountAmount({ customer_id: c!, amount: 1.005 }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RequestValidationError);
        expect((err as RequestValidationError).issues.map((i) => i.field)).toContain('amount');
        const before = await fundsView(sp, [c]);
        for (const amount of [1.005, 0, -1, '1.005', '0.00', '1e3', 'ten']) {
          await expectError(
            sp.updateCustomerAccountAmount({ customer_id: c, amount } as never, { validate: false }),
            400,
            'CBC.0100',
          );
        }
        await expectError(
          sp.updateCustomerAccountAmount({ customer_id: c } as never, { validate: false }),
          400,
          'CBC.0100',
        );
        expect(await fundsView(sp, [c])).toEqual(before);
      });

      it("lets a distributor fund a reseller's customer from the reseller's balance (indirect_partner_id)", async () => {
        const c = await newCustomer(dist, { indirect_partner_id: resId });
        await expectError(
          dist.updateCustomerAccountAmount({ customer_id: c!, amount: 1, indirect_partner_id: resId }),
          400,
          'CBC.99005003',
        );
        await dist.updateIndirectPartnerAccount({ indirect_partner_id: resId, amount: 500 });
        const distBefore = await accounts(dist);
        await dist.updateCustomerAccountAmount({ customer_id: c!, amount: 200, indirect_partner_id: resId });
        expect(await accounts(dist)).toEqual(distBefore);
        expect((await accounts(res)).cash).toBe(300);
        expect(await customerBalance(dist, c!, resId)).toBe(200);
        // Without indirect_partner_id the customer is not the distributor's own.
        await expectError(dist.updateCustomerAccountAmount({ customer_id: c!, amount: 1 }), 400, 'CBC.99000035');
        // The reseller may fund its own customer itself.
        await res.updateCustomerAccountAmount({ customer_id: c!, amount: 50 });
        expect(await customerBalance(res, c!)).toBe(250);
      });
    });

    describe('ReclaimToPartnerAccount', () => {
      it('takes back part, then the rest, of what was allocated, and refuses more', async () => {
        const c = await newCustomer(sp);
        await sp.updateCustomerAccountAmount({ customer_id: c!, amount: 100 });
        const r = await sp.reclaimToPartnerAccount({ customer_id: c!, amount: '30.25' });
        expect(r).toEqual({ trans_id: expect.stringMatching(/^RE2401010000[0-9a-f]{8}$/) });
        expect(await customerBalance(sp, c!)).toBe(69.75);
        expect((await accounts(sp)).cash).toBe(99930.25);
        const before = await fundsView(sp, [c]);
        await expectError(sp.reclaimToPartnerAccount({ customer_id: c!, amount: 69.76 }), 400, 'CBC.99005003');
        expect(await fundsView(sp, [c])).toEqual(before);
        await sp.reclaimToPartnerAccount({ customer_id: c!, amount: 69.75 });
        expect(await customerBalance(sp, c!)).toBe(0);
        expect((await accounts(sp)).cash).toBe(100000);
        await expectError(sp.reclaimToPartnerAccount({ customer_id: c!, amount: 0.01 }), 400, 'CBC.99005003');
      });

      it('refuses a customer without an allocation account, a referral customer and a stranger, changing nothing', async () => {
        const fresh = await newCustomer(sp);
        const referral = await newCustomer(sp, { cooperation_type: '1' });
        const stranger = await newCustomer(dist, { indirect_partner_id: resId });
        const before = await fundsView(sp, [fresh]);
        await expectError(sp.reclaimToPartnerAccount({ customer_id: fresh!, amount: 1 }), 400, 'CBC.99000047');
        await expectError(sp.reclaimToPartnerAccount({ customer_id: referral!, amount: 1 }), 400, 'CBC.5021');
        await expectError(sp.reclaimToPartnerAccount({ customer_id: stranger!, amount: 1 }), 400, 'CBC.99000035');
        await expectError(
          sp.reclaimToPartnerAccount({ customer_id: fresh!, amount: 1, indirect_partner_id: resId }),
          400,
          'CBC.99000037',
        );
        await expectError(
          sp.reclaimToPartnerAccount({ customer_id: fresh!, amount: 0.001 }, { validate: false }),
          400,
          'CBC.0100',
        );
        expect(await fundsView(sp, [fresh])).toEqual(before);
      });

      it('restores credit in use before cash', async () => {
        const c = await newCustomer(sp);
        await env.control.setPartnerFunds({ partner_id: spId, cash_amount: 100, credit_amount: 1000 });
        await sp.updateCustomerAccountAmount({ customer_id: c!, amount: 600 });
        expect(await accounts(sp)).toMatchObject({ cash: 0, credit: 500 });
        await sp.reclaimToPartnerAccount({ customer_id: c!, amount: 550 });
        expect(await accounts(sp)).toMatchObject({ cash: 50, credit: 1000, allocatable: 1050 });
      });

      it("returns a reseller's customer's money to the reseller when the distributor reclaims for it", async () => {
        const c = await newCustomer(dist, { indirect_partner_id: resId });
        await dist.updateIndirectPartnerAccount({ indirect_partner_id: resId, amount: 80 });
        await dist.updateCustomerAccountAmount({ customer_id: c!, amount: 80, indirect_partner_id: resId });
        const distBefore = await accounts(dist);
        await dist.reclaimToPartnerAccount({ customer_id: c!, amount: 20, indirect_partner_id: resId });
        expect((await accounts(res)).cash).toBe(20);
        expect(await accounts(dist)).toEqual(distBefore);
      });
    });

    describe('ListCustomersBalancesDetail', () => {
      it('answers the reseller-model customers in request order, leaving referral customers out', async () => {
        const [a, b] = [await newCustomer(sp), await newCustomer(sp)];
        const referral = await newCustomer(sp, { cooperation_type: '1' });
        await sp.updateCustomerAccountAmount({ customer_id: b!, amount: 12.3 });
        const r = await sp.listCustomersBalancesDetail({
          customer_infos: [{ customer_id: b! }, { customer_id: referral! }, { customer_id: a! }, { customer_id: b! }],
        });
        expect(r).toEqual({
          customer_balances: [
            { customer_id: b, amount: 12.3, debt_amount: 0, currency: 'CNY', measure_id: 1 },
            { customer_id: a, amount: 0, debt_amount: 0, currency: 'CNY', measure_id: 1 },
          ],
        });
      });

      it('refuses ids that are not the acting partner’s customers, and lists outside 1–100', async () => {
        const own = await newCustomer(sp);
        const resellers = await newCustomer(dist, { indirect_partner_id: resId });
        await expectError(
          sp.listCustomersBalancesDetail({ customer_infos: [{ customer_id: own! }, { customer_id: resellers! }] }),
          400,
          'CBC.99000035',
        );
        await expectError(
          sp.listCustomersBalancesDetail({ customer_infos: [{ customer_id: own! }], indirect_partner_id: resId }),
          400,
          'CBC.99000037',
        );
        expect(
          (
            await dist.listCustomersBalancesDetail({
              customer_infos: [{ customer_id: resellers! }],
              indirect_partner_id: resId,
            })
          ).customer_balances,
        ).toHaveLength(1);
        const many = Array.from({ length: 101 }, () => ({ customer_id: own }));
        const err = await sp.listCustomersBalancesDetail({ customer_infos: many }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RequestValidationError);
        expect((err as RequestValidationError).issues[0]).toMatchObject({
          field: 'customer_infos',
          rule: 'maxItems 100',
        });
        await expectError(
          sp.listCustomersBalancesDetail({ customer_infos: many }, { validate: false }),
          400,
          'CBC.0100',
        );
        await expectError(sp.listCustomersBalancesDetail({ customer_infos: [] }, { validate: false }), 400, 'CBC.0100');
        expect(
          (await sp.listCustomersBalancesDetail({ customer_infos: many.slice(0, 100) })).customer_balances,
        ).toHaveLength(1);
      });
    });

    describe('ListPartnerAdjustRecords', () => {
      async function history() {
        const a = await newCustomer(sp);
        const b = await newCustomer(sp);
        const t1 = (await sp.updateCustomerAccountAmount({ customer_id: a!, amount: 10 })).transfer_id;
        await env.control.advanceClock({ seconds: 60 });
        const t2 = (await sp.updateCustomerAccountAmount({ customer_id: b!, amount: 20 })).transfer_id;
        await env.control.advanceClock({ seconds: 60 });
        const t3 = (await sp.reclaimToPartnerAccount({ customer_id: a!, amount: 5 })).trans_id;
        return { a, b, t1, t2, t3 };
      }

      it('lists allocations and reclaims newest first, with string amounts', async () => {
        const { a, b, t1, t2, t3 } = await history();
        const r = await sp.listPartnerAdjustRecords();
        expect(r.total_count).toBe(3);
        expect(r.records).toEqual([
          {
            customer_id: a,
            customer_name: expect.stringMatching(/^fund-/),
            operation_type: 'SOURCE_OPERATION_BERETRIEVE',
            amount: '5.00',
            currency: 'CNY',
            operation_time: '2024-01-01T00:02:00Z',
            measure_id: 1,
            trans_id: t3,
          },
          {
            customer_id: b,
            customer_name: expect.stringMatching(/^fund-/),
            operation_type: 'SOURCE_OPERATION_BEADJUST',
            amount: '20.00',
            currency: 'CNY',
            operation_time: '2024-01-01T00:01:00Z',
            measure_id: 1,
            trans_id: t2,
          },
          {
            customer_id: a,
            customer_name: expect.stringMatching(/^fund-/),
            operation_type: 'SOURCE_OPERATION_BEADJUST',
            amount: '10.00',
            currency: 'CNY',
            operation_time: '2024-01-01T00:00:00Z',
            measure_id: 1,
            trans_id: t1,
          },
        ]);
      });

      it('filters by customer, type, transaction and time (inclusive), and pages with total_count', async () => {
        const { a, t1, t2, t3 } = await history();
        const ids = async (q: Parameters<Cn['listPartnerAdjustRecords']>[0]) =>
          ((await sp.listPartnerAdjustRecords(q)).records ?? []).map((r) => r.trans_id);
        expect(await ids({ customer_id: a })).toEqual([t3, t1]);
        expect(await ids({ customer_id: '' })).toEqual([t3, t2, t1]);
        expect(await ids({ operation_type: 'SOURCE_OPERATION_BEADJUST' })).toEqual([t2, t1]);
        expect(await ids({ operation_type: 'SOURCE_OPERATION_BEUNBIND' })).toEqual([]);
        expect(await ids({ trans_id: t2 })).toEqual([t2]);
        expect(await ids({ operation_time_begin: '2024-01-01T00:01:00Z' })).toEqual([t3, t2]);
        expect(await ids({ operation_time_end: '2024-01-01T00:01:00Z' })).toEqual([t2, t1]);
        expect(
          await ids({ operation_time_begin: '2024-01-01T00:00:01Z', operation_time_end: '2024-01-01T00:01:59Z' }),
        ).toEqual([t2]);
        const page = await sp.listPartnerAdjustRecords({ offset: 1, limit: 1 });
        expect({ total: page.total_count, ids: page.records!.map((r) => r.trans_id) }).toEqual({ total: 3, ids: [t2] });
        expect((await sp.listPartnerAdjustRecords({ offset: 3 })).records).toBeUndefined();
        expect((await dist.listPartnerAdjustRecords()).total_count).toBe(0);
        await expectError(
          sp.listPartnerAdjustRecords({ operation_type: 'BEADJUST' } as never, { validate: false }),
          400,
          'CBC.0100',
        );
        await expectError(sp.listPartnerAdjustRecords({ limit: 101 }, { validate: false }), 400, 'CBC.0100');
        await expectError(
          sp.listPartnerAdjustRecords({ operation_time_begin: '2024-01-01' }, { validate: false }),
          400,
          'CBC.0100',
        );
      });

      it("separates a distributor's reseller funding from the reseller's own records", async () => {
        const c = await newCustomer(dist, { indirect_partner_id: resId });
        const fund = (await dist.updateIndirectPartnerAccount({ indirect_partner_id: resId, amount: 40 })).transfer_id;
        const alloc = (
          await dist.updateCustomerAccountAmount({ customer_id: c!, amount: 15, indirect_partner_id: resId })
        ).transfer_id;
        expect((await dist.listPartnerAdjustRecords()).records).toEqual([
          expect.objectContaining({
            customer_id: resId,
            customer_name: env.partner({ role: 'reseller' }).iamDomain,
            operation_type: 'SOURCE_OPERATION_BEADJUST',
            amount: '40.00',
            trans_id: fund,
          }),
        ]);
        expect((await dist.listPartnerAdjustRecords({ indirect_partner_id: resId })).records).toEqual([
          expect.objectContaining({ customer_id: c, trans_id: alloc }),
        ]);
        expect(await res.listPartnerAdjustRecords()).toEqual(
          await dist.listPartnerAdjustRecords({ indirect_partner_id: resId }),
        );
        await expectError(sp.listPartnerAdjustRecords({ indirect_partner_id: resId }), 400, 'CBC.99000037');
      });
    });

    describe('ListPartnerAccountChangeRecords', () => {
      /** Each line's balance after the change equals the older line's balance plus or minus this change. */
      function expectRunningBalances(
        records: { change_amount?: string; balance_after_change?: string; type?: string }[] = [],
      ) {
        const oldestFirst = [...records].reverse();
        let balance = 0;
        for (const r of oldestFirst) {
          balance = Math.round((balance + (r.type === '1' ? 1 : -1) * Number(r.change_amount)) * 100) / 100;
          expect(Number(r.balance_after_change)).toBe(balance);
          expect(r.balance_after_change).toMatch(/^-?\d+\.\d{2}$/);
        }
        return balance;
      }

      it('books every movement with the balance after it, keeping the upstream wire typos', async () => {
        const c = await newCustomer(sp);
        const t = (await sp.updateCustomerAccountAmount({ customer_id: c!, amount: 99.99 })).transfer_id;
        await sp.reclaimToPartnerAccount({ customer_id: c!, amount: 9.99 });
        await env.control.setPartnerFunds({ partner_id: spId, cash_amount: 100010 });
        const r = await sp.listPartnerAccountChangeRecords({ balance_type: 'BALANCE_TYPE_DEBIT' });
        expect(r.currency).toBe('CNY');
        expect(r.total_count).toBe(4);
        expect(r.records!.map((x) => x.trade_detail_type)).toEqual([
          'SOURCE_OPERAIION_RECHARGE',
          'SOURCE_OPERATION_BERETRIEVE',
          'SOURCE_OPERATION_BEADJUST',
          'SOURCE_OPERAIION_RECHARGE',
        ]);
        expect(r.records![2]).toEqual({
          account_change_id: expect.stringMatching(/^\d+$/),
          trade_detail_type: 'SOURCE_OPERATION_BEADJUST',
          trade_time: '2024-01-01T00:00:00Z',
          trade_id: t,
          change_amount: '99.99',
          balance_after_change: '99900.01',
          type: '2',
          customer_id: c,
          account_name: expect.stringMatching(/^fund-/),
        });
        expect(expectRunningBalances(r.records)).toBe((await accounts(sp)).cash);
        expect(
          (await sp.listPartnerAccountChangeRecords({ balance_type: 'BALANCE_TYPE_CREDIT' })).records,
        ).toBeUndefined();
      });

      it("keeps the distributor's credit ledger when allocations draw on credit, and the reseller's ledger apart", async () => {
        await dist.updateIndirectPartnerAccount({ indirect_partner_id: resId, amount: 600000 });
        const credit = await dist.listPartnerAccountChangeRecords({ balance_type: 'BALANCE_TYPE_CREDIT' });
        expect(
          credit.records!.map((x) => [x.trade_detail_type, x.type, x.change_amount, x.balance_after_change]),
        ).toEqual([
          ['SOURCE_OPERATION_BEADJUST', '2', '100000.00', '100000.00'],
          ['SOURCE_OPERAIION_ADJUST_CREDIT', '1', '200000.00', '200000.00'],
        ]);
        expect(expectRunningBalances(credit.records)).toBe((await accounts(dist)).credit);
        const resLedger = await dist.listPartnerAccountChangeRecords({
          balance_type: 'BALANCE_TYPE_DEBIT',
          indirect_partner_id: resId,
        });
        expect(resLedger.records).toEqual([
          expect.objectContaining({
            trade_detail_type: 'SOURCE_OPERATION_BEADJUST',
            type: '1',
            change_amount: '600000.00',
            balance_after_change: '600000.00',
            customer_id: resId,
          }),
        ]);
        expect(await res.listPartnerAccountChangeRecords({ balance_type: 'BALANCE_TYPE_DEBIT' })).toEqual(resLedger);
        await dist.reclaimIndirectPartnerAccount({ indirect_partner_id: resId, amount: 150000 });
        expect(await accounts(dist)).toMatchObject({ cash: 50000, credit: 200000 });
        const after = await dist.listPartnerAccountChangeRecords({ balance_type: 'BALANCE_TYPE_CREDIT' });
        expect(expectRunningBalances(after.records)).toBe(200000);
      });

      it('filters by trade type and GMT+8 days (default: the last year), and pages', async () => {
        const c = await newCustomer(sp);
        for (const amount of [1, 2, 3]) await sp.updateCustomerAccountAmount({ customer_id: c!, amount });
        await env.control.setClock({ now: '2024-01-01T16:30:00Z', frozen: true }); // 2024-01-02 in GMT+8
        await sp.reclaimToPartnerAccount({ customer_id: c!, amount: 1 });
        const q = { balance_type: 'BALANCE_TYPE_DEBIT' as const };
        expect((await sp.listPartnerAccountChangeRecords({ ...q, trade_type: 'BEADJUST' })).total_count).toBe(3);
        expect((await sp.listPartnerAccountChangeRecords({ ...q, trade_type: '' })).total_count).toBe(5);
        expect(
          (await sp.listPartnerAccountChangeRecords({ ...q, trade_time_begin: '2024-01-02' })).records!.map(
            (r) => r.trade_detail_type,
          ),
        ).toEqual(['SOURCE_OPERATION_BERETRIEVE']);
        expect((await sp.listPartnerAccountChangeRecords({ ...q, trade_time_end: '2024-01-01' })).total_count).toBe(4);
        const page = await sp.listPartnerAccountChangeRecords({ ...q, offset: 1, limit: 2 });
        expect({ total: page.total_count, types: page.records!.map((r) => r.change_amount) }).toEqual({
          total: 5,
          types: ['3.00', '2.00'],
        });
        await env.control.setClock({ now: '2025-01-01T16:00:00Z', frozen: true }); // 2025-01-02 GMT+8: the range starts 2024-01-02
        expect((await sp.listPartnerAccountChangeRecords(q)).records!.map((r) => r.trade_detail_type)).toEqual([
          'SOURCE_OPERATION_BERETRIEVE',
        ]);
        const err = await sp.listPartnerAccountChangeRecords({} as never).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RequestValidationError);
        await expectError(sp.listPartnerAccountChangeRecords({} as never, { validate: false }), 400, 'CBC.0100');
        await expectError(
          sp.listPartnerAccountChangeRecords({ ...q, trade_time_begin: '2024/01/01' }, { validate: false }),
          400,
          'CBC.0100',
        );
        await expectError(
          sp.listPartnerAccountChangeRecords({ ...q, indirect_partner_id: resId }),
          400,
          'CBC.99000037',
        );
      });
    });

    describe('customer side (customer token)', () => {
      it('shows a reseller-model customer its allocated balance', async () => {
        const c = await newCustomer(sp);
        const me = await customerClient(c!);
        expect(await me.showCustomerAccountBalances()).toEqual({
          account_balances: [
            {
              account_id: expect.any(String),
              account_type: 1,
              amount: 0,
              currency: 'CNY',
              designated_amount: 0,
              measure_id: 1,
            },
          ],
          debt_amount: 0,
          measure_id: 1,
          currency: 'CNY',
        });
        await sp.updateCustomerAccountAmount({ customer_id: c!, amount: 42.42 });
        expect((await me.showCustomerAccountBalances()).account_balances![0]!.amount).toBe(42.42);
        await expectError(sp.showCustomerAccountBalances(), 403, 'CBC.0151');
      });

      it('answers CBC.99000049 to a resale (转售) customer of the international site', async () => {
        const intl = env.client({ site: 'intl', role: 'solution_provider' });
        const c = (
          await intl.createSubCustomer({
            xaccount_id: `x-intl-${n++}`,
            xaccount_type: 'acme_IDP',
            domain_area: 'MX',
            include_association_result: true,
          })
        ).domain_id!;
        await expectError(
          env.client({ site: 'intl', token: await tokenOf(c!) }).showCustomerAccountBalances(),
          400,
          'CBC.99000049',
        );
      });

      it("lists the customer's ledger with its filters", async () => {
        const c = await newCustomer(sp);
        const t1 = (await sp.updateCustomerAccountAmount({ customer_id: c!, amount: 100 })).transfer_id;
        await env.control.advanceClock({ seconds: 10 });
        const t2 = (await sp.reclaimToPartnerAccount({ customer_id: c!, amount: 30 })).trans_id;
        const me = await customerClient(c!);
        const q = { balance_type: 'BALANCE_TYPE_DEBIT' as const };
        const all = await me.listCustomerAccountChangeRecords(q);
        expect(all).toEqual({
          total_count: 2,
          currency: 'CNY',
          records: [
            {
              account_change_id: expect.stringMatching(/^\d+$/),
              trade_detail_type: 'SOURCE_OPERATION_BERETRIEVE',
              trade_time: '2024-01-01T00:00:10Z',
              trade_id: t2,
              change_amount: '30.00',
              balance_after_change: '70.00',
              revenue_expense_type: 'EXPENSE',
              bill_cycle: '2024-01',
              payment_channel_id: '11',
              payment_channel_no: t2,
              account_name: expect.stringMatching(/^fund-/),
            },
            {
              account_change_id: expect.stringMatching(/^\d+$/),
              trade_detail_type: 'SOURCE_OPERATION_BEADJUST',
              trade_time: '2024-01-01T00:00:00Z',
              trade_id: t1,
              change_amount: '100.00',
              balance_after_change: '100.00',
              revenue_expense_type: 'REVENUE',
              bill_cycle: '2024-01',
              payment_channel_id: '11',
              payment_channel_no: t1,
              account_name: expect.stringMatching(/^fund-/),
            },
          ],
        });
        const ids = async (extra: Record<string, unknown>) =>
          ((await me.listCustomerAccountChangeRecords({ ...q, ...extra })).records ?? []).map((r) => r.trade_id);
        expect(await ids({ revenue_expense_type: 'REVENUE' })).toEqual([t1]);
        expect(await ids({ trade_type: 'BERETRIEVE' })).toEqual([t2]);
        expect(await ids({ trade_id: t1 })).toEqual([t1]);
        expect(await ids({ payment_channel_id: '1,11' })).toEqual([t2, t1]);
        expect(await ids({ payment_channel_id: '10' })).toEqual([]);
        expect(await ids({ payment_channel_no: t2 })).toEqual([t2]);
        expect(await ids({ limit: 1, offset: 1 })).toEqual([t1]);
        expect(await ids({ trade_time_begin: '2024-01-02' })).toEqual([]);
        expect((await me.listCustomerAccountChangeRecords({ balance_type: 'BALANCE_TYPE_CREDIT' })).total_count).toBe(
          0,
        );
        await expectError(
          me.listCustomerAccountChangeRecords({ ...q, payment_channel_id: '1;2' }, { validate: false }),
          400,
          'CBC.0100',
        );
        await expectError(sp.listCustomerAccountChangeRecords(q), 403, 'CBC.0151');
      });
    });

    describe('ListIndirectPartners', () => {
      it("lists the distributor's resellers with filters and count", async () => {
        const reseller = env.partner({ role: 'reseller' });
        const all = await dist.listIndirectPartners({});
        expect(all).toEqual({
          count: 1,
          indirect_partners: [
            {
              indirect_partner_id: resId,
              account_name: reseller.iamDomain,
              name: reseller.name,
              associated_on: '2024-01-01T00:00:00Z',
            },
          ],
        });
        expect((await dist.listIndirectPartners({ indirect_partner_id: resId })).count).toBe(1);
        expect((await dist.listIndirectPartners({ indirect_partner_id: spId })).count).toBe(0);
        expect(
          (await dist.listIndirectPartners({ account_name: reseller.iamDomain, indirect_partner_id: '' })).count,
        ).toBe(1);
        expect((await dist.listIndirectPartners({ account_name: 'someone-else' })).count).toBe(0);
        expect(
          (
            await dist.listIndirectPartners({
              associated_on_begin: '2024-01-01T00:00:00Z',
              associated_on_end: '2024-01-01T00:00:00Z',
            })
          ).count,
        ).toBe(1);
        expect((await dist.listIndirectPartners({ associated_on_begin: '2024-01-01T00:00:01Z' })).count).toBe(0);
        expect(await dist.listIndirectPartners({ offset: 1 })).toEqual({ count: 1 });
        await expectError(dist.listIndirectPartners({ limit: 0 }, { validate: false }), 400, 'CBC.0100');
      });

      it('is for distributors only, on both sites', async () => {
        await expectError(sp.listIndirectPartners({}), 403, 'CBC.0151');
        await expectError(res.listIndirectPartners({}), 403, 'CBC.0151');
        await expectError(
          env.client({ site: 'intl', role: 'solution_provider' }).listIndirectPartners({}),
          403,
          'CBC.0151',
        );
        const intlReseller = env.partner({ site: 'intl', role: 'reseller' });
        expect(
          (await env.client({ site: 'intl', role: 'distributor' }).listIndirectPartners({})).indirect_partners!.map(
            (p) => p.indirect_partner_id,
          ),
        ).toEqual([intlReseller.id]);
      });
    });

    describe('UpdateIndirectPartnerAccount and ReclaimIndirectPartnerAccount', () => {
      it('funds a reseller from free cash, then credit, and reclaims into credit first', async () => {
        const t = await dist.updateIndirectPartnerAccount({ indirect_partner_id: resId, amount: '99.99' });
        expect(t.transfer_id).toMatch(/^AD/);
        expect(await accounts(dist)).toMatchObject({ cash: 499900.01, credit: 200000 });
        expect(await accounts(res)).toMatchObject({ cash: 99.99, allocatable: 99.99 });
        await dist.updateIndirectPartnerAccount({ indirect_partner_id: resId, amount: 550000 });
        expect(await accounts(dist)).toMatchObject({ cash: 0, credit: 149900.01, allocatable: 149900.01 });
        const r = await dist.reclaimIndirectPartnerAccount({ indirect_partner_id: resId, amount: 60000 });
        expect(r.trans_id).toMatch(/^RE/);
        expect(await accounts(dist)).toMatchObject({ cash: 9900.01, credit: 200000 });
        expect((await accounts(res)).cash).toBe(490099.99);
        expect(
          (await dist.listPartnerAdjustRecords()).records!.map((x) => [x.operation_type, x.customer_id, x.amount]),
        ).toEqual([
          ['SOURCE_OPERATION_BERETRIEVE', resId, '60000.00'],
          ['SOURCE_OPERATION_BEADJUST', resId, '550000.00'],
          ['SOURCE_OPERATION_BEADJUST', resId, '99.99'],
        ]);
      });

      it('refuses with the documented codes and changes nothing', async () => {
        await dist.updateIndirectPartnerAccount({ indirect_partner_id: resId, amount: 100 });
        await env.control.setPartnerFunds({ partner_id: resId, designated_amount: 40 });
        const before = { dist: await fundsView(dist, []), res: await fundsView(dist, [], resId) };
        await expectError(
          dist.updateIndirectPartnerAccount({ indirect_partner_id: resId, amount: 699900.01 }),
          400,
          'CBC.99005003',
        );
        await expectError(
          dist.updateIndirectPartnerAccount({ indirect_partner_id: spId, amount: 1 }),
          400,
          'CBC.99000037',
        );
        await expectError(
          dist.updateIndirectPartnerAccount({ indirect_partner_id: distId, amount: 1 }),
          400,
          'CBC.99000037',
        );
        await expectError(
          dist.reclaimIndirectPartnerAccount({ indirect_partner_id: resId, amount: 60.01 }),
          400,
          'CBC.99005003',
        );
        await expectError(
          dist.reclaimIndirectPartnerAccount({ indirect_partner_id: 'f'.repeat(32), amount: 1 }),
          400,
          'CBC.99000037',
        );
        await expectError(sp.updateIndirectPartnerAccount({ indirect_partner_id: resId, amount: 1 }), 403, 'CBC.0151');
        await expectError(
          res.reclaimIndirectPartnerAccount({ indirect_partner_id: resId, amount: 1 }),
          403,
          'CBC.0151',
        );
        await expectError(
          dist.updateIndirectPartnerAccount({ indirect_partner_id: resId, amount: 0 }, { validate: false }),
          400,
          'CBC.0100',
        );
        await expectError(
          dist.reclaimIndirectPartnerAccount({ indirect_partner_id: '', amount: 1 }, { validate: false }),
          400,
          'CBC.0100',
        );
        expect({ dist: await fundsView(dist, []), res: await fundsView(dist, [], resId) }).toEqual(before);
        await dist.reclaimIndirectPartnerAccount({ indirect_partner_id: resId, amount: 60 });
        expect(await accounts(res)).toMatchObject({ cash: 40, designated: 40, allocatable: 0 });
      });
    });

    it('conserves money across the network: distributor → reseller → customer and back', async () => {
      const c = await newCustomer(dist, { indirect_partner_id: resId });
      const me = await customerClient(c!);
      const total = async () => {
        const d = await accounts(dist);
        const r = await accounts(res);
        const mine = (await me.showCustomerAccountBalances()).account_balances![0]!.amount;
        return Math.round((d.cash + d.credit + r.cash + r.credit + mine) * 100);
      };
      const start = await total();
      await dist.updateIndirectPartnerAccount({ indirect_partner_id: resId, amount: 650000.07 });
      await dist.updateCustomerAccountAmount({ customer_id: c!, amount: 333.33, indirect_partner_id: resId });
      await res.updateCustomerAccountAmount({ customer_id: c!, amount: '0.01' });
      await res.reclaimToPartnerAccount({ customer_id: c!, amount: 100 });
      await dist.reclaimIndirectPartnerAccount({ indirect_partner_id: resId, amount: 123456.78 });
      expect(await total()).toBe(start);
      expect((await me.showCustomerAccountBalances()).account_balances![0]!.amount).toBe(233.34);
      const resRecords = (await res.listPartnerAdjustRecords()).records;
      const custLedger = (await me.listCustomerAccountChangeRecords({ balance_type: 'BALANCE_TYPE_DEBIT' })).records;
      // Every customer movement has its adjust record with the same transaction id.
      expect(custLedger!.map((e) => e.trade_id).sort()).toEqual(resRecords!.map((r) => r.trans_id).sort());
    });
  });
}
