/**
 * Coupon quota and partner coupon scenarios (ListQuotaCoupons, UpdateCouponQuotas, ReclaimCouponQuotas,
 * ListIssuedCouponQuotas, ListCouponQuotasRecords, CreatePartnerCoupons, ListIssuedPartnerCoupons,
 * ReclaimPartnerCoupons, ListPartnerCouponsRecord, ListSubCustomerCoupons, ListCustomerCouponChangeRecords,
 * ListStoredValueCards, and the control operations GrantCouponQuota, SetCouponQuotaStatus, ConsumeCoupon and
 * CreateStoredValueCard), written once and run both in-process (MSW) and over real HTTP.
 */
import { MockControlError } from '@partner-center/mock';
import { RequestValidationError, type CallOptions, type PartnerClient } from '@partner-center/sdk';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { freshScenario, type Scenario, type TestEnv } from '../support/env.js';
import { expectError } from './registration.js';

type Cn = PartnerClient<'cn'>;

export function couponScenarios(name: string, makeEnv: () => Promise<TestEnv>) {
  describe(`coupon quotas and partner coupons (${name})`, () => {
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
          domain_name: `cpn-${id}`,
          include_association_result: true,
          ...extra,
        })
      ).domain_id!;
    }

    /** A quota granted as Huawei staff would (control surface). */
    async function grant(partner_id: string, extra: Record<string, unknown> = {}) {
      return env.control.grantCouponQuota({ partner_id, quota_value: 1000, ...extra });
    }

    /** A client holding the customer's token (IssueCustomerToken answers 201, which the control client's types read as void). */
    async function customerClient(customer_id: string) {
      const { token } = (await env.control.issueCustomerToken({ customer_id })) as unknown as { token: string };
      return env.client({ token });
    }

    /** Everything a refused call must leave untouched, as a partner sees it through the API. */
    async function view(client: Cn, indirect_partner_id?: string) {
      const q = indirect_partner_id ? { indirect_partner_id } : {};
      return {
        vouchers: await client.listQuotaCoupons({ ...q, limit: 100 }),
        cash: await client.listQuotaCoupons({ ...q, quota_type: 1, limit: 100 }),
        coupons: await client.listIssuedPartnerCoupons({ ...q, limit: 100 }),
        records: await client.listPartnerCouponsRecord({ ...q, limit: 100 }),
      };
    }

    async function distView() {
      return {
        ...(await view(dist)),
        issued: await dist.listIssuedCouponQuotas({ limit: 100 }),
        quotaRecords: await dist.listCouponQuotasRecords({ limit: 100 }),
      };
    }

    const balanceOf = async (client: Cn, quota_id: string, extra: Record<string, unknown> = {}) => {
      const { quotas } = await client.listQuotaCoupons({ quota_ids: [quota_id], ...extra });
      return quotas![0]?.balance;
    };

    describe('ListQuotaCoupons', () => {
      it('lists voucher quotas by default and cash-coupon quotas on request, paged with the total count', async () => {
        const v = [];
        for (let i = 0; i < 3; i++) {
          v.push(
            await grant(spId, {
              quota_value: 100 + i,
              limit_infos: [
                { limit_key: 'cloudServiceType', limit_values: [{ value1: 'hws.service.type.ecs', value2: '' }] },
              ],
            }),
          );
          await env.control.advanceClock({ seconds: 1 });
        }
        const cash = await grant(spId, { quota_type: 1, quota_value: '50.50' });
        const first = await sp.listQuotaCoupons({ limit: 2 });
        expect(first.total_count).toBe(3);
        expect(first.quotas!.map((q) => q.quota_id)).toEqual([v[2]!.quota_id, v[1]!.quota_id]);
        expect(first.quotas![0]).toEqual({
          quota_id: v[2]!.quota_id,
          quota_type: 0,
          create_time: '2024-01-01T00:00:02Z',
          last_update_time: '2024-01-01T00:00:02Z',
          quota_value: 102,
          quota_status: 0,
          balance: 102,
          measure_id: 1,
          currency: 'CNY',
          effective_time: '2024-01-01T00:00:02Z',
          expire_time: '2024-12-31T00:00:02Z',
          limit_infos: [{ limit_key: 'cloudServiceType', limit_values: [{ value1: 'hws.service.type.ecs' }] }],
        });
        expect((await sp.listQuotaCoupons({ offset: 2, limit: 2 })).quotas!.map((q) => q.quota_id)).toEqual([
          v[0]!.quota_id,
        ]);
        expect((await sp.listQuotaCoupons({ quota_type: 1 })).quotas).toEqual([
          expect.objectContaining({ quota_id: cash.quota_id, quota_type: 1, quota_value: 50.5 }),
        ]);
        expect((await sp.listQuotaCoupons({ quota_type: '' })).total_count).toBe(3);
        const all: string[] = [];
        for await (const q of sp.paginate.listQuotaCoupons({ limit: 2 })) all.push(q.quota_id!);
        expect(all).toEqual(v.map((q) => q.quota_id).reverse());
        expect(await res.listQuotaCoupons()).toEqual({ total_count: 0 });
      });

      it('filters by ids, statuses and time ranges', async () => {
        const a = await grant(spId, { effective_time: '2024-01-01T00:00:00Z', expire_time: '2024-06-01T00:00:00Z' });
        await env.control.advanceClock({ seconds: 60 });
        const b = await grant(spId, { quota_status: 5 });
        expect((await sp.listQuotaCoupons({ quota_ids: [b.quota_id, 'nope'] })).quotas!.map((q) => q.quota_id)).toEqual(
          [b.quota_id],
        );
        expect((await sp.listQuotaCoupons({ quota_status_list: [5, 4] })).quotas!.map((q) => q.quota_id)).toEqual([
          b.quota_id,
        ]);
        expect(
          (await sp.listQuotaCoupons({ create_time_end: '2024-01-01T00:00:59Z' })).quotas!.map((q) => q.quota_id),
        ).toEqual([a.quota_id]);
        expect(
          (
            await sp.listQuotaCoupons({
              expire_time_begin: '2024-06-01T00:00:00Z',
              expire_time_end: '2024-06-01T00:00:00Z',
            })
          ).quotas!.map((q) => q.quota_id),
        ).toEqual([a.quota_id]);
        expect(
          (await sp.listQuotaCoupons({ effective_time_begin: '2024-01-01T00:01:00Z' })).quotas!.map((q) => q.quota_id),
        ).toEqual([b.quota_id]);
        expect((await sp.listQuotaCoupons({ create_time_begin: null, quota_ids: null })).total_count).toBe(2);
      });

      it('reads a quota past its expiry as invalid (status 3) from its expiry instant, a read changing nothing stored', async () => {
        const q = await grant(spId, { expire_time: '2024-02-01T00:00:00Z' });
        await env.control.advanceClock({ seconds: 40 * 86_400 });
        const [listed] = (await sp.listQuotaCoupons({ quota_status_list: [3] })).quotas!;
        expect(listed).toMatchObject({
          quota_id: q.quota_id,
          quota_status: 3,
          balance: 1000,
          last_update_time: '2024-02-01T00:00:00Z',
        });
        expect((await sp.listQuotaCoupons({ quota_status_list: [0] })).total_count).toBe(0);
        expect(await sp.listQuotaCoupons({ quota_status_list: [3] })).toEqual(
          await sp.listQuotaCoupons({ quota_status_list: [3] }),
        );
      });

      it('refuses malformed filters before sending, and the mock answers CBC.0100 when they are sent anyway', async () => {
        const err = await sp.listQuotaCoupons({ quota_status_list: [6] } as never).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RequestValidationError);
        expect((err as RequestValidationError).issues[0]!.field).toBe('quota_status_list.0');
        await expectError(
          sp.listQuotaCoupons({ quota_status_list: [6] } as never, { validate: false }),
          400,
          'CBC.0100',
        );
        await expectError(
          sp.listQuotaCoupons({ create_time_begin: '' } as never, { validate: false }),
          400,
          'CBC.0100',
        );
        await expectError(
          sp.listQuotaCoupons({ quota_ids: Array.from({ length: 51 }, (_, i) => String(i)) }, { validate: false }),
          400,
          'CBC.0100',
        );
        await expectError(sp.listQuotaCoupons({ limit: 0 }, { validate: false }), 400, 'CBC.0100');
      });

      it("shows a distributor its reseller's quotas, nobody else's, and refuses a customer's token", async () => {
        const parent = await grant(distId);
        const { simple_quota_infos } = await dist.updateCouponQuotas({
          quota_id: parent.quota_id,
          indirect_partner_ids: [resId],
          quota_amount: 10,
        });
        expect((await dist.listQuotaCoupons({ indirect_partner_id: resId })).quotas!.map((q) => q.quota_id)).toEqual([
          simple_quota_infos![0]!.quota_id,
        ]);
        expect(await dist.listQuotaCoupons({ indirect_partner_id: resId })).toEqual(await res.listQuotaCoupons());
        await expectError(sp.listQuotaCoupons({ indirect_partner_id: resId }), 400, 'CBC.99000037');
        await expectError(dist.listQuotaCoupons({ indirect_partner_id: spId }), 400, 'CBC.99000037');
        await expectError((await customerClient((await newCustomer(sp))!)).listQuotaCoupons(), 403, 'CBC.0151');
      });
    });

    describe('UpdateCouponQuotas', () => {
      it('gives each reseller a child quota out of the parent, reporting per reseller', async () => {
        const parent = await grant(distId, {
          quota_value: 25,
          limit_infos: [{ limit_key: 'productId', limit_values: [{ value1: 'p1,p2' }] }],
        });
        const r = await dist.updateCouponQuotas({
          quota_id: parent.quota_id,
          indirect_partner_ids: [resId, spId, resId, resId],
          quota_amount: '10.00',
        });
        expect(r.error_details).toEqual([
          { id: spId, error_code: 'CBC.99000037', error_msg: expect.any(String) },
          { id: resId, error_code: 'CBC.99000013', error_msg: expect.any(String) },
        ]);
        expect(r.simple_quota_infos).toEqual([
          { id: resId, quota_id: expect.stringMatching(/^20240101000000\d{2}$/) },
          { id: resId, quota_id: expect.stringMatching(/^\d{16}$/) },
        ]);
        expect(await balanceOf(dist, parent.quota_id)).toBe(5);
        const children = (await res.listQuotaCoupons()).quotas;
        expect(children).toHaveLength(2);
        expect(children![0]).toMatchObject({
          quota_value: 10,
          balance: 10,
          quota_status: 0,
          effective_time: parent.effective_time,
          expire_time: parent.expire_time,
          limit_infos: [{ limit_key: 'productId', limit_values: [{ value1: 'p1,p2' }] }],
        });
        const { records, total_count } = await dist.listCouponQuotasRecords();
        expect(total_count).toBe(2);
        expect(records![0]).toEqual({
          id: expect.stringMatching(/^[0-9a-f]{32}$/),
          operator: env.partner({ role: 'distributor' }).iamUser,
          operation_type: '10',
          quota_id: expect.any(String),
          parent_quota_id: parent.quota_id,
          amount: 10,
          operation_time: '2024-01-01T00:00:00Z',
          result: '0',
          indirect_partner_account_name: env.partner({ role: 'reseller' }).iamDomain,
          indirect_partner_id: resId,
          indirect_partner_name: env.partner({ role: 'reseller' }).name,
        });
      });

      it('refuses a quota that is missing, not a usable voucher quota or out of its window, and non-distributors, changing nothing', async () => {
        const cash = await grant(distId, { quota_type: 1 });
        const frozen = await grant(distId, { quota_status: 5 });
        const later = await grant(distId, {
          effective_time: '2024-03-01T00:00:00Z',
          expire_time: '2024-04-01T00:00:00Z',
        });
        const spQuota = await grant(spId);
        const good = await grant(distId);
        const before = await distView();
        for (const [quota_id, code] of [
          ['2099010100000000', 'CBC.99000012'],
          [cash.quota_id, 'CBC.99000012'],
          [frozen.quota_id, 'CBC.99000012'],
          [spQuota.quota_id, 'CBC.99000012'],
          [later.quota_id, 'CBC.99000017'],
        ] as const) {
          await expectError(
            dist.updateCouponQuotas({ quota_id, indirect_partner_ids: [resId], quota_amount: 1 }),
            400,
            code,
          );
        }
        await expectError(
          sp.updateCouponQuotas({ quota_id: good.quota_id, indirect_partner_ids: [resId], quota_amount: 1 }),
          403,
          'CBC.0151',
        );
        await expectError(
          res.updateCouponQuotas({ quota_id: good.quota_id, indirect_partner_ids: [resId], quota_amount: 1 }),
          403,
          'CBC.0151',
        );
        const err = await dist
          .updateCouponQuotas({ quota_id: good.quota_id, indirect_partner_ids: [resId], quota_amount: 0 })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RequestValidationError);
        await expectError(
          dist.updateCouponQuotas(
            { quota_id: good.quota_id, indirect_partner_ids: [resId], quota_amount: 1.001 },
            { validate: false },
          ),
          400,
          'CBC.0100',
        );
        await expectError(
          dist.updateCouponQuotas(
            { quota_id: good.quota_id, indirect_partner_ids: [], quota_amount: 1 },
            { validate: false },
          ),
          400,
          'CBC.0100',
        );
        expect(await distView()).toEqual(before);
      });

      it('refuses resellers that do not have all the designated customers of a bound quota (CBC.50000021)', async () => {
        const c = await newCustomer(sp);
        const bound = await grant(distId, { designated_customer_ids: [c] });
        const r = await dist.updateCouponQuotas({
          quota_id: bound.quota_id,
          indirect_partner_ids: [resId],
          quota_amount: 1,
        });
        expect(r).toEqual({
          error_details: [{ id: resId, error_code: 'CBC.50000021', error_msg: expect.any(String) }],
        });
        expect(await balanceOf(dist, bound.quota_id)).toBe(1000);
      });
    });

    describe('ReclaimCouponQuotas and ListIssuedCouponQuotas', () => {
      it('takes the whole remaining child balance back and keeps the reclaimed quota listed', async () => {
        const parent = await grant(distId, { quota_value: 100 });
        const [a, b] = (
          await dist.updateCouponQuotas({
            quota_id: parent.quota_id,
            indirect_partner_ids: [resId, resId],
            quota_amount: 40,
          })
        ).simple_quota_infos!.map((i) => i.quota_id);
        const cust = await newCustomer(res);
        await res.createPartnerCoupons({ quota_id: a!, customer_ids: [cust], face_value: 12.5 });
        await env.control.advanceClock({ seconds: 30 });
        const r = await dist.reclaimCouponQuotas({ quota_ids: [a!, 'nope'], remark: '回收代金券额度' });
        expect(r).toEqual({
          simple_quota_infos: [{ quota_id: a, quota_balance: 0 }],
          error_details: [{ id: 'nope', error_code: 'CBC.99000012', error_msg: expect.any(String) }],
        });
        expect(await balanceOf(dist, parent.quota_id)).toBe(47.5);
        const again = await dist.reclaimCouponQuotas({ quota_ids: [a!] });
        expect(again.error_details!.map((e) => e.error_code)).toEqual(['CBC.99000012']);

        const issued = await dist.listIssuedCouponQuotas();
        expect(issued.total_count).toBe(2);
        expect(issued.quotas!.find((q) => q.quota_id === a)).toEqual(
          expect.objectContaining({
            quota_status: 6,
            balance: 0,
            quota_value: 40,
            parent_quota_id: parent.quota_id,
            indirect_partner_id: resId,
            last_update_time: '2024-01-01T00:00:30Z',
          }),
        );
        expect((await res.listQuotaCoupons()).quotas!.map((q) => q.quota_id)).toEqual([b]);
        const recs = await dist.listCouponQuotasRecords({ operation_type: '11' });
        expect(recs.records).toEqual([
          expect.objectContaining({
            quota_id: a,
            amount: 27.5,
            remark: '回收代金券额度',
            operation_time: '2024-01-01T00:00:30Z',
          }),
        ]);
        await expectError(res.reclaimCouponQuotas({ quota_ids: [b!] }), 403, 'CBC.0151');
      });

      it('filters the issued quotas and the records as documented', async () => {
        const p1 = await grant(distId);
        const p2 = await grant(distId);
        await dist.updateCouponQuotas({ quota_id: p1.quota_id, indirect_partner_ids: [resId, resId], quota_amount: 1 });
        await env.control.advanceClock({ seconds: 3600 });
        const [c] = (
          await dist.updateCouponQuotas({ quota_id: p2.quota_id, indirect_partner_ids: [resId], quota_amount: 2 })
        ).simple_quota_infos!.map((i) => i.quota_id);
        expect(
          (await dist.listIssuedCouponQuotas({ parent_quota_id: p2.quota_id })).quotas!.map((q) => q.quota_id),
        ).toEqual([c]);
        expect((await dist.listIssuedCouponQuotas({ parent_quota_id: '' })).total_count).toBe(0);
        expect((await dist.listIssuedCouponQuotas({ indirect_partner_id: resId, quota_id: c })).total_count).toBe(1);
        expect(await dist.listIssuedCouponQuotas({ limit: 1, offset: 1 })).toMatchObject({
          total_count: 3,
          quotas: [expect.objectContaining({ parent_quota_id: p1.quota_id })],
        });
        const err = await dist.listIssuedCouponQuotas({ limit: 101 }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RequestValidationError);
        await expectError(dist.listIssuedCouponQuotas({ limit: 101 }, { validate: false }), 400, 'CBC.0100');
        await expectError(dist.listIssuedCouponQuotas({ indirect_partner_id: spId }), 400, 'CBC.99000037');
        await expectError(sp.listIssuedCouponQuotas(), 403, 'CBC.0151');

        expect(
          (await dist.listCouponQuotasRecords({ operation_time_begin: '2024-01-01T01:00:00Z' })).records!.map(
            (r) => r.quota_id,
          ),
        ).toEqual([c]);
        expect((await dist.listCouponQuotasRecords({ operation_type: 'anything' })).total_count).toBe(3);
        expect((await dist.listCouponQuotasRecords({ parent_quota_id: '' })).total_count).toBe(0);
        expect((await dist.listCouponQuotasRecords({ quota_id: c })).total_count).toBe(1);
        await expectError(
          dist.listCouponQuotasRecords({ operation_time_end: '' }, { validate: false }),
          400,
          'CBC.0100',
        );
        await expectError(res.listCouponQuotasRecords(), 403, 'CBC.0151');
      });
    });

    describe('CreatePartnerCoupons', () => {
      it('issues vouchers and cash coupons from the matching quota and reports per customer', async () => {
        const good = await newCustomer(sp);
        const referral = await newCustomer(sp, { cooperation_type: '1' });
        const foreign = await newCustomer(res);
        const vq = await grant(spId, { quota_value: 25 });
        const cq = await grant(spId, { quota_type: 1, quota_value: 100 });
        const r = await sp.createPartnerCoupons({
          quota_id: vq.quota_id,
          customer_ids: [good, referral, foreign, good, good],
          face_value: 10,
          memo: 'launch',
        });
        expect(r.coupon_infos).toEqual([
          { id: good, coupon_id: expect.stringMatching(/^CP240101000000[0-9A-F]{8}$/) },
          { id: good, coupon_id: expect.any(String) },
        ]);
        expect(r.error_details!.map((e) => [e.id, e.error_code])).toEqual([
          [referral, 'CBC.99000014'],
          [foreign, 'CBC.99000035'],
          [good, 'CBC.99000013'],
        ]);
        expect(await balanceOf(sp, vq.quota_id)).toBe(5);
        const cash = await sp.createPartnerCoupons({
          quota_id: cq.quota_id,
          customer_ids: [good],
          face_value: '33.33',
          cloud_service_types: ['hws.service.type.obs'],
        });
        const listed = (await sp.listIssuedPartnerCoupons({ coupon_id: cash.coupon_infos![0]!.coupon_id }))
          .user_coupons![0]!;
        expect(listed).toEqual({
          coupon_id: cash.coupon_infos![0]!.coupon_id,
          status: 2,
          customer_id: good,
          coupon_type: 4,
          measure_id: 1,
          face_value: 33.33,
          effective_time: cq.effective_time,
          expire_time: cq.expire_time,
          media_type: 1,
          fetch_method: 3,
          use_limits: [
            { use_limiti_info_id: expect.any(String), limit_key: 'cloudServiceType', value1: 'hws.service.type.obs' },
          ],
          active_time: '2024-01-01T00:00:00Z',
          create_time: '2024-01-01T00:00:00Z',
          balance: 33.33,
          is_frozen: '0',
        });
        expect((await sp.listIssuedPartnerCoupons({ coupon_type: 1 })).total_count).toBe(2);
        const recs = await sp.listPartnerCouponsRecord({ quota_id: vq.quota_id });
        expect(recs.records!.map((x) => [x.operation_type, x.operation_amount, x.remark, x.quota_type])).toEqual([
          ['1', 10, 'launch', 0],
          ['1', 10, 'launch', 0],
        ]);
      });

      it('refuses quota, window, limit and designated-customer problems for the whole call, changing nothing', async () => {
        const c = await newCustomer(sp);
        const other = await newCustomer(sp);
        const resQuota = await grant(resId);
        const adjusting = await grant(spId, { quota_status: 4 });
        const later = await grant(spId, {
          effective_time: '2024-05-01T00:00:00Z',
          expire_time: '2024-06-01T00:00:00Z',
        });
        const limited = await grant(spId, {
          limit_infos: [{ limit_key: 'cloudServiceType', limit_values: [{ value1: 'hws.service.type.ecs' }] }],
        });
        const bound = await grant(spId, { designated_customer_ids: [c] });
        const q = await grant(spId, { expire_time: '2024-06-01T00:00:00Z' });
        const before = await view(sp);
        const issue = (quota_id: string, extra: Record<string, unknown> = {}, o?: CallOptions) =>
          sp.createPartnerCoupons({ quota_id, customer_ids: [c], face_value: 1, ...extra }, o);
        await expectError(issue('2099010100000000'), 400, 'CBC.99000012');
        await expectError(issue(resQuota.quota_id), 400, 'CBC.99000012');
        await expectError(issue(adjusting.quota_id), 400, 'CBC.99000012');
        await expectError(issue(later.quota_id), 400, 'CBC.99000017');
        await expectError(
          issue(limited.quota_id, { cloud_service_types: ['hws.service.type.rds'] }),
          400,
          'CBC.99000023',
        );
        await expectError(issue(bound.quota_id, { customer_ids: [c, other] }), 400, 'CBC.50000020');
        await expectError(issue(q.quota_id, { expire_time: '2024-07-01T00:00:00Z' }), 400, 'CBC.0100');
        await expectError(
          issue(q.quota_id, { valid_time: '2024-03-01T00:00:00Z', expire_time: '2024-02-01T00:00:00Z' }),
          400,
          'CBC.0100',
        );
        await expectError(issue(q.quota_id, { indirect_partner_id: resId }), 400, 'CBC.99000037');
        const err = await issue(q.quota_id, { face_value: -1 }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RequestValidationError);
        await expectError(
          issue(q.quota_id, { customer_ids: Array.from({ length: 101 }, () => c) }, { validate: false }),
          400,
          'CBC.0100',
        );
        await expectError(
          issue(
            q.quota_id,
            { cloud_service_types: Array.from({ length: 11 }, (_, i) => `s${i}`) },
            { validate: false },
          ),
          400,
          'CBC.0100',
        );
        expect(await view(sp)).toEqual(before);
        expect((await issue(bound.quota_id)).coupon_infos).toHaveLength(1);
        expect(
          (await issue(limited.quota_id, { cloud_service_types: ['hws.service.type.ecs'] })).coupon_infos,
        ).toHaveLength(1);
      });

      it('lets a reseller issue from its child quota, and its distributor for it', async () => {
        const parent = await grant(distId);
        const [child] = (
          await dist.updateCouponQuotas({ quota_id: parent.quota_id, indirect_partner_ids: [resId], quota_amount: 100 })
        ).simple_quota_infos!.map((i) => i.quota_id);
        const cust = await newCustomer(dist, { indirect_partner_id: resId });
        await dist.createPartnerCoupons({
          quota_id: child!,
          customer_ids: [cust],
          face_value: 30,
          memo: 'by distributor',
          indirect_partner_id: resId,
        });
        await res.createPartnerCoupons({ quota_id: child!, customer_ids: [cust], face_value: 20, memo: 'by reseller' });
        expect(await balanceOf(res, child!)).toBe(50);
        expect(
          (await dist.listPartnerCouponsRecord({ indirect_partner_id: resId })).records!.map((r) => r.remark),
        ).toEqual([undefined, 'by distributor']);
        expect((await res.listPartnerCouponsRecord()).records!.map((r) => r.remark)).toEqual([
          'by reseller',
          undefined,
        ]);
        expect((await dist.listIssuedPartnerCoupons({ indirect_partner_id: resId })).total_count).toBe(2);
      });
    });

    describe('ReclaimPartnerCoupons', () => {
      it('answers 204, takes the whole remaining balance back to the quota, and keeps the coupon queryable', async () => {
        const c = await newCustomer(sp);
        const q = await grant(spId, { quota_value: 100 });
        const coupon_id = (await sp.createPartnerCoupons({ quota_id: q.quota_id, customer_ids: [c], face_value: 60 }))
          .coupon_infos![0]!.coupon_id;
        expect(await env.control.consumeCoupon({ coupon_id, amount: 15.25, order_id: 'ORDER-1' })).toEqual({
          coupon_id,
          status: 2,
          balance: 44.75,
          order_id: 'ORDER-1',
        });
        await env.control.advanceClock({ seconds: 5 });
        expect(await sp.reclaimPartnerCoupons({ coupon_id })).toBeUndefined();
        expect(await balanceOf(sp, q.quota_id)).toBe(84.75);
        expect((await sp.listIssuedPartnerCoupons({ status: 5 })).user_coupons).toEqual([
          expect.objectContaining({ coupon_id, balance: 0, face_value: 60, order_id: 'ORDER-1' }),
        ]);
        expect((await sp.listIssuedPartnerCoupons({ order_id: 'ORDER-1' })).total_count).toBe(1);
        const recs = await sp.listPartnerCouponsRecord({ operation_types: ['2'] });
        expect(recs.records).toEqual([
          {
            id: expect.any(String),
            operation_type: '2',
            quota_id: q.quota_id,
            quota_type: 0,
            coupon_id,
            customer_id: c,
            operation_amount: 44.75,
            operation_time: '2024-01-01T00:00:05Z',
            result: '0',
          },
        ]);
        const customer = await customerClient(c!);
        const mine = await customer.listSubCustomerCoupons({ status: 5 });
        expect(mine.user_coupons![0]).toMatchObject({ coupon_id, status: 5, balance: 0, source_id: spId });
      });

      it('refuses coupons that are not available, not the caller’s or unknown, changing nothing', async () => {
        const c = await newCustomer(sp);
        const q = await grant(spId);
        const issue = async (extra: Record<string, unknown> = {}) =>
          (await sp.createPartnerCoupons({ quota_id: q.quota_id, customer_ids: [c], face_value: 10, ...extra }))
            .coupon_infos![0]!.coupon_id;
        const spent = await issue();
        expect((await env.control.consumeCoupon({ coupon_id: spent, amount: 10 })).status).toBe(3);
        const notYet = await issue({ valid_time: '2024-02-01T00:00:00Z' });
        const reclaimed = await issue();
        await sp.reclaimPartnerCoupons({ coupon_id: reclaimed });
        const live = await issue();
        const before = await view(sp);
        await expectError(sp.reclaimPartnerCoupons({ coupon_id: spent }), 200, 'CBC.99000048');
        await expectError(sp.reclaimPartnerCoupons({ coupon_id: notYet }), 200, 'CBC.99000048');
        await expectError(sp.reclaimPartnerCoupons({ coupon_id: reclaimed }), 200, 'CBC.99000048');
        await expectError(res.reclaimPartnerCoupons({ coupon_id: live }), 400, 'CBC.99000035');
        await expectError(
          dist.reclaimPartnerCoupons({ coupon_id: live, indirect_partner_id: resId }),
          400,
          'CBC.99000035',
        );
        await expectError(
          sp.reclaimPartnerCoupons({ coupon_id: live, indirect_partner_id: resId }),
          400,
          'CBC.99000037',
        );
        await expectError(sp.reclaimPartnerCoupons({ coupon_id: 'CP0000' }), 400, 'CBC.0100');
        const err = await sp
          .reclaimPartnerCoupons({ coupon_id: live, indirect_partner_id: '' })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RequestValidationError);
        await expectError(
          sp.reclaimPartnerCoupons({ coupon_id: live, indirect_partner_id: '' }, { validate: false }),
          400,
          'CBC.0100',
        );
        await expectError((await customerClient(c!)).reclaimPartnerCoupons({ coupon_id: live }), 403, 'CBC.0151');
        expect(await view(sp)).toEqual(before);
      });
    });

    describe('ListIssuedPartnerCoupons and ListPartnerCouponsRecord', () => {
      it('filters, pages and sends arrays as repeated query parameters', async () => {
        const a = await newCustomer(sp);
        const b = await newCustomer(sp);
        const vq = await grant(spId);
        const cq = await grant(spId, { quota_type: 1 });
        const ids: string[] = [];
        for (let i = 0; i < 3; i++) {
          ids.push(
            (
              await sp.createPartnerCoupons({
                quota_id: i === 2 ? cq.quota_id : vq.quota_id,
                customer_ids: [i === 1 ? b : a],
                face_value: i + 1,
              })
            ).coupon_infos![0]!.coupon_id,
          );
          await env.control.advanceClock({ seconds: 10 });
        }
        await sp.reclaimPartnerCoupons({ coupon_id: ids[0]! });
        const coupons = async (q: Parameters<Cn['listIssuedPartnerCoupons']>[0]) =>
          (await sp.listIssuedPartnerCoupons(q)).user_coupons!.map((c) => ids.indexOf(c.coupon_id!));
        expect(await coupons({})).toEqual([2, 1, 0]);
        expect(await coupons({ customer_id: a })).toEqual([2, 0]);
        expect(await coupons({ coupon_type: 4 })).toEqual([2]);
        expect(await coupons({ status: 2 })).toEqual([2, 1]);
        expect(
          await coupons({ create_time_begin: '2024-01-01T00:00:10Z', create_time_end: '2024-01-01T00:00:10Z' }),
        ).toEqual([1]);
        expect(await sp.listIssuedPartnerCoupons({ offset: 1, limit: 1 })).toMatchObject({
          total_count: 3,
          user_coupons: [{ coupon_id: ids[1] }],
        });
        const everything: string[] = [];
        for await (const c of sp.paginate.listIssuedPartnerCoupons({ limit: 2 })) everything.push(c.coupon_id!);
        expect(everything).toEqual([ids[2], ids[1], ids[0]]);
        await expectError(sp.listIssuedPartnerCoupons({ coupon_id: '' }, { validate: false }), 400, 'CBC.0100');
        await expectError(
          sp.listIssuedPartnerCoupons({ coupon_type: 2 } as never, { validate: false }),
          400,
          'CBC.0100',
        );

        const records = async (q: Parameters<Cn['listPartnerCouponsRecord']>[0]) =>
          ((await sp.listPartnerCouponsRecord(q)).records ?? []).map(
            (r) => `${r.operation_type}:${ids.indexOf(r.coupon_id!)}`,
          );
        expect(await records({})).toEqual(['2:0', '1:2', '1:1', '1:0']);
        expect(await records({ operation_types: ['2', '1'], coupon_ids: [ids[0]!, ids[2]!] })).toEqual([
          '2:0',
          '1:2',
          '1:0',
        ]);
        expect(await records({ operation_types: ['2'] })).toEqual(['2:0']);
        expect(await records({ operation_types: [''] })).toEqual([]);
        expect(await records({ quota_type: 1 })).toEqual(['1:2']);
        expect(await records({ customer_id: b })).toEqual(['1:1']);
        expect(await records({ quota_id: '' })).toEqual([]);
        expect(await records({ result: '-1' })).toEqual([]);
        expect(await records({ operation_time_begin: '2024-01-01T00:00:30Z' })).toEqual(['2:0']);
        expect(await sp.listPartnerCouponsRecord({ limit: 1, offset: 3 })).toMatchObject({
          total_count: 4,
          records: [{ coupon_id: ids[0], operation_type: '1' }],
        });
        await expectError(
          sp.listPartnerCouponsRecord({ operation_types: ['10'] } as never, { validate: false }),
          400,
          'CBC.0100',
        );
        await expectError(
          sp.listPartnerCouponsRecord({ quota_type: '' } as never, { validate: false }),
          400,
          'CBC.0100',
        );
        await expectError(sp.listPartnerCouponsRecord({ indirect_partner_id: resId }), 400, 'CBC.99000037');
      });
    });

    describe('expiry on the virtual clock', () => {
      it('expires coupons and quotas lazily, with the expiry records stamped at the expiry instant', async () => {
        const c = await newCustomer(sp);
        const q = await grant(spId, { quota_value: 100, expire_time: '2024-03-01T00:00:00Z' });
        const coupon_id = (
          await sp.createPartnerCoupons({
            quota_id: q.quota_id,
            customer_ids: [c],
            face_value: 40,
            valid_time: '2024-01-10T00:00:00Z',
            expire_time: '2024-02-01T00:00:00Z',
          })
        ).coupon_infos![0]!.coupon_id;
        expect((await sp.listIssuedPartnerCoupons({ coupon_id })).user_coupons![0]).toMatchObject({
          status: 1,
          balance: 40,
        });
        await env.control.advanceClock({ seconds: 20 * 86_400 });
        expect((await sp.listIssuedPartnerCoupons({ coupon_id })).user_coupons![0]).toMatchObject({
          status: 2,
          active_time: '2024-01-10T00:00:00Z',
        });
        await env.control.advanceClock({ seconds: 60 * 86_400 });
        expect((await sp.listIssuedPartnerCoupons({ coupon_id })).user_coupons![0]).toMatchObject({
          status: 4,
          balance: 0,
        });
        expect((await sp.listPartnerCouponsRecord({ operation_types: ['4'] })).records).toEqual([
          expect.objectContaining({ coupon_id, operation_amount: 40, operation_time: '2024-02-01T00:00:00Z' }),
        ]);
        expect((await sp.listQuotaCoupons({ quota_status_list: [3] })).quotas).toEqual([
          expect.objectContaining({
            quota_id: q.quota_id,
            quota_status: 3,
            balance: 60,
            last_update_time: '2024-03-01T00:00:00Z',
          }),
        ]);
        await expectError(
          sp.createPartnerCoupons({ quota_id: q.quota_id, customer_ids: [c], face_value: 1 }),
          400,
          'CBC.99000017',
        );
        await expectError(sp.reclaimPartnerCoupons({ coupon_id }), 200, 'CBC.99000048');
        const err = await env.control
          .setCouponQuotaStatus({ quota_id: q.quota_id, quota_status: 0 })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(MockControlError);
      });
    });

    describe('customer-side reads', () => {
      it('shows a customer its coupons, its coupon ledger and its stored-value cards, and refuses partners', async () => {
        const c = await newCustomer(sp);
        const q = await grant(spId);
        const [first, second] = (
          await sp.createPartnerCoupons({ quota_id: q.quota_id, customer_ids: [c, c], face_value: 50 })
        ).coupon_infos!.map((i) => i.coupon_id);
        await env.control.advanceClock({ seconds: 3600 });
        await env.control.consumeCoupon({ coupon_id: first!, amount: 20, order_id: 'ORD-7' });
        await sp.reclaimPartnerCoupons({ coupon_id: second! });
        const customer = await customerClient(c!);

        const coupons = await customer.listSubCustomerCoupons();
        expect(coupons.count).toBe(2);
        expect(coupons.user_coupons!.find((x) => x.coupon_id === first)).toMatchObject({
          status: 2,
          balance: 30,
          face_value: 50,
          coupon_version: 2,
          currency: 'CNY',
          source_id: spId,
          reserve_time: '2024-01-01T01:00:00Z',
          order_id: 'ORD-7',
        });
        expect((await customer.listSubCustomerCoupons({ status: 5 })).user_coupons!.map((x) => x.coupon_id)).toEqual([
          second,
        ]);
        expect((await customer.listSubCustomerCoupons({ order_id: 'ORD-7' })).count).toBe(1);
        expect((await customer.listSubCustomerCoupons({ source_id: distId })).count).toBe(0);
        expect((await customer.listSubCustomerCoupons({ limit: 1, offset: 1 })).user_coupons).toHaveLength(1);
        // An empty list is left out, as the real service may (sparse answers).
        expect(await sp.listSubCustomerCoupons()).toEqual({ count: 0 });
        await expectError(sp.listSubCustomerCoupons({ indirect_partner_id: resId }), 400, 'CBC.99000037');
        expect(await env.client({ site: 'intl', role: 'solution_provider' }).listSubCustomerCoupons()).toEqual({
          count: 0,
        });

        const ledger = await customer.listCustomerCouponChangeRecords({ balance_type: 'BALANCE_TYPE_COUPON' });
        expect(ledger.currency).toBe('CNY');
        expect(
          ledger.records!.map((r) => [
            r.trade_detail_type,
            r.revenue_expense_type,
            r.change_amount,
            r.balance_after_change,
          ]),
        ).toEqual([
          ['SOURCE_OPERATION_COUPONCANCEL', 'EXPENSE', '50.00', '30.00'],
          ['SOURCE_OPERAIION_DEDEUCT', 'EXPENSE', '20.00', '80.00'],
          ['SOURCE_OPERAIION_PRIZE', 'REVENUE', '50.00', '100.00'],
          ['SOURCE_OPERAIION_PRIZE', 'REVENUE', '50.00', '50.00'],
        ]);
        expect(ledger.records![1]).toMatchObject({
          trade_id: 'ORD-7',
          coupon_id: first,
          bill_cycle: '2024-01',
          trade_time: '2024-01-01T01:00:00Z',
        });
        expect(
          (
            await customer.listCustomerCouponChangeRecords({
              balance_type: 'BALANCE_TYPE_COUPON',
              trade_type: 'COUPONCANCEL',
            })
          ).total_count,
        ).toBe(1);
        expect(
          (
            await customer.listCustomerCouponChangeRecords({
              balance_type: 'BALANCE_TYPE_COUPON',
              revenue_expense_type: 'REVENUE',
              coupon_id: first,
            })
          ).total_count,
        ).toBe(1);
        expect(
          (
            await customer.listCustomerCouponChangeRecords({
              balance_type: 'BALANCE_TYPE_COUPON',
              trade_time_begin: '2024-01-02',
            })
          ).total_count,
        ).toBe(0);
        expect(
          (await customer.listCustomerCouponChangeRecords({ balance_type: 'BALANCE_TYPE_COUPON', limit: 3, offset: 3 }))
            .records,
        ).toHaveLength(1);
        await expectError(
          customer.listCustomerCouponChangeRecords(
            { balance_type: 'BALANCE_TYPE_COUPON', trade_time_begin: '2024/01/01' },
            { validate: false },
          ),
          400,
          'CBC.0100',
        );
        await expectError(
          customer.listCustomerCouponChangeRecords(
            { balance_type: 'BALANCE_TYPE_COUPON', limit: 101 },
            { validate: false },
          ),
          400,
          'CBC.0100',
        );
        await expectError(customer.listCustomerCouponChangeRecords({} as never, { validate: false }), 400, 'CBC.0100');
        await expectError(sp.listCustomerCouponChangeRecords({ balance_type: 'BALANCE_TYPE_COUPON' }), 403, 'CBC.0151');

        const card = await env.control.createStoredValueCard({
          customer_id: c!,
          face_value: 200,
          card_name: 'Gift card',
        });
        expect(card).toEqual({
          card_id: expect.stringMatching(/^SVC\d{16}$/),
          customer_id: c,
          status: 1,
          face_value: '200.00',
          balance: '200.00',
        });
        await env.control.createStoredValueCard({ customer_id: c!, face_value: 10, balance: 0 });
        expect(await customer.listStoredValueCards({ status: 1 })).toEqual({
          total_count: 1,
          stored_value_cards: [
            {
              card_id: card.card_id,
              card_name: 'Gift card',
              status: 1,
              face_value: '200.00',
              balance: '200.00',
              effective_time: '2024-01-01T01:00:00Z',
              expire_time: '2024-12-31T01:00:00Z',
            },
          ],
        });
        expect((await customer.listStoredValueCards({ status: 2 })).stored_value_cards!.map((x) => x.balance)).toEqual([
          '0.00',
        ]);
        expect((await customer.listStoredValueCards({ status: 1, card_id: 'SVC0' })).total_count).toBe(0);
        await expectError(customer.listStoredValueCards({ status: 3 } as never, { validate: false }), 400, 'CBC.0100');
        await expectError(sp.listStoredValueCards({ status: 1 }), 403, 'CBC.0151');
        const bad = await env.control
          .createStoredValueCard({ customer_id: 'nobody', face_value: 1 })
          .catch((e: unknown) => e);
        expect(bad).toBeInstanceOf(MockControlError);
      });
    });

    describe('reconciliation of coupon and quota movements', () => {
      it('finds issued coupons and quotas in the records, target by target', async () => {
        const since = new Date('2024-01-01T00:00:00Z');
        const a = await newCustomer(sp);
        const b = await newCustomer(sp);
        const q = await grant(spId);
        const sent = await sp.createPartnerCoupons({ quota_id: q.quota_id, customer_ids: [a], face_value: 5 });
        const found = await sp.reconcile.createPartnerCoupons(
          { quota_id: q.quota_id, customer_ids: [a, b], face_value: '5.00' },
          { since },
        );
        expect(found).toEqual({
          status: 'partial',
          output: { coupon_infos: sent.coupon_infos },
          remaining: { quota_id: q.quota_id, customer_ids: [b], face_value: '5.00' },
        });
        await sp.reclaimPartnerCoupons({ coupon_id: sent.coupon_infos![0]!.coupon_id });
        expect(
          (await sp.reconcile.reclaimPartnerCoupons({ coupon_id: sent.coupon_infos![0]!.coupon_id }, { since })).status,
        ).toBe('applied');

        const parent = await grant(distId);
        const issued = await dist.updateCouponQuotas({
          quota_id: parent.quota_id,
          indirect_partner_ids: [resId],
          quota_amount: 3,
        });
        expect(
          await dist.reconcile.updateCouponQuotas(
            { quota_id: parent.quota_id, indirect_partner_ids: [resId], quota_amount: 3 },
            { since },
          ),
        ).toEqual({ status: 'applied', output: issued });
        const child = issued.simple_quota_infos![0]!.quota_id;
        expect((await dist.reconcile.reclaimCouponQuotas({ quota_ids: [child] }, { since })).status).toBe('not-found');
        const reclaimed = await dist.reclaimCouponQuotas({ quota_ids: [child] });
        expect(await dist.reconcile.reclaimCouponQuotas({ quota_ids: [child] }, { since })).toEqual({
          status: 'applied',
          output: reclaimed,
        });
      });
    });

    describe('control operations', () => {
      it('grants, re-statuses and refuses impossible changes', async () => {
        const q = await grant(spId, { quota_value: '12.30', quota_type: 1 });
        expect(q).toEqual({
          quota_id: expect.stringMatching(/^\d{16}$/),
          partner_id: spId,
          quota_type: 1,
          quota_value: 12.3,
          balance: 12.3,
          quota_status: 0,
          effective_time: '2024-01-01T00:00:00Z',
          expire_time: '2024-12-31T00:00:00Z',
        });
        expect((await env.control.setCouponQuotaStatus({ quota_id: q.quota_id, quota_status: 5 })).quota_status).toBe(
          5,
        );
        for (const bad of [
          { partner_id: 'nobody', quota_value: 1 },
          { partner_id: spId, quota_value: 0 },
          { partner_id: spId, quota_value: 1, designated_customer_ids: ['nobody'] },
        ]) {
          const err = await env.control.grantCouponQuota(bad).catch((e: unknown) => e);
          expect(err, JSON.stringify(bad)).toBeInstanceOf(MockControlError);
          expect((err as MockControlError).status).toBe(400);
        }
        const err = await env.control.consumeCoupon({ coupon_id: 'nope', amount: 1 }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(MockControlError);
      });
    });
  });
}
