/**
 * Console-only capabilities at the domain level: the verification-code gate, the partner profile, batch allocation
 * and batch coupon reclaim, recharge, rebate withdrawal, pickup coupons, the full-withdrawal rule and the China-site
 * freeze — happy paths, refusals that change nothing, and the invariants after each.
 */
import { serialize } from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClock } from '../kernel/clock.js';
import { checkGate, CONSOLE_CODE_SCENE, sendConsoleCode, setVerification } from './codes/index.js';
import { consoleFreeze } from './freeze/index.js';
import {
  batchAllocate,
  confirmRemittance,
  listRecharges,
  recharge,
  setRebate,
  showRebates,
  withdrawRebate,
} from './funds/index.js';
import {
  batchReclaimCoupons,
  consumeCoupon,
  consumePickupCoupon,
  createCoupons,
  fullWithdrawal,
  grantPickupQuota,
  issuePickupCoupons,
  listPickupCoupons,
  listIssuedCoupons,
  listPickupQuotas,
  reclaimPickupCoupons,
} from './coupons/index.js';
import { setProfile, showProfile } from './profile/index.js';
import { createCustomer, listCustomers } from './customers/index.js';
import type { Result } from '../kernel/result.js';
import { listAdjustRecords, listPartnerLedger, peekAccounts } from './funds/index.js';
import { checkInvariants } from './invariants.js';
import { grantQuota } from './quotas/index.js';
import type { Partner } from '../kernel/parties.js';
import { createWorld, demoPartners, type World } from './world.js';

const START = Date.UTC(2024, 0, 1);

function setup() {
  const world = createWorld(demoPartners(), {}, createClock({ start: START, frozen: true }));
  const by = (role: Partner['role'], site: Partner['site'] = 'cn') =>
    [...world.partners.values()].find((p) => p.role === role && p.site === site)!;
  return {
    world,
    sp: by('solution_provider'),
    dist: by('distributor'),
    res: by('reseller'),
    intl: by('solution_provider', 'intl'),
  };
}

let n = 0;
function customer(world: World, caller: Partner, extra: Record<string, unknown> = {}): string {
  const body = caller.site === 'intl' ? { domain_area: 'MX' } : {};
  return value(
    createCustomer(world, caller, {
      xaccount_id: `x-${n++}`,
      xaccount_type: 'acme_IDP',
      include_association_result: true,
      ...body,
      ...extra,
    } as never),
  ).domain_id!;
}

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

function refused(r: Result<unknown>): string {
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.value)}`);
  return r.error.code;
}

const snapshot = (world: World) => {
  const { clock: _c, random: _r, ...rest } = world;
  return serialize(rest);
};

const latestCode = (world: World, receiver: string) =>
  world.codes.findLast((c) => c.receiver === receiver && c.scene === CONSOLE_CODE_SCENE)!;

describe('the verification-code gate', () => {
  it('is off by default; once on, an action needs a fresh code from the operator mobile, used once', () => {
    const { world, sp } = setup();
    expect(value(checkGate(world, sp, undefined))).toEqual({});
    const setting = value(setVerification(world, { partner_id: sp.id, enabled: true, mobile_phone: '13800001111' }));
    expect(setting).toMatchObject({
      enabled: true,
      mobile_phone: '13800001111',
      gated_actions: expect.arrayContaining(['BatchAllocate', 'WithdrawRebate', 'DecideAssociationAsPartner']),
    });
    expect(refused(checkGate(world, sp, undefined))).toBe('CONSOLE.VERIFICATION_REQUIRED');
    expect(refused(checkGate(world, sp, '123456'))).toBe('CBC.99004010');
    const sent = value(sendConsoleCode(world, { partner_id: sp.id }));
    expect(sent).toEqual({ receiver: '13800001111', expires_at: '2024-01-01T00:10:00.000Z' });
    const code = latestCode(world, sent.receiver);
    const pass = value(checkGate(world, sp, code.code));
    expect(pass.code).toBe(code);
    expect(value(showProfile(world, { partner_id: sp.id })).verification_enabled).toBe(true);
  });

  it('burns a code after three wrong tries, expires it after 10 minutes, and supersedes it with a newer one', () => {
    const { world, sp } = setup();
    value(setVerification(world, { partner_id: sp.id, enabled: true }));
    const receiver = value(sendConsoleCode(world, { partner_id: sp.id })).receiver;
    expect(receiver).toMatch(/^139\d{8}$/);
    const first = latestCode(world, receiver);
    const wrong = first.code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i++) expect(refused(checkGate(world, sp, wrong))).toBe('CBC.99004010');
    expect(refused(checkGate(world, sp, first.code))).toBe('CBC.99004009');
    value(sendConsoleCode(world, { partner_id: sp.id }));
    const second = latestCode(world, receiver);
    world.clock.advance(10 * 60_000 + 1);
    expect(refused(checkGate(world, sp, second.code))).toBe('CBC.99004008');
    value(sendConsoleCode(world, { partner_id: sp.id }));
    const third = latestCode(world, receiver);
    value(sendConsoleCode(world, { partner_id: sp.id }));
    expect(third.state).toBe('superseded');
    expect(refused(checkGate(world, sp, third.code))).toBe('CBC.99004010');
  });

  it('shares the send caps of the mobile (15 per hour), and a refused send sends nothing', () => {
    const { world, sp } = setup();
    for (let i = 0; i < 15; i++) value(sendConsoleCode(world, { partner_id: sp.id }));
    const count = world.codes.length;
    expect(refused(sendConsoleCode(world, { partner_id: sp.id }))).toBe('CBC.99004015');
    expect(world.codes.length).toBe(count);
    expect(refused(sendConsoleCode(world, { partner_id: 'nobody' }))).toBe('CBC.0100');
  });
});

describe('batch allocation', () => {
  it('allocates to each customer on its own: failures change nothing for that customer, successes are real allocations', () => {
    const { world, sp, res, intl } = setup();
    const a = customer(world, sp);
    const b = customer(world, sp);
    const referral = customer(world, sp, { cooperation_type: '1' });
    const foreign = customer(world, res);
    const result = value(
      batchAllocate(world, {
        partner_id: sp.id,
        allocations: [
          { customer_id: a, amount: 100 },
          { customer_id: referral, amount: 5 },
          { customer_id: b, amount: '20.50' },
          { customer_id: foreign, amount: 5 },
          { customer_id: a, amount: 200_000 },
        ],
      }),
    );
    expect(result.success_count).toBe(2);
    expect(result.failure_count).toBe(3);
    expect(result.results.map((r) => r.error_code ?? 'ok')).toEqual([
      'ok',
      'CBC.5021',
      'ok',
      'CBC.99000035',
      'CBC.99005003',
    ]);
    expect(result.results[2]).toMatchObject({
      customer_id: b,
      amount: 20.5,
      transfer_id: expect.stringMatching(/^AD/),
    });
    expect(world.funds.allocations.get(a)!.balance).toBe(100_00);
    expect(world.funds.allocations.get(b)!.balance).toBe(20_50);
    expect(world.funds.allocations.has(referral)).toBe(false);
    expect(value(listAdjustRecords(world, sp, { operation_type: 'SOURCE_OPERATION_BEADJUST' })).total_count).toBe(2);
    expect(checkInvariants(world)).toEqual([]);
    // Whole-call refusals.
    const before = snapshot(world);
    expect(refused(batchAllocate(world, { partner_id: intl.id, allocations: [{ customer_id: a, amount: 1 }] }))).toBe(
      'CONSOLE.SITE_NOT_SUPPORTED',
    );
    expect(
      refused(
        batchAllocate(world, {
          partner_id: sp.id,
          indirect_partner_id: res.id,
          allocations: [{ customer_id: a, amount: 1 }],
        }),
      ),
    ).toBe('CBC.99000037');
    value(setVerification(world, { partner_id: sp.id, enabled: true }));
    const gated = snapshot(world);
    expect(refused(batchAllocate(world, { partner_id: sp.id, allocations: [{ customer_id: a, amount: 1 }] }))).toBe(
      'CONSOLE.VERIFICATION_REQUIRED',
    );
    expect(snapshot(world).equals(gated)).toBe(true);
    expect(snapshot(world).equals(before)).toBe(false);
  });

  it('keeps the invariants for any batch (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ who: fc.nat(3), cents: fc.integer({ min: 1, max: 6_000_000 }) }), {
          minLength: 1,
          maxLength: 20,
        }),
        (items) => {
          const { world, sp } = setup();
          const ids = [
            customer(world, sp),
            customer(world, sp),
            customer(world, sp, { cooperation_type: '1' }),
            'not-a-customer',
          ];
          const cashBefore = peekAccounts(world, sp.id).cash;
          const r = value(
            batchAllocate(world, {
              partner_id: sp.id,
              allocations: items.map((i) => ({ customer_id: ids[i.who]!, amount: i.cents / 100 })),
            }),
          );
          expect(r.results).toHaveLength(items.length);
          const moved = items
            .filter((_, k) => r.results[k]!.transfer_id !== undefined)
            .reduce((s, i) => s + i.cents, 0);
          expect(peekAccounts(world, sp.id).cash).toBe(cashBefore - moved);
          expect(checkInvariants(world)).toEqual([]);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('batch coupon reclaim and the full-withdrawal rule', () => {
  it('reclaims each coupon on its own, as ReclaimPartnerCoupons would', () => {
    const { world, sp } = setup();
    const a = customer(world, sp);
    const b = customer(world, sp);
    const quota = value(grantQuota(world, { partner_id: sp.id, quota_value: 1000, quota_type: 1 } as never));
    const coupons = value(
      createCoupons(world, sp, { quota_id: quota.id, customer_ids: [a, b], face_value: 50 }),
    ).coupon_infos;
    const [ca, cb] = coupons!.map((c) => c.coupon_id) as [string, string];
    value(consumeCoupon(world, { coupon_id: ca, amount: 20 }));
    const r = value(batchReclaimCoupons(world, { partner_id: sp.id, coupon_ids: [ca, cb, 'CP-none'] }));
    expect(r).toEqual({
      success_count: 2,
      failure_count: 1,
      results: [
        { coupon_id: ca, reclaimed_amount: 30 },
        { coupon_id: cb, reclaimed_amount: 50 },
        { coupon_id: 'CP-none', error_code: 'CBC.0100', error_msg: expect.any(String) },
      ],
    });
    expect(world.benefits.quotas.get(quota.id)!.balance).toBe(1000_00 - 20_00);
    const again = value(batchReclaimCoupons(world, { partner_id: sp.id, coupon_ids: [ca] }));
    expect(again.results[0]!.error_code).toBe('CBC.99000048');
    expect(checkInvariants(world)).toEqual([]);
  });

  it('returns the remaining cash and pickup coupon balances to the quotas on a full withdrawal; vouchers stay', () => {
    const { world, sp } = setup();
    const id = customer(world, sp);
    const cashQuota = value(grantQuota(world, { partner_id: sp.id, quota_value: 500, quota_type: 1 } as never));
    const voucherQuota = value(grantQuota(world, { partner_id: sp.id, quota_value: 500, quota_type: 0 } as never));
    const cash = value(createCoupons(world, sp, { quota_id: cashQuota.id, customer_ids: [id], face_value: 100 }))
      .coupon_infos![0]!.coupon_id;
    const voucher = value(createCoupons(world, sp, { quota_id: voucherQuota.id, customer_ids: [id], face_value: 100 }))
      .coupon_infos![0]!.coupon_id;
    value(consumeCoupon(world, { coupon_id: cash, amount: 40 }));
    value(setProfile(world, { partner_id: sp.id, government_cloud: true }));
    const pq = value(grantPickupQuota(world, { partner_id: sp.id, quota_value: 300 }));
    const pickup = value(
      issuePickupCoupons(world, { partner_id: sp.id, quota_id: pq.quota_id, customer_ids: [id], face_value: 70 }),
    ).coupon_infos[0]!.coupon_id;
    value(consumePickupCoupon(world, { coupon_id: pickup, amount: 10 }));

    const r = value(fullWithdrawal(world, { customer_id: id }));
    expect(r).toEqual({
      customer_id: id,
      returned: [
        { coupon_id: cash, kind: 'cash_coupon', quota_id: cashQuota.id, amount: 60 },
        { coupon_id: pickup, kind: 'pickup_coupon', quota_id: pq.quota_id, amount: 60 },
      ],
      total_returned: 120,
    });
    expect(world.benefits.quotas.get(cashQuota.id)!.balance).toBe(500_00 - 40_00);
    expect(value(listPickupQuotas(world, { partner_id: sp.id })).quotas[0]).toMatchObject({
      balance: 290,
      quota_value: 300,
    });
    expect(value(listIssuedCoupons(world, sp, { coupon_id: voucher })).user_coupons![0]).toMatchObject({
      status: 2,
      balance: 100,
    });
    expect(value(listPickupCoupons(world, { partner_id: sp.id })).coupons[0]).toMatchObject({
      status: 5,
      balance: 0,
      close_reason: 'full_withdrawal',
    });
    // Nothing left to return the second time.
    expect(value(fullWithdrawal(world, { customer_id: id }))).toEqual({
      customer_id: id,
      returned: [],
      total_returned: 0,
    });
    expect(refused(fullWithdrawal(world, { customer_id: 'nobody' }))).toBe('CBC.5002');
    expect(checkInvariants(world)).toEqual([]);
  });
});

describe('pickup coupons', () => {
  it('are for government-cloud partners only', () => {
    const { world, sp } = setup();
    const before = snapshot(world);
    expect(refused(grantPickupQuota(world, { partner_id: sp.id, quota_value: 100 }))).toBe(
      'CONSOLE.NOT_GOVERNMENT_CLOUD',
    );
    expect(
      refused(issuePickupCoupons(world, { partner_id: sp.id, quota_id: 'PQ1', customer_ids: ['x'], face_value: 1 })),
    ).toBe('CONSOLE.NOT_GOVERNMENT_CLOUD');
    expect(refused(reclaimPickupCoupons(world, { partner_id: sp.id, coupon_ids: ['x'] }))).toBe(
      'CONSOLE.NOT_GOVERNMENT_CLOUD',
    );
    expect(snapshot(world).equals(before)).toBe(true);
  });

  it('are issued to reseller-model sub-customers within the quota, reclaimed whole, consumed and expired', () => {
    const { world, sp, res } = setup();
    value(setProfile(world, { partner_id: sp.id, government_cloud: true }));
    const a = customer(world, sp);
    const b = customer(world, sp);
    const referral = customer(world, sp, { cooperation_type: '1' });
    const foreign = customer(world, res);
    const pq = value(
      grantPickupQuota(world, { partner_id: sp.id, quota_value: 100, expire_time: '2024-03-01T00:00:00Z' }),
    );
    expect(pq).toMatchObject({
      balance: 100,
      status: 0,
      effective_time: '2024-01-01T00:00:00Z',
      expire_time: '2024-03-01T00:00:00Z',
    });
    const issued = value(
      issuePickupCoupons(world, {
        partner_id: sp.id,
        quota_id: pq.quota_id,
        customer_ids: [a, referral, foreign, b, a],
        face_value: 40,
      }),
    );
    expect(issued.coupon_infos.map((c) => c.id)).toEqual([a, b]);
    expect(issued.error_details.map((e) => [e.id, e.error_code])).toEqual([
      [referral, 'CBC.99000014'],
      [foreign, 'CBC.99000035'],
      [a, 'CBC.99000013'],
    ]);
    const [ka, kb] = issued.coupon_infos.map((c) => c.coupon_id) as [string, string];
    expect(value(consumePickupCoupon(world, { coupon_id: kb, amount: 40 }))).toMatchObject({
      status: 3,
      balance: 0,
      close_reason: 'used_up',
    });
    expect(refused(consumePickupCoupon(world, { coupon_id: kb, amount: 1 }))).toBe('CBC.99000048');
    expect(refused(consumePickupCoupon(world, { coupon_id: ka, amount: 41 }))).toBe('CBC.0100');
    const r = value(reclaimPickupCoupons(world, { partner_id: sp.id, coupon_ids: [ka, kb] }));
    expect(r.results).toEqual([
      { coupon_id: ka, reclaimed_amount: 40 },
      { coupon_id: kb, error_code: 'CBC.99000048', error_msg: expect.stringContaining('used up') },
    ]);
    expect(value(listPickupQuotas(world, { partner_id: sp.id })).quotas[0]!.balance).toBe(60);
    expect(value(listPickupCoupons(world, { partner_id: sp.id, status: 5 })).coupons.map((c) => c.coupon_id)).toEqual([
      ka,
    ]);
    // A coupon past its expiry reads as expired (without a state change) and cannot be reclaimed.
    const late = value(
      issuePickupCoupons(world, {
        partner_id: sp.id,
        quota_id: pq.quota_id,
        customer_ids: [a],
        face_value: 10,
        expire_time: '2024-02-01T00:00:00Z',
      }),
    ).coupon_infos[0]!.coupon_id;
    world.clock.set(Date.UTC(2024, 1, 2), true);
    const before = snapshot(world);
    expect(value(listPickupCoupons(world, { partner_id: sp.id, status: 4 })).coupons).toEqual([
      expect.objectContaining({ coupon_id: late, close_reason: 'expired', closed_at: '2024-02-01T00:00:00Z' }),
    ]);
    expect(snapshot(world).equals(before)).toBe(true);
    expect(value(reclaimPickupCoupons(world, { partner_id: sp.id, coupon_ids: [late] })).results[0]!.error_code).toBe(
      'CBC.99000048',
    );
    world.clock.set(Date.UTC(2024, 2, 1), true);
    expect(
      refused(
        issuePickupCoupons(world, { partner_id: sp.id, quota_id: pq.quota_id, customer_ids: [a], face_value: 1 }),
      ),
    ).toBe('CBC.99000017');
    expect(
      refused(issuePickupCoupons(world, { partner_id: sp.id, quota_id: 'PQ-none', customer_ids: [a], face_value: 1 })),
    ).toBe('CBC.99000012');
    expect(value(listPickupQuotas(world, { partner_id: sp.id })).quotas[0]!.status).toBe(3);
    expect(checkInvariants(world)).toEqual([]);
  });
});

describe('recharge', () => {
  it('credits online payments at once and offline remittances when confirmed, as RECHARGE ledger rows', () => {
    const { world, sp } = setup();
    const cash = peekAccounts(world, sp.id).cash;
    const online = value(
      recharge(world, { partner_id: sp.id, method: 'online', amount: '1000.25', payment_channel: 'alipay' }),
    );
    expect(online).toMatchObject({
      status: 'completed',
      amount: 1000.25,
      contracting_entity: 'HUAWEI_CLOUD_COMPUTING',
      payment_channel: 'alipay',
      completed_at: '2024-01-01T00:00:00Z',
    });
    expect(peekAccounts(world, sp.id).cash).toBe(cash + 1000_25);
    world.clock.advance(3_600_000);
    const offline = value(
      recharge(world, { partner_id: sp.id, method: 'offline', amount: 500, remitter_account: '6222020000000000' }),
    );
    expect(offline).toMatchObject({ status: 'pending', method: 'offline' });
    expect(offline.completed_at).toBeUndefined();
    expect(peekAccounts(world, sp.id).cash).toBe(cash + 1000_25);
    world.clock.advance(86_400_000);
    expect(value(confirmRemittance(world, { recharge_id: offline.recharge_id }))).toMatchObject({
      status: 'completed',
      completed_at: '2024-01-02T01:00:00Z',
    });
    expect(refused(confirmRemittance(world, { recharge_id: offline.recharge_id }))).toBe(
      'CONSOLE.RECHARGE_NOT_PENDING',
    );
    expect(peekAccounts(world, sp.id).cash).toBe(cash + 1500_25);
    const ledger = value(listPartnerLedger(world, sp, { balance_type: 'BALANCE_TYPE_DEBIT', trade_type: 'RECHARGE' }));
    expect(ledger.records!.slice(0, 2).map((r) => [r.change_amount, r.trade_detail_type, r.type])).toEqual([
      ['500.00', 'SOURCE_OPERAIION_RECHARGE', '1'],
      ['1000.25', 'SOURCE_OPERAIION_RECHARGE', '1'],
    ]);
    expect(value(listRecharges(world, { partner_id: sp.id })).recharges.map((r) => r.recharge_id)).toEqual([
      offline.recharge_id,
      online.recharge_id,
    ]);
    expect(checkInvariants(world)).toEqual([]);
  });

  it('offers the methods of the contracting entity only', () => {
    const { world, sp, intl } = setup();
    value(setProfile(world, { partner_id: sp.id, contracting_entity: 'HUAWEI_SOFTWARE' }));
    expect(value(showProfile(world, { partner_id: sp.id })).recharge_methods).toEqual(['offline']);
    const before = snapshot(world);
    expect(refused(recharge(world, { partner_id: sp.id, method: 'online', amount: 1 }))).toBe(
      'CONSOLE.RECHARGE_NOT_OFFERED',
    );
    expect(refused(recharge(world, { partner_id: intl.id, method: 'offline', amount: 1 }))).toBe(
      'CONSOLE.RECHARGE_NOT_OFFERED',
    );
    expect(
      refused(recharge(world, { partner_id: sp.id, method: 'offline', amount: 1, payment_channel: 'alipay' })),
    ).toBe('CBC.0100');
    expect(snapshot(world).equals(before)).toBe(true);
    expect(value(showProfile(world, { partner_id: intl.id }))).toMatchObject({
      contracting_entity: 'HUAWEI_CLOUD_HK',
      recharge_methods: [],
    });
  });
});

describe('incentive rebate withdrawal', () => {
  it('withdraws to a bank account (masked) or into the cash account, never more than the rebate', () => {
    const { world, sp, intl } = setup();
    value(setRebate(world, { partner_id: sp.id, withdrawable_amount: 300 }));
    const before = snapshot(world);
    expect(
      refused(
        withdrawRebate(world, {
          partner_id: sp.id,
          amount: 300.01,
          bank_name: 'ICBC',
          bank_account_name: 'Acme',
          bank_account: '6222020000001234',
        }),
      ),
    ).toBe('CONSOLE.REBATE_INSUFFICIENT');
    expect(snapshot(world).equals(before)).toBe(true);
    const bank = value(
      withdrawRebate(world, {
        partner_id: sp.id,
        amount: 100,
        bank_name: 'ICBC',
        bank_account_name: 'Acme',
        bank_account: '6222020000001234',
      }),
    );
    expect(bank).toMatchObject({ destination: 'bank', amount: 100, bank_account: '****1234', status: 'completed' });
    const cash = peekAccounts(world, sp.id).cash;
    value(withdrawRebate(world, { partner_id: sp.id, amount: 50, destination: 'account' }));
    expect(peekAccounts(world, sp.id).cash).toBe(cash + 50_00);
    // Into the account it is a recharge from the incentive rebate, as the real ledger names it.
    const rebateRow = value(
      listPartnerLedger(world, sp, { balance_type: 'BALANCE_TYPE_DEBIT', trade_type: 'RECHARGE' }),
    ).records![0]!;
    expect(rebateRow).toMatchObject({
      change_amount: '50.00',
      trade_detail_type: 'SOURCE_OPERAIION_RECHARGE_REBATE',
      type: '1',
    });
    expect(value(showRebates(world, { partner_id: sp.id }))).toMatchObject({
      withdrawable_amount: 150,
      withdrawals: [
        expect.objectContaining({ destination: 'account' }),
        expect.objectContaining({ destination: 'bank' }),
      ],
    });
    value(setRebate(world, { partner_id: intl.id, withdrawable_amount: 10 }));
    expect(refused(withdrawRebate(world, { partner_id: intl.id, amount: 1, destination: 'account' }))).toBe(
      'CONSOLE.SITE_NOT_SUPPORTED',
    );
    value(setVerification(world, { partner_id: sp.id, enabled: true }));
    expect(refused(withdrawRebate(world, { partner_id: sp.id, amount: 1, destination: 'account' }))).toBe(
      'CONSOLE.VERIFICATION_REQUIRED',
    );
    expect(checkInvariants(world)).toEqual([]);
  });
});

describe('China-site freeze', () => {
  it('freezes and unfreezes reseller-model customers, reporting the others per customer', () => {
    const { world, sp, res, intl } = setup();
    const a = customer(world, sp);
    const referral = customer(world, sp, { cooperation_type: '1' });
    const foreign = customer(world, res);
    const r = value(
      consoleFreeze(
        world,
        {
          partner_id: sp.id,
          customer_ids: [a, referral, foreign],
          reason: 'Arrears',
          freeze_type: 'ACCOUNT_AND_RESOURCE',
        },
        'freeze',
      ),
    );
    expect(r.error_details?.map((e) => [e.id, e.error_code])).toEqual([
      [referral, 'CBC.99005024'],
      [foreign, 'CBC.99000035'],
    ]);
    const frozen = (id: string) => value(listCustomers(world, sp, { customer_id: id })).customer_infos![0]!.is_frozen;
    expect(frozen(a)).toBe(2);
    expect(frozen(referral)).toBe(0);
    expect(value(consoleFreeze(world, { partner_id: sp.id, customer_ids: [a], reason: 'Paid' }, 'unfreeze'))).toEqual(
      {},
    );
    expect(frozen(a)).toBe(0);
    expect(refused(consoleFreeze(world, { partner_id: intl.id, customer_ids: [a], reason: 'x' }, 'freeze'))).toBe(
      'CONSOLE.SITE_NOT_SUPPORTED',
    );
    expect(
      refused(
        consoleFreeze(
          world,
          { partner_id: sp.id, indirect_partner_id: res.id, customer_ids: [a], reason: 'x' },
          'freeze',
        ),
      ),
    ).toBe('CBC.99000037');
    expect(checkInvariants(world)).toEqual([]);
  });
});

describe('the invariants of the console pieces, now checked by their aggregates', () => {
  // Each seeded defect must be reported by the checker its aggregate registers in domain/invariants.ts.
  function build() {
    const { world, sp } = setup();
    value(setProfile(world, { partner_id: sp.id, government_cloud: true }));
    const a = customer(world, sp);
    const pq = value(grantPickupQuota(world, { partner_id: sp.id, quota_value: 100 }));
    value(issuePickupCoupons(world, { partner_id: sp.id, quota_id: pq.quota_id, customer_ids: [a], face_value: 40 }));
    value(recharge(world, { partner_id: sp.id, method: 'online', amount: 10 }));
    value(setRebate(world, { partner_id: sp.id, withdrawable_amount: 5 }));
    expect(checkInvariants(world)).toEqual([]);
    return { world, sp, quota: pq.quota_id };
  }

  const seeded: [string, (w: ReturnType<typeof build>) => void, (w: ReturnType<typeof build>) => string][] = [
    ['profile', ({ world }) => world.profiles.set('ghost', {}), () => 'console: settings of unknown partner ghost'],
    [
      'gate',
      ({ world }) => world.gates.set('ghost', { enabled: true, mobile: '1' }),
      () => 'console: settings of unknown partner ghost',
    ],
    [
      'rebate',
      ({ world, sp }) => world.rebates.balances.set(sp.id, -1),
      ({ sp }) => `console: partner ${sp.id} rebate is -1`,
    ],
    [
      'recharge',
      ({ world }) => {
        world.recharges.entries[0]!.status = 'pending';
        delete world.recharges.entries[0]!.completedAt;
      },
      ({ world }) => `console: online recharge ${world.recharges.entries[0]!.id} is pending`,
    ],
    [
      'pickup quota',
      ({ world, quota }) => {
        world.pickup.quotas.get(quota)!.balance += 1;
      },
      ({ quota }) => `console: pickup quota ${quota} of`,
    ],
  ];
  it.each(seeded)('report a seeded defect: %s', (_what, seed, message) => {
    const w = build();
    seed(w);
    expect(checkInvariants(w.world).join('\n')).toContain(message(w));
  });
});
