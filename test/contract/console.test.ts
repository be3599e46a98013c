/**
 * Console-only capabilities through the control surface, with their effects through the real API, SDK ↔ mock
 * in-process: batch allocation (and the SDK helper over the real single allocation), batch coupon reclaim, pickup
 * coupons and the full-withdrawal rule, recharge, rebate withdrawal, the verification-code gate, leads and the
 * China-site freeze — including the refusals.
 */
import { MockControlError } from '@partner-center/mock';
import { batchAllocate, PartnerCenterError, RequestValidationError, type PartnerClient } from '@partner-center/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mswEnv, type TestEnv } from '../support/env.js';

async function consoleError(call: Promise<unknown>, code: string, status = 400): Promise<void> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(MockControlError);
  const e = err as MockControlError;
  expect({ status: e.status, code: (e.body as { error_code?: string }).error_code }, JSON.stringify(e.body)).toEqual({
    status,
    code,
  });
}

let env: TestEnv;
let sp: PartnerClient<'cn'>;
let spId: string;
let n = 0;

beforeAll(() => {
  env = mswEnv({ validateResponses: true });
});
afterAll(() => env.close());
beforeEach(async () => {
  await env.control.reset();
  await env.control.setClock({ now: '2024-01-01T00:00:00Z', frozen: true });
  sp = env.client({ role: 'solution_provider' });
  spId = env.partner({ role: 'solution_provider' }).id;
});

async function newCustomer(client: PartnerClient<'cn'> = sp, extra: Record<string, unknown> = {}): Promise<string> {
  return (
    await client.createSubCustomer({
      xaccount_id: `x-console-${n++}`,
      xaccount_type: 'acme_IDP',
      include_association_result: true,
      ...extra,
    })
  ).domain_id!;
}

const cashOf = async (client: PartnerClient<'cn'> = sp) =>
  (await client.listPartnerBalances()).account_balances!.find((b) => b.account_type === 1)!.amount;

describe('batch allocation', () => {
  it('allocates to each customer on its own in the console; successes are real BEADJUST records', async () => {
    const a = await newCustomer();
    const b = await newCustomer();
    const referral = await newCustomer(sp, { cooperation_type: '1' });
    const cash = await cashOf();
    const r = await env.control.batchAllocate({
      partner_id: spId,
      allocations: [
        { customer_id: a, amount: 10 },
        { customer_id: referral, amount: 10 },
        { customer_id: b, amount: '2.50' },
        { customer_id: 'no-such-customer', amount: 1 },
      ],
    });
    expect(r).toMatchObject({ success_count: 2, failure_count: 2 });
    expect(r.results.map((x) => x.error_code ?? x.transfer_id!.slice(0, 2))).toEqual([
      'AD',
      'CBC.5021',
      'AD',
      'CBC.99000035',
    ]);
    expect(await cashOf()).toBeCloseTo(cash - 12.5, 2);
    const records = await sp.listPartnerAdjustRecords({ operation_type: 'SOURCE_OPERATION_BEADJUST' });
    expect(records.records!.map((x) => [x.customer_id, x.amount]).sort()).toEqual(
      [
        [a, '10.00'],
        [b, '2.50'],
      ].sort(),
    );
    expect(
      (await sp.listCustomersBalancesDetail({ customer_infos: [{ customer_id: a }, { customer_id: b }] }))
        .customer_balances!.map((x) => x.amount)
        .sort(),
    ).toEqual([10, 2.5].sort());
    await consoleError(env.control.batchAllocate({ partner_id: spId, allocations: [] }), 'CBC.0100');
    await consoleError(
      env.control.batchAllocate({
        partner_id: env.partner({ role: 'solution_provider', site: 'intl' }).id,
        allocations: [{ customer_id: a, amount: 1 }],
      }),
      'CONSOLE.SITE_NOT_SUPPORTED',
    );
  });

  it('the SDK helper does the same over the real UpdateCustomerAccountAmount, each item on its own', async () => {
    const a = await newCustomer();
    const b = await newCustomer();
    const referral = await newCustomer(sp, { cooperation_type: '1' });
    const report = await batchAllocate(sp, [
      { customer_id: a, amount: 7 },
      { customer_id: referral, amount: 7 },
      { customer_id: b, amount: '0.001' },
      { customer_id: b, amount: '3.25' },
    ]);
    expect(report).toMatchObject({ succeeded: 2, failed: 2 });
    expect(report.results[0]).toMatchObject({ ok: true, transfer_id: expect.stringMatching(/^AD/) });
    const [, r1, r2] = report.results as [unknown, { ok: false; error: unknown }, { ok: false; error: unknown }];
    expect(r1.error).toBeInstanceOf(PartnerCenterError);
    expect((r1.error as PartnerCenterError).code).toBe('CBC.5021');
    expect(r2.error).toBeInstanceOf(RequestValidationError);
    expect((await sp.listPartnerAdjustRecords({ operation_type: 'SOURCE_OPERATION_BEADJUST' })).total_count).toBe(2);

    // Concurrency keeps the results in request order; an aborted batch sends nothing more.
    const many = await Promise.all([0, 1, 2, 3, 4].map(() => newCustomer()));
    const concurrent = await batchAllocate(
      sp,
      many.map((customer_id, i) => ({ customer_id, amount: i + 1 })),
      { concurrency: 3 },
    );
    expect(concurrent.results.map((x) => [x.customer_id, x.ok])).toEqual(many.map((id) => [id, true]));
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const aborted = await batchAllocate(sp, [{ customer_id: a, amount: 1 }], { signal: controller.signal });
    expect(aborted).toMatchObject({ succeeded: 0, failed: 1 });
    expect((await sp.listPartnerAdjustRecords({ operation_type: 'SOURCE_OPERATION_BEADJUST' })).total_count).toBe(7);
    await expect(batchAllocate(sp, [], { concurrency: 0 })).rejects.toThrow(RangeError);
  });
});

describe('the verification-code gate', () => {
  it('gates the console actions of a partner that turned it on, never the real API', async () => {
    const a = await newCustomer();
    const setting = await env.control.setConsoleVerification({ partner_id: spId, enabled: true });
    expect(setting.mobile_phone).toMatch(/^139\d{8}$/);
    expect((await env.control.showPartnerProfile({ partner_id: spId })).verification_enabled).toBe(true);
    await consoleError(
      env.control.batchAllocate({ partner_id: spId, allocations: [{ customer_id: a, amount: 1 }] }),
      'CONSOLE.VERIFICATION_REQUIRED',
    );
    await consoleError(
      env.control.batchAllocate({
        partner_id: spId,
        allocations: [{ customer_id: a, amount: 1 }],
        verification_code: '123456',
      }),
      'CBC.99004010',
    );
    expect((await sp.listPartnerAdjustRecords()).total_count).toBe(0);
    // The real allocation is not gated.
    await sp.updateCustomerAccountAmount({ customer_id: a, amount: 1 });
    const sent = await env.control.sendConsoleVerificationCode({ partner_id: spId });
    expect(sent.receiver).toBe(setting.mobile_phone);
    const code = await env.control.latestCode(sent.receiver);
    expect(
      (
        await env.control.batchAllocate({
          partner_id: spId,
          allocations: [{ customer_id: a, amount: 1 }],
          verification_code: code,
        })
      ).success_count,
    ).toBe(1);
    // One code confirms one action.
    await consoleError(
      env.control.batchAllocate({
        partner_id: spId,
        allocations: [{ customer_id: a, amount: 1 }],
        verification_code: code,
      }),
      'CBC.99004010',
    );
    // Expired after 10 minutes.
    await env.control.sendConsoleVerificationCode({ partner_id: spId });
    const late = await env.control.latestCode(sent.receiver);
    await env.control.advanceClock({ seconds: 601 });
    await consoleError(
      env.control.batchAllocate({
        partner_id: spId,
        allocations: [{ customer_id: a, amount: 1 }],
        verification_code: late,
      }),
      'CBC.99004008',
    );
    await env.control.setConsoleVerification({ partner_id: spId, enabled: false });
    expect(
      (await env.control.batchAllocate({ partner_id: spId, allocations: [{ customer_id: a, amount: 1 }] }))
        .success_count,
    ).toBe(1);
    await consoleError(env.control.sendConsoleVerificationCode({ partner_id: 'nobody' }), 'CBC.0100');
  });
});

describe('coupons in the console', () => {
  it('batch-reclaims vouchers and cash coupons, each on its own', async () => {
    const a = await newCustomer();
    const b = await newCustomer();
    const quota = await env.control.grantCouponQuota({ partner_id: spId, quota_value: 300, quota_type: 1 });
    const coupons = (
      await sp.createPartnerCoupons({ quota_id: quota.quota_id, customer_ids: [a, b], face_value: 60 })
    ).coupon_infos!.map((c) => c.coupon_id);
    await env.control.consumeCoupon({ coupon_id: coupons[0]!, amount: 15 });
    const r = await env.control.batchReclaimCoupons({ partner_id: spId, coupon_ids: [...coupons, 'CP-unknown'] });
    expect(r.results).toEqual([
      { coupon_id: coupons[0], reclaimed_amount: 45 },
      { coupon_id: coupons[1], reclaimed_amount: 60 },
      expect.objectContaining({ coupon_id: 'CP-unknown', error_code: 'CBC.0100' }),
    ]);
    expect((await sp.listQuotaCoupons({ quota_ids: [quota.quota_id], quota_type: 1 })).quotas![0]!.balance).toBe(285);
    expect((await sp.listPartnerCouponsRecord({ operation_types: ['2'] })).total_count).toBe(2);
    await consoleError(
      env.control.batchReclaimCoupons({ partner_id: spId, coupon_ids: [coupons[0]!, coupons[0]!] }),
      'CBC.0100',
    );
  });

  it('issues, consumes and reclaims pickup coupons for government-cloud partners only', async () => {
    const a = await newCustomer();
    const referral = await newCustomer(sp, { cooperation_type: '1' });
    await consoleError(
      env.control.grantPickupCouponQuota({ partner_id: spId, quota_value: 100 }),
      'CONSOLE.NOT_GOVERNMENT_CLOUD',
    );
    const profile = await env.control.setPartnerProfile({ partner_id: spId, government_cloud: true });
    expect(profile).toMatchObject({ government_cloud: true, contracting_entity: 'HUAWEI_CLOUD_COMPUTING' });
    const quota = await env.control.grantPickupCouponQuota({ partner_id: spId, quota_value: 100 });
    expect(quota).toMatchObject({ balance: 100, status: 0, expire_time: '2024-12-31T00:00:00Z' });
    const issued = await env.control.issuePickupCoupons({
      partner_id: spId,
      quota_id: quota.quota_id,
      customer_ids: [a, referral],
      face_value: 30,
    });
    expect(issued.error_details).toEqual([expect.objectContaining({ id: referral, error_code: 'CBC.99000014' })]);
    const coupon = issued.coupon_infos[0]!.coupon_id;
    expect(await env.control.consumePickupCoupon({ coupon_id: coupon, amount: 5 })).toMatchObject({
      balance: 25,
      status: 2,
    });
    expect((await env.control.reclaimPickupCoupons({ partner_id: spId, coupon_ids: [coupon] })).results).toEqual([
      { coupon_id: coupon, reclaimed_amount: 25 },
    ]);
    expect((await env.control.listPickupCouponQuotas({ partner_id: spId })).quotas[0]).toMatchObject({ balance: 95 });
    expect(await env.control.listPickupCoupons({ partner_id: spId, customer_id: a })).toEqual({
      total_count: 1,
      coupons: [expect.objectContaining({ coupon_id: coupon, status: 5, close_reason: 'reclaimed' })],
    });
    await consoleError(env.control.consumePickupCoupon({ coupon_id: coupon, amount: 1 }), 'CBC.99000048');
    await consoleError(
      env.control.issuePickupCoupons({ partner_id: spId, quota_id: 'PQ-none', customer_ids: [a], face_value: 1 }),
      'CBC.99000012',
    );
  });

  it('applies the full-withdrawal rule: cash and pickup coupon balances return to the issuable quotas', async () => {
    const a = await newCustomer();
    await env.control.setPartnerProfile({ partner_id: spId, government_cloud: true });
    const cashQuota = await env.control.grantCouponQuota({ partner_id: spId, quota_value: 200, quota_type: 1 });
    const voucherQuota = await env.control.grantCouponQuota({ partner_id: spId, quota_value: 200, quota_type: 0 });
    const cash = (await sp.createPartnerCoupons({ quota_id: cashQuota.quota_id, customer_ids: [a], face_value: 50 }))
      .coupon_infos![0]!.coupon_id;
    const voucher = (
      await sp.createPartnerCoupons({ quota_id: voucherQuota.quota_id, customer_ids: [a], face_value: 50 })
    ).coupon_infos![0]!.coupon_id;
    const pq = await env.control.grantPickupCouponQuota({ partner_id: spId, quota_value: 100 });
    const pickup = (
      await env.control.issuePickupCoupons({
        partner_id: spId,
        quota_id: pq.quota_id,
        customer_ids: [a],
        face_value: 40,
      })
    ).coupon_infos[0]!.coupon_id;
    await env.control.consumeCoupon({ coupon_id: cash, amount: 10 });

    const r = await env.control.customerFullWithdrawal({ customer_id: a });
    expect(r).toEqual({
      customer_id: a,
      returned: [
        { coupon_id: cash, kind: 'cash_coupon', quota_id: cashQuota.quota_id, amount: 40 },
        { coupon_id: pickup, kind: 'pickup_coupon', quota_id: pq.quota_id, amount: 40 },
      ],
      total_returned: 80,
    });
    expect((await sp.listQuotaCoupons({ quota_ids: [cashQuota.quota_id], quota_type: 1 })).quotas![0]!.balance).toBe(
      190,
    );
    expect((await sp.listIssuedPartnerCoupons({ coupon_id: cash })).user_coupons![0]).toMatchObject({
      status: 5,
      balance: 0,
    });
    expect((await sp.listIssuedPartnerCoupons({ coupon_id: voucher })).user_coupons![0]).toMatchObject({
      status: 2,
      balance: 50,
    });
    expect((await env.control.listPickupCouponQuotas({ partner_id: spId })).quotas[0]!.balance).toBe(100);
    await consoleError(env.control.customerFullWithdrawal({ customer_id: 'nobody' }), 'CBC.5002', 500);
  });
});

describe('recharge and rebates', () => {
  it('recharges online at once and offline on confirmation, as RECHARGE ledger rows', async () => {
    const cash = await cashOf();
    const online = await env.control.rechargePartnerAccount({
      partner_id: spId,
      method: 'online',
      amount: 200,
      payment_channel: 'wechat_pay',
    });
    expect(online).toMatchObject({ status: 'completed', payment_channel: 'wechat_pay' });
    const offline = await env.control.rechargePartnerAccount({
      partner_id: spId,
      method: 'offline',
      amount: '99.90',
      remitter_account: 'ACME-001',
    });
    expect(offline.status).toBe('pending');
    expect(await cashOf()).toBeCloseTo(cash + 200, 2);
    await env.control.confirmRemittance({ recharge_id: offline.recharge_id });
    expect(await cashOf()).toBeCloseTo(cash + 299.9, 2);
    await consoleError(
      env.control.confirmRemittance({ recharge_id: offline.recharge_id }),
      'CONSOLE.RECHARGE_NOT_PENDING',
    );
    const ledger = await sp.listPartnerAccountChangeRecords({
      balance_type: 'BALANCE_TYPE_DEBIT',
      trade_type: 'RECHARGE',
      trade_time_begin: '2024-01-01',
    });
    expect(ledger.records!.slice(0, 2).map((r) => [r.change_amount, r.trade_detail_type])).toEqual([
      ['99.90', 'SOURCE_OPERAIION_RECHARGE'],
      ['200.00', 'SOURCE_OPERAIION_RECHARGE'],
    ]);
    expect((await env.control.listRecharges({ partner_id: spId })).recharges.map((r) => r.status)).toEqual([
      'completed',
      'completed',
    ]);
    await env.control.setPartnerProfile({ partner_id: spId, contracting_entity: 'HUAWEI_SOFTWARE' });
    await consoleError(
      env.control.rechargePartnerAccount({ partner_id: spId, method: 'online', amount: 1 }),
      'CONSOLE.RECHARGE_NOT_OFFERED',
    );
  });

  it('withdraws incentive rebate to a bank account or into the cash account, with the gate', async () => {
    await env.control.setRebateBalance({ partner_id: spId, withdrawable_amount: 500 });
    await consoleError(
      env.control.withdrawRebate({
        partner_id: spId,
        amount: 600,
        bank_name: 'ICBC',
        bank_account_name: 'Acme',
        bank_account: '6222000011112222',
      }),
      'CONSOLE.REBATE_INSUFFICIENT',
    );
    await consoleError(env.control.withdrawRebate({ partner_id: spId, amount: 10 } as never), 'CBC.0100');
    const bank = await env.control.withdrawRebate({
      partner_id: spId,
      amount: 100,
      bank_name: 'ICBC',
      bank_account_name: 'Acme',
      bank_account: '6222000011112222',
    });
    expect(bank).toMatchObject({ destination: 'bank', bank_account: '****2222' });
    const cash = await cashOf();
    await env.control.setConsoleVerification({ partner_id: spId, enabled: true });
    await consoleError(
      env.control.withdrawRebate({ partner_id: spId, amount: 50, destination: 'account' }),
      'CONSOLE.VERIFICATION_REQUIRED',
    );
    const { receiver } = await env.control.sendConsoleVerificationCode({ partner_id: spId });
    await env.control.withdrawRebate({
      partner_id: spId,
      amount: 50,
      destination: 'account',
      verification_code: await env.control.latestCode(receiver),
    });
    expect(await cashOf()).toBeCloseTo(cash + 50, 2);
    expect(await env.control.showRebateAccount({ partner_id: spId })).toMatchObject({
      withdrawable_amount: 350,
      withdrawals: [
        expect.objectContaining({ destination: 'account', amount: 50 }),
        expect.objectContaining({ destination: 'bank' }),
      ],
    });
    expect((await env.control.showPartnerProfile({ partner_id: spId })).rebate_withdrawable).toBe(350);
  });
});

describe('leads', () => {
  it('creates, masks, follows up and converts a lead into a customer listed by ListSubCustomers', async () => {
    const lead = await env.control.createLead({
      partner_id: spId,
      company_name: 'Acme',
      contact_name: 'Alice',
      mobile: '0086-13912345678',
      email: 'alice@acme.example',
    });
    expect(lead).toMatchObject({ status: 'new', mobile: '0086-13912345678', contacts_masked: false });
    await consoleError(
      env.control.createLead({ partner_id: spId, company_name: 'B', contact_name: 'B', mobile: '0086-13912345678' }),
      'CONSOLE.LEAD_MOBILE_EXISTS',
    );
    await consoleError(
      env.control.createLead({ partner_id: spId, company_name: 'B', contact_name: 'B', mobile: '13912345678' }),
      'CBC.0100',
    );
    await env.control.setPartnerProfile({ partner_id: spId, mask_lead_contacts: true });
    expect((await env.control.listLeads({ partner_id: spId })).leads[0]).toMatchObject({
      mobile: '0086-139****5678',
      email: 'a***@acme.example',
      contacts_masked: true,
    });
    const followed = await env.control.followUpLead({
      partner_id: spId,
      lead_id: lead.lead_id,
      content: 'Demo booked',
    });
    expect(followed.status).toBe('following');
    const converted = await env.control.convertLead({
      partner_id: spId,
      lead_id: lead.lead_id,
      xaccount_id: 'acme-9',
      xaccount_type: 'acme_IDP',
      domain_name: 'acme-lead-9',
    });
    expect(converted).toMatchObject({ account_name: 'acme-lead-9', lead: { status: 'converted' } });
    await env.control.advanceClock({ seconds: 2 });
    expect((await sp.listSubCustomers({ customer_id: converted.customer_id })).customer_infos![0]).toMatchObject({
      account_name: 'acme-lead-9',
      association_type: '2',
    });
    await consoleError(
      env.control.convertLead({
        partner_id: spId,
        lead_id: lead.lead_id,
        xaccount_id: 'acme-10',
        xaccount_type: 'acme_IDP',
      }),
      'CONSOLE.LEAD_CLOSED',
    );
    await consoleError(
      env.control.followUpLead({ partner_id: spId, lead_id: 'LD0', content: 'x' }),
      'CONSOLE.LEAD_NOT_FOUND',
    );
    const dup = await env.control.createLead({ partner_id: spId, company_name: 'Dup', contact_name: 'D' });
    await consoleError(
      env.control.convertLead({
        partner_id: spId,
        lead_id: dup.lead_id,
        xaccount_id: 'acme-9',
        xaccount_type: 'acme_IDP',
      }),
      'CBC.99000039',
    );
    expect((await env.control.listLeads({ partner_id: spId, status: 'new' })).leads.map((l) => l.lead_id)).toEqual([
      dup.lead_id,
    ]);
  });
});

describe('China-site freeze', () => {
  it('freezes and unfreezes reseller-model customers, visible as is_frozen in ListSubCustomers', async () => {
    const a = await newCustomer();
    const referral = await newCustomer(sp, { cooperation_type: '1' });
    const r = await env.control.freezeCustomersInConsole({
      partner_id: spId,
      customer_ids: [a, referral],
      reason: 'Arrears',
      freeze_type: 'ACCOUNT_AND_RESOURCE',
    });
    expect(r).toEqual({ error_details: [expect.objectContaining({ id: referral, error_code: 'CBC.99005024' })] });
    expect((await sp.listSubCustomers({ customer_id: a })).customer_infos![0]!.is_frozen).toBe(2);
    expect(
      await env.control.unfreezeCustomersInConsole({ partner_id: spId, customer_ids: [a], reason: 'Paid' }),
    ).toEqual({});
    expect((await sp.listSubCustomers({ customer_id: a })).customer_infos![0]!.is_frozen).toBe(0);
    await consoleError(
      env.control.freezeCustomersInConsole({
        partner_id: env.partner({ role: 'solution_provider', site: 'intl' }).id,
        customer_ids: [a],
        reason: 'x',
      }),
      'CONSOLE.SITE_NOT_SUPPORTED',
    );
    await consoleError(
      env.control.freezeCustomersInConsole({
        partner_id: spId,
        customer_ids: Array.from({ length: 11 }, (_, i) => `c${i}`),
        reason: 'x',
      }),
      'CBC.0100',
    );
  });
});

describe('console operations under generated and malformed input', () => {
  it('never answer 5xx (but the documented CBC.5002), keep the invariants, and change nothing when refused', async () => {
    const { createEngine, createControlClient } = await import('@partner-center/mock');
    const { operations } = await import('../../mock-server/src/generated/control/operations.js');
    const doc = (await import('../../mock-server/src/generated/control/openapi.json', { with: { type: 'json' } }))
      .default as Record<string, any>;
    const { checkInvariants } = await import('../../mock-server/src/domain/invariants.js');
    const { createCustomer } = await import('../../mock-server/src/domain/customers/index.js');
    const { serialize } = await import('node:v8');
    const fc = (await import('fast-check')).default;
    const engine = createEngine({
      checkInvariants: true,
      validateResponses: true,
      clockFrozen: true,
      clockStart: Date.UTC(2024, 0, 1),
    });
    const control = createControlClient({ engine });
    const partners = (await control.listPartners()).partners;
    const cnSp = partners.find((p) => p.role === 'solution_provider' && p.site === 'cn')!;

    // Some state to aim at: customers, a government-cloud profile, pickup quota and coupon, a lead, a pending record.
    const ids = [0, 1, 2].map((i) => {
      const r = createCustomer(engine.world, engine.world.partners.get(cnSp.partner_id)!, {
        xaccount_id: `fuzz-${i}`,
        xaccount_type: 'acme_IDP',
        include_association_result: true,
        ...(i === 2 ? { cooperation_type: '1' } : {}),
      } as never);
      if (!r.ok) throw new Error(r.error.message);
      return r.value.domain_id!;
    });
    await control.setPartnerProfile({ partner_id: cnSp.partner_id, government_cloud: true });
    await control.setRebateBalance({ partner_id: cnSp.partner_id, withdrawable_amount: 1000 });
    const pq = await control.grantPickupCouponQuota({ partner_id: cnSp.partner_id, quota_value: 1000 });
    const pickup = (
      await control.issuePickupCoupons({
        partner_id: cnSp.partner_id,
        quota_id: pq.quota_id,
        customer_ids: [ids[0]!],
        face_value: 10,
      })
    ).coupon_infos[0]!.coupon_id;
    const lead = await control.createLead({ partner_id: cnSp.partner_id, company_name: 'F', contact_name: 'F' });
    const rec = await control.requestDisassociationAsCustomer({ customer_id: ids[1]!, reason: 'fuzz' });
    const recharge = await control.rechargePartnerAccount({
      partner_id: cnSp.partner_id,
      method: 'offline',
      amount: 5,
    });

    const pools: Record<string, string[]> = {
      partner: [cnSp.partner_id, cnSp.partner_id, ...partners.map((p) => p.partner_id), 'nobody'],
      customer: [...ids, ...ids, 'nobody'],
      record: [rec.record_id, 'AR-none'],
      lead: [lead.lead_id, 'LD-none'],
      quota: [pq.quota_id, 'PQ-none'],
      coupon: [pickup, 'CP-none'],
      recharge: [recharge.recharge_id, 'RC-none'],
    };
    const reseller = partners.find((p) => p.role === 'reseller')!.partner_id;
    const poolOf = (name: string) =>
      name === 'indirect_partner_id'
        ? [reseller]
        : name === 'partner_id'
          ? pools.partner
          : /customer_id/.test(name)
            ? pools.customer
            : name === 'record_id'
              ? pools.record
              : name === 'lead_id'
                ? pools.lead
                : name === 'quota_id'
                  ? pools.quota
                  : /coupon_id/.test(name)
                    ? pools.coupon
                    : name === 'recharge_id'
                      ? pools.recharge
                      : undefined;
    const deref = (s: Record<string, any>): Record<string, any> => {
      let cur = s;
      for (let i = 0; cur?.$ref && i < 20; i++)
        cur = cur.$ref
          .slice(2)
          .split('/')
          .reduce((a: any, k: string) => a?.[k], doc);
      return cur ?? {};
    };
    /** Values a schema accepts (mostly), with the known ids where a field names one. */
    const arb = (schema: Record<string, any>, name: string): any => {
      const s = deref(schema);
      const pool = poolOf(name);
      // Pools grow as the run creates records, leads and coupons; pick from them as they are then.
      if (pool && (s.type === 'string' || s.allOf)) return fc.nat().map((i) => pool[i % pool.length]!);
      if (name === 'unpaid_orders') return fc.constantFrom(0, 0, 1);
      if (name === 'arrears_amount') return fc.constantFrom(0, '0', '1.50');
      if (s.anyOf) return fc.oneof(...s.anyOf.map((b: any) => arb(b, name)));
      if (s.enum) return fc.constantFrom(...s.enum);
      if (s.type === 'boolean') return fc.boolean();
      if (s.type === 'integer' || s.type === 'number')
        return fc.integer({
          min: Math.max(s.minimum ?? 0, s.exclusiveMinimum !== undefined ? 1 : 0),
          max: Math.min(s.maximum ?? 500, 500),
        });
      if (s.type === 'array')
        return fc.array(arb(s.items, name.replace(/s$/, '')), {
          minLength: s.minItems ?? 0,
          maxLength: Math.min(s.maxItems ?? 3, 3),
        });
      if (s.type === 'object' || s.properties) {
        const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, arb(v as any, k)]));
        return fc.record(props, { requiredKeys: s.required ?? [] });
      }
      if (s.pattern === '^[0-9]{6}$') return fc.constantFrom('000000', '123456');
      if (/T\(\[01\]/.test(s.pattern ?? '') || /UTC/.test(s.description ?? ''))
        return fc.constantFrom('2024-06-01T00:00:00Z', '2023-06-01T00:00:00Z', '2026-01-01T00:00:00Z');
      if (s.pattern === '^[0-9]+-[0-9]+$') return fc.constantFrom('0086-13900000001', '0086-13900000002');
      if (s.pattern?.startsWith('^[0-9]{5')) return fc.constantFrom('13800000000');
      if (s.pattern?.startsWith('^[^@')) return fc.constantFrom('a@b.example');
      if (s.pattern?.startsWith('^[0-9a-zA-Z]')) return fc.constantFrom('6222000011112222');
      if (s.pattern?.startsWith('^[A-Z]{2}')) return fc.constantFrom('MX');
      if (s.pattern?.startsWith('^(0|') || s.pattern?.startsWith('^(?!0+')) return fc.constantFrom('1.50', '20');
      return fc.constantFrom('fuzz-value', `x-${name}`, 'acme_IDP');
    };
    const consoleOps = Object.values(operations).filter((op) => op.path.startsWith('/_mock/console/'));
    expect(consoleOps.length).toBeGreaterThan(30);
    const junk = fc.dictionary(
      fc.constantFrom('partner_id', 'customer_id', 'amount', 'record_id', 'decision', 'allocations'),
      fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null)),
      { maxKeys: 4 },
    );
    const request = fc.constantFrom(...consoleOps).chain((op) => {
      const item = doc.paths[op.path][op.method.toLowerCase()];
      const body = item.requestBody
        ? arb(item.requestBody.content['application/json'].schema, 'body')
        : fc.constant(undefined);
      const query = item.parameters
        ? arb(
            {
              type: 'object',
              properties: Object.fromEntries(
                item.parameters.filter((p: any) => p.in === 'query').map((p: any) => [p.name, p.schema]),
              ),
              required: item.parameters.filter((p: any) => p.required).map((p: any) => p.name),
            },
            'query',
          )
        : fc.constant(undefined);
      return fc.tuple(
        fc.constant(op),
        fc.oneof({ weight: 4, arbitrary: op.method === 'GET' ? query : body }, { weight: 1, arbitrary: junk }),
      );
    });
    const snapshot = () => {
      const { clock: _c, random: _r, ...rest } = engine.world;
      return serialize(rest);
    };
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(request, async ([op, input]) => {
        const before = snapshot();
        const url = new URL(`http://mock.invalid${op.path}`);
        if (op.method === 'GET')
          for (const [k, v] of Object.entries(input ?? {}))
            url.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
        const res = await engine.handle(
          new Request(url, {
            method: op.method,
            headers: { 'Content-Type': 'application/json' },
            ...(op.method === 'GET' ? {} : { body: JSON.stringify(input ?? {}) }),
          }),
        );
        const text = await res.text();
        const code = res.status >= 400 && text ? (JSON.parse(text) as { error_code: string }).error_code : undefined;
        const what = `${op.operationId} ${JSON.stringify(input)} → ${res.status} ${text}`;
        expect(res.status >= 500 && code !== 'CBC.5002', what).toBe(false);
        expect(checkInvariants(engine.world), what).toEqual([]);
        // A refusal leaves the state as it was (a wrong verification code, which counts a try, is the exception).
        if (res.status >= 400 && !['CBC.99004010', 'CBC.99004009'].includes(code ?? ''))
          expect(snapshot().equals(before), what).toBe(true);
        if (op.method === 'GET') expect(snapshot().equals(before), `${op.operationId} is a read`).toBe(true);
        if (res.status < 400) {
          accepted++;
          // Aim later requests at what this one created.
          const out = text ? (JSON.parse(text) as Record<string, any>) : {};
          if (out.record_id) pools.record!.push(out.record_id);
          if (out.lead_id) pools.lead!.push(out.lead_id);
          if (out.recharge_id) pools.recharge!.push(out.recharge_id);
          if (op.operationId === 'ConvertLead') pools.customer!.push(out.customer_id);
          for (const c of out.coupon_infos ?? []) pools.coupon!.push(c.coupon_id);
        }
      }),
      { numRuns: 800 },
    );
    // The generated inputs reach the domain, not only the validators.
    expect(accepted).toBeGreaterThan(200);
  });
});
