import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClock } from '../../kernel/clock.js';
import {
  consumeCoupon,
  createCoupons,
  createStoredValueCard,
  expire,
  listCouponChanges,
  listCouponRecords,
  listCoupons,
  listIssuedCoupons,
  listStoredValueCards,
  reclaimCoupon,
  reclaimCustomerCoupons,
} from './index.js';
import { createCustomer } from '../customers/index.js';
import { checkInvariants } from '../invariants.js';
import { grantQuota, issueQuotas, quotaStatus, setQuotaStatus, type Quota } from '../quotas/index.js';
import type { Partner, Settings } from '../../kernel/parties.js';
import { createWorld, demoPartners, type World } from '../world.js';

const T0 = Date.UTC(2024, 0, 1);
const DAY = 24 * 3_600_000;

function setup(settings: Partial<Settings> = {}) {
  const partners = demoPartners();
  const world = createWorld(partners, settings, createClock({ start: T0, frozen: true }));
  const byRole = (role: Partner['role']) => partners.find((p) => p.role === role && p.site === 'cn')!;
  return { world, sp: byRole('solution_provider'), dist: byRole('distributor'), res: byRole('reseller') };
}

let n = 0;
function customerOf(
  world: World,
  caller: Partner,
  opts: { referral?: boolean; indirect?: string; pending?: boolean } = {},
): string {
  const r = createCustomer(world, caller, {
    xaccount_id: `c-${n++}`,
    xaccount_type: 't',
    include_association_result: !opts.pending,
    ...(opts.referral ? { cooperation_type: '1' } : {}),
    ...(opts.indirect ? { indirect_partner_id: opts.indirect } : {}),
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.domain_id!;
}

function grant(world: World, partner: Partner, extra: Partial<Parameters<typeof grantQuota>[1]> = {}): Quota {
  const r = grantQuota(world, { partner_id: partner.id, quota_value: 1000, ...extra });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

const snapshot = (world: World) => structuredClone({ benefits: world.benefits, seq: world.seq });

/** Issues one coupon and returns its id. */
function issue(
  world: World,
  caller: Partner,
  quota: Quota,
  customer: string,
  face: number,
  extra: Record<string, unknown> = {},
): string {
  const r = ok(
    createCoupons(world, caller, { quota_id: quota.id, customer_ids: [customer], face_value: face, ...extra }),
  );
  if (r.error_details!.length) throw new Error(JSON.stringify(r.error_details));
  return r.coupon_infos![0]!.coupon_id;
}

describe('partner coupons: issue (F1)', () => {
  it('issues vouchers from a voucher quota and cash coupons from a cash quota, drawing the quota down', () => {
    const { world, sp } = setup();
    const a = customerOf(world, sp);
    const b = customerOf(world, sp);
    const vq = grant(world, sp, {
      quota_value: 100,
      limit_infos: [
        {
          limit_key: 'cloudServiceType',
          limit_values: [{ value1: 'hws.service.type.ecs' }, { value1: 'hws.service.type.evs' }],
        },
      ],
    });
    const cq = grant(world, sp, { quota_value: 50, quota_type: 1 });
    const r = ok(
      createCoupons(world, sp, { quota_id: vq.id, customer_ids: [a, b], face_value: '12.34', memo: 'welcome' }),
    );
    expect(r.error_details).toEqual([]);
    expect(r.coupon_infos!.map((i) => i.id)).toEqual([a, b]);
    expect(vq.balance).toBe(10000 - 2 * 1234);
    const coupon = world.benefits.coupons.get(r.coupon_infos![0]!.coupon_id)!;
    expect(coupon).toMatchObject({
      type: 1,
      status: 2,
      faceValue: 1234,
      balance: 1234,
      validAt: vq.effectiveAt,
      expiresAt: vq.expiresAt,
      issuerId: sp.id,
      activatedAt: T0,
    });
    expect(coupon.id).toMatch(/^CP240101000000[0-9A-F]{8}$/);
    expect(coupon.limits.map((l) => [l.key, l.value1])).toEqual([
      ['cloudServiceType', 'hws.service.type.ecs'],
      ['cloudServiceType', 'hws.service.type.evs'],
    ]);
    const cash = issue(world, sp, cq, a, 5, {
      cloud_service_types: ['hws.service.type.obs'],
      product_ids: ['p1', 'p2'],
    });
    expect(world.benefits.coupons.get(cash)).toMatchObject({ type: 4, faceValue: 500 });
    expect(world.benefits.coupons.get(cash)!.limits.map((l) => [l.key, l.value1])).toEqual([
      ['cloudServiceType', 'hws.service.type.obs'],
      ['productId', 'p1,p2'],
    ]);
    const records = ok(listCouponRecords(world, sp, { offset: 0, limit: 10 }));
    expect(records.total_count).toBe(3);
    expect(records.records!.filter((x) => x.quota_type === 0)).toEqual([
      expect.objectContaining({
        operation_type: '1',
        operation_amount: 12.34,
        remark: 'welcome',
        result: '0',
        customer_id: b,
      }),
      expect.objectContaining({ operation_type: '1', operation_amount: 12.34, remark: 'welcome', customer_id: a }),
    ]);
    expect(checkInvariants(world)).toEqual([]);
  });

  it('answers per customer: not a sub-customer, referral, pending association, insufficient balance', () => {
    const { world, sp, res } = setup();
    const good = customerOf(world, sp);
    const referral = customerOf(world, sp, { referral: true });
    const pending = customerOf(world, sp, { pending: true });
    const foreign = customerOf(world, res);
    const q = grant(world, sp, { quota_value: 25 });
    const r = ok(
      createCoupons(world, sp, {
        quota_id: q.id,
        customer_ids: [foreign, referral, good, pending, 'nobody', good, good],
        face_value: 10,
      }),
    );
    expect(r.error_details!.map((e) => [e.id, e.error_code])).toEqual([
      [foreign, 'CBC.99000035'],
      [referral, 'CBC.99000014'],
      [pending, 'CBC.99000035'],
      ['nobody', 'CBC.99000035'],
      [good, 'CBC.99000013'],
    ]);
    expect(r.coupon_infos!.map((i) => i.id)).toEqual([good, good]);
    expect(q.balance).toBe(500);
    expect(checkInvariants(world)).toEqual([]);
  });

  it('refuses the whole call for quota, window, limit and designated-customer problems, changing nothing', () => {
    const { world, sp, res } = setup();
    const c = customerOf(world, sp);
    const other = customerOf(world, sp);
    const resQuota = grant(world, res);
    const frozen = grant(world, sp, { quota_status: 5 });
    const future = grant(world, sp, { effective_time: '2024-02-01T00:00:00Z', expire_time: '2024-03-01T00:00:00Z' });
    const limited = grant(world, sp, {
      limit_infos: [
        { limit_key: 'cloudServiceType', limit_values: [{ value1: 'hws.service.type.ecs' }] },
        { limit_key: 'productId', limit_values: [{ value1: 'p1, p2' }] },
      ],
    });
    const bound = grant(world, sp, { designated_customer_ids: [c] });
    const q = grant(world, sp, { expire_time: '2024-06-01T00:00:00Z' });
    const before = snapshot(world);
    const call = (quota: string, extra: Record<string, unknown> = {}, caller = sp) =>
      createCoupons(world, caller, { quota_id: quota, customer_ids: [c], face_value: 1, ...extra });
    const cases: [ReturnType<typeof call>, string][] = [
      [call('nope'), 'CBC.99000012'],
      [call(resQuota.id), 'CBC.99000012'],
      [call(frozen.id), 'CBC.99000012'],
      [call(future.id), 'CBC.99000017'],
      [call(limited.id, { cloud_service_types: ['hws.service.type.obs'] }), 'CBC.99000023'],
      [call(limited.id, { product_ids: ['p3'] }), 'CBC.99000023'],
      [call(bound.id, { customer_ids: [c, other] }), 'CBC.50000020'],
      [call(q.id, { valid_time: '2024-03-01T00:00:00Z', expire_time: '2024-03-01T00:00:00Z' }), 'CBC.0100'],
      [call(q.id, { expire_time: '2024-07-01T00:00:00Z' }), 'CBC.0100'],
      [call(q.id, { valid_time: '2023-12-01T00:00:00Z' }), 'CBC.0100'],
      [call(q.id, { indirect_partner_id: res.id }), 'CBC.99000037'],
    ];
    for (const [r, code] of cases) expect(r).toMatchObject({ ok: false, error: { code } });
    expect(snapshot(world)).toEqual(before);
    // Within the limits, and to the designated customer, it works.
    expect(
      ok(call(limited.id, { cloud_service_types: ['hws.service.type.ecs'], product_ids: ['p2'] })).coupon_infos,
    ).toHaveLength(1);
    expect(ok(call(bound.id)).coupon_infos).toHaveLength(1);
  });

  it('lets a distributor issue from its reseller child quota to the reseller customers, the memo visible to it alone', () => {
    const { world, dist, res } = setup();
    const cust = customerOf(world, dist, { indirect: res.id });
    const parent = grant(world, dist);
    const child = ok(
      issueQuotas(world, dist, { quota_id: parent.id, indirect_partner_ids: [res.id], quota_amount: 100 }),
    ).simple_quota_infos![0]!.quota_id;
    ok(
      createCoupons(world, dist, {
        quota_id: child,
        customer_ids: [cust],
        face_value: 30,
        memo: 'from the distributor',
        indirect_partner_id: res.id,
      }),
    );
    ok(createCoupons(world, res, { quota_id: child, customer_ids: [cust], face_value: 20, memo: '' }));
    expect(world.benefits.quotas.get(child)!.balance).toBe(5000);
    const asDist = ok(listCouponRecords(world, dist, { indirect_partner_id: res.id, offset: 0, limit: 10 })).records;
    const asRes = ok(listCouponRecords(world, res, { offset: 0, limit: 10 })).records;
    expect(asDist!.map((r) => r.remark)).toEqual([undefined, 'from the distributor']);
    expect(asRes!.map((r) => r.remark)).toEqual(['', undefined]);
    expect(ok(listIssuedCoupons(world, dist, { indirect_partner_id: res.id })).total_count).toBe(2);
    expect(ok(listIssuedCoupons(world, dist, {})).total_count).toBe(0);
  });
});

describe('partner coupons: lifecycle on the virtual clock', () => {
  it('activates a coupon at its valid_time and expires it at its expiry, with records stamped at those instants', () => {
    const { world, sp } = setup();
    const c = customerOf(world, sp);
    const q = grant(world, sp, { quota_value: 100, expire_time: '2024-12-31T00:00:00Z' });
    const id = issue(world, sp, q, c, 40, { valid_time: '2024-02-01T00:00:00Z', expire_time: '2024-03-01T00:00:00Z' });
    const coupon = world.benefits.coupons.get(id)!;
    expect(coupon.status).toBe(1);
    expect(reclaimCoupon(world, sp, { coupon_id: id })).toMatchObject({ ok: false, error: { code: 'CBC.99000048' } });

    world.clock.advance(45 * DAY);
    expire(world);
    expect(coupon).toMatchObject({ status: 2, activatedAt: Date.UTC(2024, 1, 1) });
    world.clock.advance(60 * DAY);
    const issued = ok(listIssuedCoupons(world, sp, {})).user_coupons![0]!;
    expect(issued).toMatchObject({
      status: 4,
      balance: 0,
      face_value: 40,
      active_time: '2024-02-01T00:00:00Z',
      expire_time: '2024-03-01T00:00:00Z',
    });
    const recs = ok(listCouponRecords(world, sp, { operation_types: ['4'] })).records;
    expect(recs).toEqual([
      expect.objectContaining({ operation_type: '4', operation_amount: 40, operation_time: '2024-03-01T00:00:00Z' }),
    ]);
    // Expiry does not give the value back to the quota.
    expect(q.balance).toBe(6000);
    expect(reclaimCoupon(world, sp, { coupon_id: id })).toMatchObject({ ok: false, error: { code: 'CBC.99000048' } });

    const ledger = ok(
      listCouponChanges(world, world.customers.get(c)!, { balance_type: 'BALANCE_TYPE_COUPON' }),
    ).records;
    expect(
      ledger!.map((e) => [
        e.trade_detail_type,
        e.revenue_expense_type,
        e.change_amount,
        e.balance_after_change,
        e.trade_time,
      ]),
    ).toEqual([
      ['SOURCE_OPERAIION_EXPIRECLEAR', 'EXPENSE', '40.00', '0.00', '2024-03-01T00:00:00Z'],
      ['SOURCE_OPERAIION_PRIZE', 'REVENUE', '40.00', '40.00', '2024-02-01T00:00:00Z'],
    ]);
    world.clock.advance(365 * DAY);
    expect(quotaStatus(q, world.clock.now())).toBe(3);
    expect(checkInvariants(world)).toEqual([]);
  });

  it('expires a coupon that was never activated straight away, once both instants passed', () => {
    const { world, sp } = setup();
    const c = customerOf(world, sp);
    const q = grant(world, sp);
    const id = issue(world, sp, q, c, 10, { valid_time: '2024-01-10T00:00:00Z', expire_time: '2024-01-20T00:00:00Z' });
    world.clock.advance(30 * DAY);
    expire(world);
    expect(world.benefits.coupons.get(id)).toMatchObject({ status: 4, balance: 0, activatedAt: Date.UTC(2024, 0, 10) });
    expect(world.benefits.ledger.map((e) => e.tradeType)).toEqual(['ADJUST', 'EXPIRED']);
    expect(checkInvariants(world)).toEqual([]);
  });
});

describe('partner coupons: reclaim (F3)', () => {
  it('takes the whole remaining balance back to the quota and keeps the coupon listed as reclaimed', () => {
    const { world, sp } = setup();
    const c = customerOf(world, sp);
    const q = grant(world, sp, { quota_value: 100 });
    const id = issue(world, sp, q, c, 40);
    ok(consumeCoupon(world, { coupon_id: id, amount: 15.5, order_id: 'CS0001' }));
    world.clock.advance(1000);
    expect(reclaimCoupon(world, sp, { coupon_id: id })).toEqual({ ok: true, value: undefined });
    expect(q.balance).toBe(6000 + 2450);
    const listed = ok(listIssuedCoupons(world, sp, { status: 5 })).user_coupons;
    expect(listed).toEqual([
      expect.objectContaining({
        coupon_id: id,
        status: 5,
        balance: 0,
        order_id: 'CS0001',
        last_used_time: '2024-01-01T00:00:00Z',
      }),
    ]);
    const rec = ok(listCouponRecords(world, sp, { operation_types: ['2'] })).records;
    expect(rec).toEqual([
      expect.objectContaining({
        operation_type: '2',
        operation_amount: 24.5,
        coupon_id: id,
        operation_time: '2024-01-01T00:00:01Z',
      }),
    ]);
    expect(rec![0]).not.toHaveProperty('remark');
    expect(reclaimCoupon(world, sp, { coupon_id: id })).toMatchObject({ ok: false, error: { code: 'CBC.99000048' } });
    expect(checkInvariants(world)).toEqual([]);
  });

  it('leaves the quota alone when the return-to-quota setting is off', () => {
    const { world, sp } = setup({ couponReclaimReturnsToQuota: false });
    const c = customerOf(world, sp);
    const q = grant(world, sp, { quota_value: 100 });
    ok(reclaimCoupon(world, sp, { coupon_id: issue(world, sp, q, c, 40) }));
    expect(q.balance).toBe(6000);
    expect(checkInvariants(world)).toEqual([]);
  });

  it('refuses used-up, foreign, referral and unknown coupons with their codes, changing nothing', () => {
    const { world, sp, dist, res } = setup();
    const c = customerOf(world, sp);
    const q = grant(world, sp);
    const used = issue(world, sp, q, c, 10);
    ok(consumeCoupon(world, { coupon_id: used, amount: 10 }));
    expect(world.benefits.coupons.get(used)!.status).toBe(3);
    const switched = customerOf(world, sp);
    const later = issue(world, sp, q, switched, 10);
    world.customers.get(switched)!.associationType = '1';
    const mine = issue(world, sp, q, c, 10);
    const before = snapshot(world);
    expect(reclaimCoupon(world, sp, { coupon_id: used })).toMatchObject({ ok: false, error: { code: 'CBC.99000048' } });
    expect(reclaimCoupon(world, sp, { coupon_id: later })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99000045' },
    });
    expect(reclaimCoupon(world, res, { coupon_id: mine })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99000035' },
    });
    expect(reclaimCoupon(world, sp, { coupon_id: 'CPNOPE' })).toMatchObject({ ok: false, error: { code: 'CBC.0100' } });
    expect(reclaimCoupon(world, sp, { coupon_id: mine, indirect_partner_id: res.id })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99000037' },
    });
    expect(reclaimCoupon(world, dist, { coupon_id: mine, indirect_partner_id: res.id })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99000035' },
    });
    expect(snapshot(world)).toEqual(before);
  });

  it('reclaims every coupon of a customer that still holds value with record type 3 or 8, for the association work', () => {
    const { world, sp } = setup();
    const c = customerOf(world, sp);
    const keep = customerOf(world, sp);
    const q = grant(world, sp, { quota_value: 100 });
    const available = issue(world, sp, q, c, 10);
    const future = issue(world, sp, q, c, 20, { valid_time: '2024-06-01T00:00:00Z' });
    const spent = issue(world, sp, q, c, 5);
    ok(consumeCoupon(world, { coupon_id: spent, amount: 5 }));
    const other = issue(world, sp, q, keep, 7);
    world.clock.advance(DAY);

    const taken = reclaimCustomerCoupons(world, c, '3');
    expect(taken).toEqual([
      { coupon_id: available, amount: 1000 },
      { coupon_id: future, amount: 2000 },
    ]);
    expect(world.benefits.coupons.get(future)!.status).toBe(5);
    expect(world.benefits.coupons.get(spent)!.status).toBe(3);
    expect(world.benefits.coupons.get(other)!.status).toBe(2);
    expect(q.balance).toBe(10000 - 500 - 700);
    expect(
      ok(listCouponRecords(world, sp, { operation_types: ['3'] })).records!.map((r) => [
        r.coupon_id,
        r.operation_amount,
        r.operation_time,
      ]),
    ).toEqual([
      [future, 20, '2024-01-02T00:00:00Z'],
      [available, 10, '2024-01-02T00:00:00Z'],
    ]);
    // The never-activated coupon never reached the customer's coupon account, so only one reclaim shows there.
    const changes = ok(
      listCouponChanges(world, world.customers.get(c)!, {
        balance_type: 'BALANCE_TYPE_COUPON',
        trade_type: 'COUPONCANCEL',
      }),
    ).records;
    expect(changes!.map((e) => [e.coupon_id, e.change_amount])).toEqual([[available, '10.00']]);
    expect(reclaimCustomerCoupons(world, keep, '8')).toEqual([{ coupon_id: other, amount: 700 }]);
    expect(ok(listCouponRecords(world, sp, { operation_types: ['8'] })).total_count).toBe(1);
    expect(reclaimCustomerCoupons(world, keep, '8')).toEqual([]);
    expect(checkInvariants(world)).toEqual([]);
  });
});

describe('partner coupons: reads', () => {
  it('filters issued coupons as documented and hides those expired over two years ago', () => {
    const { world, sp } = setup();
    const a = customerOf(world, sp);
    const b = customerOf(world, sp);
    const vq = grant(world, sp);
    const cq = grant(world, sp, { quota_type: 1 });
    const short = issue(world, sp, vq, a, 1, {
      valid_time: '2024-01-01T12:00:00Z',
      expire_time: '2024-01-05T00:00:00Z',
    });
    world.clock.advance(DAY);
    const cash = issue(world, sp, cq, b, 2);
    ok(consumeCoupon(world, { coupon_id: cash, amount: 1, order_id: 'ORD-1' }));
    const list = (q: Parameters<typeof listIssuedCoupons>[2]) =>
      ok(listIssuedCoupons(world, sp, q)).user_coupons!.map((c) => c.coupon_id);
    expect(list({})).toEqual([cash, short]);
    expect(list({ coupon_type: 4 })).toEqual([cash]);
    expect(list({ customer_id: a })).toEqual([short]);
    expect(list({ coupon_id: cash })).toEqual([cash]);
    expect(list({ order_id: 'ORD-1' })).toEqual([cash]);
    expect(list({ create_time_begin: '2024-01-02T00:00:00Z' })).toEqual([cash]);
    expect(list({ expire_time_end: '2024-01-05T00:00:00Z' })).toEqual([short]);
    expect(list({ effective_time_begin: '2024-01-01T06:00:00Z' })).toEqual([short]);
    expect(list({ status: 2 })).toEqual([cash, short]);
    expect(list({ status: 1 })).toEqual([]);
    expect(list({ offset: 1, limit: 1 })).toEqual([short]);
    // 800 days on: the short coupon expired over two years ago, the cash coupon (expired with its quota on
    // 2024-12-31) did not.
    world.clock.advance(800 * DAY);
    expect(list({})).toEqual([cash]);
    expect(ok(listIssuedCoupons(world, sp, { status: 4 })).total_count).toBe(1);
    world.clock.advance(400 * DAY);
    expect(ok(listIssuedCoupons(world, sp, {})).total_count).toBe(0);
  });

  it('filters records by types, coupons, quota, customer, time and result, with the empty-list conventions', () => {
    const { world, sp } = setup();
    const a = customerOf(world, sp);
    const vq = grant(world, sp);
    const cq = grant(world, sp, { quota_type: 1 });
    const x = issue(world, sp, vq, a, 1);
    world.clock.advance(DAY);
    const y = issue(world, sp, cq, a, 2);
    ok(reclaimCoupon(world, sp, { coupon_id: x }));
    const ids = (q: Parameters<typeof listCouponRecords>[2]) =>
      ok(listCouponRecords(world, sp, q)).records!.map((r) => `${r.operation_type}:${r.coupon_id === x ? 'x' : 'y'}`);
    expect(ids({})).toEqual(['2:x', '1:y', '1:x']);
    expect(ids({ operation_types: ['1'] })).toEqual(['1:y', '1:x']);
    expect(ids({ operation_types: [''] })).toEqual([]);
    expect(ids({ coupon_ids: [y] })).toEqual(['1:y']);
    expect(ids({ coupon_ids: [''] })).toEqual([]);
    expect(ids({ quota_id: vq.id })).toEqual(['2:x', '1:x']);
    expect(ids({ quota_id: '' })).toEqual([]);
    expect(ids({ quota_type: 1 })).toEqual(['1:y']);
    expect(ids({ customer_id: a })).toHaveLength(3);
    expect(ids({ operation_time_end: '2024-01-01T00:00:00Z' })).toEqual(['1:x']);
    expect(ids({ result: '0' })).toHaveLength(3);
    expect(ids({ result: '-1' })).toEqual([]);
    expect(ids({ result: 'other' })).toHaveLength(3);
    expect(ids({ offset: 2, limit: 5 })).toEqual(['1:x']);
  });

  it('shows a customer its coupons, its coupon ledger by GMT+8 day, and its stored-value cards', () => {
    const { world, sp } = setup();
    const a = customerOf(world, sp);
    const customer = world.customers.get(a)!;
    const q = grant(world, sp);
    world.clock.set(Date.UTC(2024, 0, 1, 18, 0, 0), true); // 02:00 on Jan 2nd in GMT+8
    const first = issue(world, sp, q, a, 30);
    ok(consumeCoupon(world, { coupon_id: first, amount: 10, order_id: 'ORD-9' }));
    const second = issue(world, sp, q, a, 5, { valid_time: '2024-03-01T00:00:00Z' });

    const mine = ok(listCoupons(world, sp, customer, {}));
    expect(mine.count).toBe(2);
    expect(mine.user_coupons!.find((c) => c.coupon_id === first)).toMatchObject({
      status: 2,
      balance: 20,
      face_value: 30,
      coupon_version: 2,
      currency: 'CNY',
      source_id: sp.id,
      order_id: 'ORD-9',
      reserve_time: '2024-01-01T18:00:00Z',
    });
    expect(ok(listCoupons(world, sp, customer, { status: 1 })).user_coupons!.map((c) => c.coupon_id)).toEqual([second]);
    expect(ok(listCoupons(world, sp, customer, { source_id: 'someone' })).count).toBe(0);
    expect(ok(listCoupons(world, sp, customer, { promotion_plan_id: '' })).count).toBe(0);
    expect(
      ok(listCoupons(world, sp, customer, { active_start_time: '2024-01-01T18:00:00Z' })).user_coupons!.map(
        (c) => c.coupon_id,
      ),
    ).toEqual([first]);
    expect(ok(listCoupons(world, sp, undefined, {})).count).toBe(0);

    const changes = (q: Partial<Parameters<typeof listCouponChanges>[2]>) =>
      ok(listCouponChanges(world, customer, { balance_type: 'BALANCE_TYPE_COUPON', ...q }));
    const all = changes({});
    expect(
      all.records!.map((e) => [e.trade_detail_type, e.change_amount, e.balance_after_change, e.bill_cycle]),
    ).toEqual([
      ['SOURCE_OPERAIION_DEDEUCT', '10.00', '20.00', '2024-01'],
      ['SOURCE_OPERAIION_PRIZE', '30.00', '30.00', '2024-01'],
    ]);
    expect(all.records![0]).toMatchObject({
      trade_id: 'ORD-9',
      account_name: customer.accountName,
      revenue_expense_type: 'EXPENSE',
    });
    expect(changes({ trade_time_begin: '2024-01-02' }).total_count).toBe(2);
    expect(changes({ trade_time_end: '2024-01-01' }).total_count).toBe(0);
    expect(changes({ revenue_expense_type: 'REVENUE' }).total_count).toBe(1);
    expect(changes({ trade_id: 'ORD-9' }).total_count).toBe(1);
    expect(changes({ coupon_id: second }).total_count).toBe(0);
    world.clock.advance(400 * DAY);
    // Default range: the same day a year ago through today (2024-02-05 to 2025-02-05, GMT+8): the second coupon's
    // activation on March 1st and both expiries with the quota on December 31st.
    expect(changes({}).records!.map((e) => [e.trade_detail_type, e.trade_time])).toEqual([
      ['SOURCE_OPERAIION_EXPIRECLEAR', '2024-12-31T00:00:00Z'],
      ['SOURCE_OPERAIION_EXPIRECLEAR', '2024-12-31T00:00:00Z'],
      ['SOURCE_OPERAIION_PRIZE', '2024-03-01T00:00:00Z'],
    ]);

    ok(createStoredValueCard(world, { customer_id: a, face_value: 100, card_name: 'Gift' }));
    ok(createStoredValueCard(world, { customer_id: a, face_value: 50, balance: 0 }));
    expect(createStoredValueCard(world, { customer_id: a, face_value: 50, balance: 60 })).toMatchObject({
      ok: false,
      error: { code: 'CBC.0100' },
    });
    const usable = ok(listStoredValueCards(world, customer, { status: 1 }));
    expect(usable).toMatchObject({
      total_count: 1,
      stored_value_cards: [{ card_name: 'Gift', status: 1, face_value: '100.00', balance: '100.00' }],
    });
    expect(ok(listStoredValueCards(world, customer, { status: 2 })).stored_value_cards![0]).toMatchObject({
      status: 2,
      balance: '0.00',
    });
    expect(ok(listStoredValueCards(world, customer, { status: 1, card_id: 'nope' })).total_count).toBe(0);
  });

  it('stops listing a customer its closed coupons a year after they closed', () => {
    const { world, sp } = setup();
    const a = customerOf(world, sp);
    const q = grant(world, sp);
    const id = issue(world, sp, q, a, 3);
    ok(reclaimCoupon(world, sp, { coupon_id: id }));
    const customer = world.customers.get(a)!;
    expect(ok(listCoupons(world, sp, customer, { status: 5 })).count).toBe(1);
    world.clock.advance(366 * DAY);
    expect(ok(listCoupons(world, sp, customer, { status: 5 })).count).toBe(0);
  });
});

describe('partner coupons: invariants under random operations (property)', () => {
  it('never lets a quota or coupon go negative, a coupon exceed its face value, or value appear or vanish unrecorded', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('issue' as const),
        cents: fc.integer({ min: 1, max: 30_000 }),
        who: fc.array(fc.nat(3), { minLength: 1, maxLength: 3 }),
        later: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant('consume' as const),
        pick: fc.nat(50),
        cents: fc.integer({ min: 1, max: 30_000 }),
      }),
      fc.record({ kind: fc.constant('reclaim' as const), pick: fc.nat(50) }),
      fc.record({ kind: fc.constant('auto' as const), who: fc.nat(3) }),
      fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(0 as const, 4 as const, 5 as const) }),
      fc.record({ kind: fc.constant('time' as const), days: fc.integer({ min: 1, max: 120 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.boolean(), (ops, returns) => {
        const { world, sp } = setup({ couponReclaimReturnsToQuota: returns });
        const customers = [customerOf(world, sp), customerOf(world, sp), customerOf(world, sp), customerOf(world, sp)];
        const q = grant(world, sp, { quota_value: 1000, expire_time: '2024-10-01T00:00:00Z' });
        const coupons = () => [...world.benefits.coupons.values()];
        for (const o of ops) {
          if (o.kind === 'issue') {
            const valid = o.later
              ? { valid_time: new Date(world.clock.now() + 5 * DAY).toISOString().replace(/\.\d+Z$/, 'Z') }
              : {};
            createCoupons(world, sp, {
              quota_id: q.id,
              customer_ids: o.who.map((i) => customers[i]!),
              face_value: o.cents / 100,
              ...valid,
            });
          } else if (o.kind === 'consume' && coupons().length) {
            consumeCoupon(world, { coupon_id: coupons()[o.pick % coupons().length]!.id, amount: o.cents / 100 });
          } else if (o.kind === 'reclaim' && coupons().length) {
            reclaimCoupon(world, sp, { coupon_id: coupons()[o.pick % coupons().length]!.id });
          } else if (o.kind === 'auto') {
            reclaimCustomerCoupons(world, customers[o.who]!, '3');
          } else if (o.kind === 'status') {
            setQuotaStatus(world, { quota_id: q.id, quota_status: o.status });
          } else if (o.kind === 'time') {
            world.clock.advance(o.days * DAY);
          }
          expire(world);
          expect(checkInvariants(world)).toEqual([]);
          // Conservation: quota balance + coupon balances + consumed + expired (+ reclaimed, when not returned) = the grant.
          const consumed = world.benefits.ledger
            .filter((e) => e.tradeType === 'DEDEUCT')
            .reduce((s, e) => s + e.amount, 0);
          const gone = world.benefits.couponRecords
            .filter((r) => r.type !== '1' && !r.returnedToQuota)
            .reduce((s, r) => s + r.amount, 0);
          const held = coupons().reduce((s, c) => s + c.balance, 0);
          expect(q.balance + held + consumed + gone).toBe(100_000);
        }
      }),
      { numRuns: 120 },
    );
  });
});
