/**
 * The association lifecycle through the control surface (the console) and its effects through the real API, SDK ↔
 * mock in-process: type switches with the customer's consent, disassociation from either side, invitations,
 * cancellations, the console-help preconditions, the records and their filters, and the refusals.
 */
import { MockControlError } from '@partner-center/mock';
import type { PartnerClient } from '@partner-center/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectError } from '../scenarios/registration.js';
import { mswEnv, type TestEnv } from '../support/env.js';

/** Expects a control call to be refused with this code and HTTP status (the catalog's, 400 for console codes). */
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
      xaccount_id: `x-assoc-${n++}`,
      xaccount_type: 'acme_IDP',
      include_association_result: true,
      ...extra,
    })
  ).domain_id!;
}

const info = async (customer_id: string, client: PartnerClient<'cn'> = sp) =>
  (await client.listSubCustomers({ customer_id })).customer_infos?.[0];

describe('association records', () => {
  it('start with the association of each new customer, and filter and page', async () => {
    const a = await newCustomer();
    await env.control.advanceClock({ seconds: 60 });
    const b = await newCustomer();
    const all = await env.control.listAssociationRecords({ partner_id: spId });
    expect(all.total_count).toBe(2);
    expect(
      all.records.map((r) => [r.customer_id, r.operation_type, r.initiator, r.status, r.association_type]),
    ).toEqual([
      [b, 'associate', 'partner', 'approved', '2'],
      [a, 'associate', 'partner', 'approved', '2'],
    ]);
    await env.control.requestDisassociationAsCustomer({ customer_id: a, reason: 'moving' });
    expect((await env.control.listAssociationRecords({ partner_id: spId, status: 'pending' })).records).toEqual([
      expect.objectContaining({
        customer_id: a,
        operation_type: 'disassociate',
        initiator: 'customer',
        reason: 'moving',
      }),
    ]);
    expect(
      (
        await env.control.listAssociationRecords({
          partner_id: spId,
          initiator: 'partner',
          operation_type: 'associate',
          limit: 1,
          offset: 1,
        })
      ).records.map((r) => r.customer_id),
    ).toEqual([a]);
    expect(
      (await env.control.listAssociationRecords({ partner_id: spId, created_begin: '2024-01-01T00:01:00Z' }))
        .total_count,
    ).toBe(2);
    expect((await env.control.listAssociationRecords({ partner_id: spId, customer_id: b })).total_count).toBe(1);
    // Validation of the control request itself.
    await consoleError(env.control.listAssociationRecords({ partner_id: spId, limit: 0 } as never), 'CBC.0100');
    const res = env.partner({ role: 'reseller' }).id;
    await consoleError(
      env.control.listAssociationRecords({ partner_id: spId, indirect_partner_id: res }),
      'CBC.99000037',
    );
  });
});

describe('switching the association type', () => {
  it('takes effect on the customer consent: type and time in ListSubCustomers, BEUNBIND funds, coupons reclaimed with type 8', async () => {
    const id = await newCustomer();
    await sp.updateCustomerAccountAmount({ customer_id: id, amount: 88.8 });
    const quota = await env.control.grantCouponQuota({ partner_id: spId, quota_value: 500, quota_type: 1 });
    const coupon = (await sp.createPartnerCoupons({ quota_id: quota.quota_id, customer_ids: [id], face_value: 25 }))
      .coupon_infos![0]!.coupon_id;
    const cashBefore = (await sp.listPartnerBalances()).account_balances!.find((b) => b.account_type === 1)!.amount;

    await env.control.advanceClock({ seconds: 3600 });
    const req = await env.control.requestAssociationTypeSwitch({
      partner_id: spId,
      customer_id: id,
      association_type: '1',
      reason: 'direct billing',
    });
    expect(req).toMatchObject({
      status: 'pending',
      operation_type: 'switch_type',
      association_type: '2',
      target_association_type: '1',
    });
    expect(await info(id)).toMatchObject({ association_type: '2', associated_on: '2024-01-01T00:00:00Z' });

    const done = await env.control.decideAssociationAsCustomer({
      record_id: req.record_id,
      customer_id: id,
      decision: 'approve',
    });
    expect(done).toMatchObject({
      status: 'approved',
      decided_at: '2024-01-01T01:00:00Z',
      effects: { reclaimed_amount: 88.8, budget_deleted: false, unfrozen: false },
    });
    expect(await info(id)).toMatchObject({ association_type: '1', associated_on: '2024-01-01T01:00:00Z' });
    expect((await sp.listSubCustomers({ association_type: '1' })).customer_infos!.map((c) => c.customer_id)).toEqual([
      id,
    ]);

    const unbind = await sp.listPartnerAdjustRecords({ operation_type: 'SOURCE_OPERATION_BEUNBIND' });
    expect(unbind.records).toEqual([
      expect.objectContaining({
        customer_id: id,
        amount: '88.80',
        operation_type: 'SOURCE_OPERATION_BEUNBIND',
        trans_id: done.effects!.unbind_trans_id,
      }),
    ]);
    const ledger = await sp.listPartnerAccountChangeRecords({
      balance_type: 'BALANCE_TYPE_DEBIT',
      trade_type: 'BEUNBIND',
    });
    expect(ledger.records).toEqual([
      expect.objectContaining({
        customer_id: id,
        change_amount: '88.80',
        type: '1',
        trade_detail_type: 'SOURCE_OPERATION_BEUNBIND',
      }),
    ]);
    expect((await sp.listPartnerBalances()).account_balances!.find((b) => b.account_type === 1)!.amount).toBeCloseTo(
      cashBefore + 88.8,
      2,
    );
    const records = await sp.listPartnerCouponsRecord({ coupon_ids: [coupon] });
    expect(records.records!.map((r) => [r.operation_type, r.operation_amount])).toEqual(
      expect.arrayContaining([
        ['8', 25],
        ['1', 25],
      ]),
    );
    // A referral customer's coupons are no longer listed (reference F2: 代售 sub-customers only, now); the
    // reclaim records show where the coupon went.
    expect(await sp.listIssuedPartnerCoupons({ coupon_id: coupon })).toMatchObject({ total_count: 0 });
    expect((await sp.listPartnerCouponsRecord({ coupon_ids: [coupon], operation_types: ['8'] })).records).toEqual([
      expect.objectContaining({ coupon_id: coupon, operation_type: '8' }),
    ]);
    // A referral customer now: funds refused as documented.
    await expectError(sp.updateCustomerAccountAmount({ customer_id: id, amount: 1 }), 400, 'CBC.5021');
  });

  it('switches a resale customer to referral on the international site, removing its budget and freeze', async () => {
    const intl = env.client({ role: 'solution_provider', site: 'intl' });
    const intlId = env.partner({ role: 'solution_provider', site: 'intl' }).id;
    const id = (
      await intl.createSubCustomer({
        xaccount_id: `x-intl-${n++}`,
        xaccount_type: 'acme_IDP',
        domain_area: 'MX',
        include_association_result: true,
      })
    ).domain_id!;
    await intl.updateSubCustomerBudget({ customer_id: id, budget_amount: 120 });
    await intl.freezeSubCustomers({ customer_ids: [id], reason: 'Arrears' });
    await consoleError(
      env.control.requestAssociationTypeSwitch({ partner_id: intlId, customer_id: id, association_type: '2' }),
      'CONSOLE.TYPE_NOT_ON_SITE',
    );
    const req = await env.control.requestAssociationTypeSwitch({
      partner_id: intlId,
      customer_id: id,
      association_type: '1',
    });
    const done = await env.control.decideAssociationAsCustomer({
      record_id: req.record_id,
      customer_id: id,
      decision: 'approve',
    });
    expect(done.effects).toMatchObject({ budget_deleted: true, unfrozen: true });
    expect((await intl.listSubCustomers({ customer_id: id })).customer_infos![0]).toMatchObject({
      association_type: '1',
      is_frozen: 0,
    });
    // A referral customer has no budget any more.
    await expectError(intl.showSubCustomerBudget({ customer_id: id }), 400, 'CBC.99005024');
  });

  it('disassociates a resale customer on the international site: its budget record DELETE stays readable', async () => {
    const intl = env.client({ role: 'solution_provider', site: 'intl' });
    const intlId = env.partner({ role: 'solution_provider', site: 'intl' }).id;
    const id = (
      await intl.createSubCustomer({
        xaccount_id: `x-intl-${n++}`,
        xaccount_type: 'acme_IDP',
        domain_area: 'MX',
        include_association_result: true,
      })
    ).domain_id!;
    await intl.updateSubCustomerBudget({ customer_id: id, budget_amount: 120 });
    const req = await env.control.requestDisassociation({ partner_id: intlId, customer_id: id, reason: 'x' });
    expect(
      (
        await env.control.decideAssociationAsCustomer({
          record_id: req.record_id,
          customer_id: id,
          decision: 'approve',
        })
      ).effects,
    ).toMatchObject({ budget_deleted: true });
    expect((await intl.listSubCustomers({ customer_id: id })).count).toBe(0);
    expect(
      (await intl.listSubCustomerBudgetRecords({ customer_id: id, operation_type: 'DELETE' })).record_list,
    ).toEqual([expect.objectContaining({ operation_type: 'DELETE', operator: 'system', budget_amount: 120 })]);
    await expectError(intl.freezeSubCustomers({ customer_ids: [id], reason: 'x' }), 400, 'CBC.99000035');
  });

  it('is refused for the same type, a pending request, arrears and unpaid orders, changing nothing', async () => {
    const id = await newCustomer();
    await consoleError(
      env.control.requestAssociationTypeSwitch({ partner_id: spId, customer_id: id, association_type: '2' }),
      'CONSOLE.SAME_TYPE',
    );
    await env.control.setCustomerStanding({ customer_id: id, arrears_amount: 9.99 });
    await consoleError(
      env.control.requestAssociationTypeSwitch({ partner_id: spId, customer_id: id, association_type: '1' }),
      'CONSOLE.ARREARS',
    );
    await env.control.setCustomerStanding({ customer_id: id, arrears_amount: 0, unpaid_orders: 1 });
    await consoleError(
      env.control.requestAssociationTypeSwitch({ partner_id: spId, customer_id: id, association_type: '1' }),
      'CONSOLE.UNPAID_ORDERS',
    );
    expect(await env.control.setCustomerStanding({ customer_id: id, unpaid_orders: 0 })).toEqual({
      customer_id: id,
      arrears_amount: 0,
      unpaid_orders: 0,
    });
    const req = await env.control.requestAssociationTypeSwitch({
      partner_id: spId,
      customer_id: id,
      association_type: '1',
    });
    await consoleError(
      env.control.requestAssociationTypeSwitch({ partner_id: spId, customer_id: id, association_type: '1' }),
      'CONSOLE.REQUEST_PENDING',
    );
    expect((await env.control.listAssociationRecords({ partner_id: spId, customer_id: id })).total_count).toBe(2);
    // The customer refuses: nothing changes.
    expect(
      await env.control.decideAssociationAsCustomer({
        record_id: req.record_id,
        customer_id: id,
        decision: 'reject',
        reason: 'no',
      }),
    ).toMatchObject({ status: 'rejected', decision_reason: 'no' });
    expect(await info(id)).toMatchObject({ association_type: '2' });
    await consoleError(
      env.control.decideAssociationAsCustomer({ record_id: req.record_id, customer_id: id, decision: 'approve' }),
      'CONSOLE.RECORD_NOT_PENDING',
    );
  });
});

describe('disassociation', () => {
  it('by the partner, accepted by the customer: gone from ListSubCustomers, funds and coupons answer CBC.99000035', async () => {
    const id = await newCustomer();
    const stays = await newCustomer();
    await sp.updateCustomerAccountAmount({ customer_id: id, amount: 40 });
    const quota = await env.control.grantCouponQuota({ partner_id: spId, quota_value: 500 });
    const coupon = (await sp.createPartnerCoupons({ quota_id: quota.quota_id, customer_ids: [id], face_value: 30 }))
      .coupon_infos![0]!.coupon_id;

    const req = await env.control.requestDisassociation({
      partner_id: spId,
      customer_id: id,
      reason: 'contract ended',
    });
    expect(req).toMatchObject({
      operation_type: 'disassociate',
      initiator: 'partner',
      status: 'pending',
      reason: 'contract ended',
    });
    expect(await info(id)).toBeDefined();
    const done = await env.control.decideAssociationAsCustomer({
      record_id: req.record_id,
      customer_id: id,
      decision: 'approve',
    });
    expect(done.effects).toMatchObject({
      reclaimed_amount: 40,
      reclaimed_coupons: [{ coupon_id: coupon, kind: 'partner_coupon', amount: 30 }],
    });

    expect((await sp.listSubCustomers()).customer_infos!.map((c) => c.customer_id)).toEqual([stays]);
    expect((await sp.listSubCustomers({ customer_id: id })).count).toBe(0);
    await expectError(sp.updateCustomerAccountAmount({ customer_id: id, amount: 1 }), 400, 'CBC.99000035');
    await expectError(sp.reclaimToPartnerAccount({ customer_id: id, amount: 1 }), 400, 'CBC.99000035');
    await expectError(sp.listCustomersBalancesDetail({ customer_infos: [{ customer_id: id }] }), 400, 'CBC.99000035');
    const issued = await sp.createPartnerCoupons({ quota_id: quota.quota_id, customer_ids: [id], face_value: 1 });
    expect(issued.error_details).toEqual([expect.objectContaining({ id, error_code: 'CBC.99000035' })]);
    expect((await sp.listPartnerCouponsRecord({ operation_types: ['3'] })).records).toEqual([
      expect.objectContaining({ coupon_id: coupon, customer_id: id, operation_amount: 30 }),
    ]);
    expect(
      (await sp.listPartnerAdjustRecords({ customer_id: id, operation_type: 'SOURCE_OPERATION_BEUNBIND' })).records![0],
    ).toMatchObject({ amount: '40.00' });
    expect((await sp.listQuotaCoupons({ quota_ids: [quota.quota_id] })).quotas![0]!.balance).toBe(500);
    // The login name stays taken.
    const name = done.account_name;
    expect((await sp.checkUserIdentity({ search_type: 'name', search_value: name })).check_result).toBe('used_by_user');
  });

  it('by the customer: the partner rejects, then approves', async () => {
    const id = await newCustomer();
    const r1 = await env.control.requestDisassociationAsCustomer({ customer_id: id, reason: 'cheaper elsewhere' });
    await consoleError(
      env.control.decideAssociationAsCustomer({ record_id: r1.record_id, customer_id: id, decision: 'approve' }),
      'CONSOLE.NOT_RESPONDENT',
    );
    await consoleError(
      env.control.decideAssociationAsPartner({
        record_id: r1.record_id,
        partner_id: env.partner({ role: 'reseller' }).id,
        decision: 'approve',
      }),
      'CONSOLE.NOT_RESPONDENT',
    );
    expect(
      await env.control.decideAssociationAsPartner({
        record_id: r1.record_id,
        partner_id: spId,
        decision: 'reject',
        reason: 'open invoices',
      }),
    ).toMatchObject({ status: 'rejected' });
    expect(await info(id)).toBeDefined();
    const r2 = await env.control.requestDisassociationAsCustomer({ customer_id: id, reason: 'again' });
    expect(
      await env.control.decideAssociationAsPartner({ record_id: r2.record_id, partner_id: spId, decision: 'approve' }),
    ).toMatchObject({ status: 'approved', initiator: 'customer' });
    expect(await info(id)).toBeUndefined();
    await consoleError(
      env.control.requestDisassociationAsCustomer({ customer_id: id, reason: 'x' }),
      'CONSOLE.NOT_ASSOCIATED',
    );
  });

  it('checks the preconditions again when the change takes effect, and the initiator may cancel', async () => {
    const id = await newCustomer();
    const req = await env.control.requestDisassociation({ partner_id: spId, customer_id: id, reason: 'x' });
    await env.control.setCustomerStanding({ customer_id: id, arrears_amount: '1.00' });
    await consoleError(
      env.control.decideAssociationAsCustomer({ record_id: req.record_id, customer_id: id, decision: 'approve' }),
      'CONSOLE.ARREARS',
    );
    expect(await info(id)).toBeDefined();
    await consoleError(
      env.control.cancelAssociationRequest({ record_id: req.record_id, customer_id: id }),
      'CONSOLE.NOT_INITIATOR',
    );
    expect(
      await env.control.cancelAssociationRequest({ record_id: req.record_id, partner_id: spId, reason: 'paused' }),
    ).toMatchObject({ status: 'cancelled', decision_reason: 'paused' });
    await consoleError(
      env.control.cancelAssociationRequest({ record_id: req.record_id, partner_id: spId }),
      'CONSOLE.RECORD_NOT_PENDING',
    );
    await consoleError(
      env.control.cancelAssociationRequest({ record_id: 'AR0', partner_id: spId }),
      'CONSOLE.RECORD_NOT_FOUND',
    );
    await consoleError(
      env.control.requestDisassociation({ partner_id: spId, customer_id: id, reason: 'x' }),
      'CONSOLE.ARREARS',
    );
    await consoleError(env.control.setCustomerStanding({ customer_id: 'nobody', arrears_amount: 1 }), 'CBC.5002', 500);
  });

  it("is refused for another partner's customer, an unknown partner and an association still in progress", async () => {
    const res = env.client({ role: 'reseller' });
    const resId = env.partner({ role: 'reseller' }).id;
    const foreign = await newCustomer(res);
    await consoleError(
      env.control.requestDisassociation({ partner_id: spId, customer_id: foreign, reason: 'x' }),
      'CBC.99000035',
    );
    await consoleError(
      env.control.requestDisassociation({ partner_id: 'nobody', customer_id: foreign, reason: 'x' }),
      'CBC.0100',
    );
    await consoleError(
      env.control.requestDisassociation({ partner_id: spId, customer_id: foreign } as never),
      'CBC.0100',
    );
    const slow = (await sp.createSubCustomer({ xaccount_id: `x-slow-${n++}`, xaccount_type: 'acme_IDP' })).domain_id;
    await consoleError(
      env.control.requestDisassociation({ partner_id: spId, customer_id: slow!, reason: 'x' }),
      'CONSOLE.ASSOCIATION_INCOMPLETE',
    );
    // A distributor acts for its reseller's customers with indirect_partner_id.
    const distId = env.partner({ role: 'distributor' }).id;
    const req = await env.control.requestDisassociation({
      partner_id: distId,
      indirect_partner_id: resId,
      customer_id: foreign,
      reason: 'x',
    });
    expect(req.partner_id).toBe(resId);
    expect(
      (await env.control.listAssociationRecords({ partner_id: distId, indirect_partner_id: resId, status: 'pending' }))
        .total_count,
    ).toBe(1);
  });
});

describe('invitation', () => {
  it('re-associates a disassociated account with another partner', async () => {
    const id = await newCustomer();
    const d = await env.control.requestDisassociation({ partner_id: spId, customer_id: id, reason: 'x' });
    await env.control.decideAssociationAsCustomer({ record_id: d.record_id, customer_id: id, decision: 'approve' });
    const res = env.client({ role: 'reseller' });
    const resId = env.partner({ role: 'reseller' }).id;
    await env.control.advanceClock({ seconds: 86_400 });
    const inv = await env.control.inviteAssociation({
      partner_id: resId,
      customer_id: id,
      association_type: '2',
      reason: 'welcome',
    });
    expect(inv).toMatchObject({ operation_type: 'associate', status: 'pending' });
    expect(await info(id, res)).toBeUndefined();
    await env.control.decideAssociationAsCustomer({ record_id: inv.record_id, customer_id: id, decision: 'approve' });
    expect(await info(id, res)).toMatchObject({ association_type: '2', associated_on: '2024-01-02T00:00:00Z' });
    await res.updateCustomerAccountAmount({ customer_id: id, amount: 1 }).catch(() => undefined);
    await consoleError(
      env.control.inviteAssociation({ partner_id: spId, customer_id: id }),
      'CONSOLE.ALREADY_ASSOCIATED',
    );
    await consoleError(env.control.inviteAssociation({ partner_id: spId, customer_id: 'nobody' }), 'CBC.5002', 500);
  });
});

describe('the verification-code gate on association handling', () => {
  it('needs a code from the console when the partner turned it on; the codes show in ListSentCodes', async () => {
    const id = await newCustomer();
    const gate = await env.control.setConsoleVerification({
      partner_id: spId,
      enabled: true,
      mobile_phone: '13700000001',
    });
    expect(gate.gated_actions).toEqual(
      expect.arrayContaining(['RequestDisassociation', 'RequestAssociationTypeSwitch', 'DecideAssociationAsPartner']),
    );
    await consoleError(
      env.control.requestDisassociation({ partner_id: spId, customer_id: id, reason: 'x' }),
      'CONSOLE.VERIFICATION_REQUIRED',
    );
    await env.control.sendConsoleVerificationCode({ partner_id: spId });
    const sent = (await env.control.listSentCodes({ receiver: '13700000001' })).codes[0]!;
    expect(sent).toMatchObject({ scene: 0, state: 'active' });
    const wrong = sent.code === '000000' ? '111111' : '000000';
    await consoleError(
      env.control.requestDisassociation({ partner_id: spId, customer_id: id, reason: 'x', verification_code: wrong }),
      'CBC.99004010',
    );
    expect((await env.control.listAssociationRecords({ partner_id: spId, status: 'pending' })).total_count).toBe(0);
    await env.control.requestDisassociation({
      partner_id: spId,
      customer_id: id,
      reason: 'x',
      verification_code: sent.code,
    });
    expect((await env.control.listSentCodes({ receiver: '13700000001' })).codes[0]).toMatchObject({
      state: 'used',
      attempts_left: 2,
    });
    // The real API is never gated.
    const other = await newCustomer();
    await expect(sp.updateCustomerAccountAmount({ customer_id: other, amount: 1 })).resolves.toMatchObject({
      transfer_id: expect.any(String),
    });
  });
});

describe('persistence of the console state', () => {
  it('a restart from the journal rebuilds association records, standings, gates and leads exactly', async () => {
    const { createEngine, createControlClient } = await import('@partner-center/mock');
    const { serialize } = await import('node:v8');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'pc-console-'));
    try {
      const path = join(dir, 'mock.state');
      const options = { checkInvariants: true, clockFrozen: true, clockStart: Date.UTC(2024, 0, 1), stateFile: path };
      const engine = createEngine(options);
      const control = createControlClient({ engine });
      const partner = (await control.listPartners()).partners.find(
        (p) => p.role === 'solution_provider' && p.site === 'cn',
      )!;
      const lead = await control.createLead({ partner_id: partner.partner_id, company_name: 'P', contact_name: 'P' });
      const converted = await control.convertLead({
        partner_id: partner.partner_id,
        lead_id: lead.lead_id,
        xaccount_id: 'x-persist',
        xaccount_type: 'acme_IDP',
      });
      await control.advanceClock({ seconds: 5 });
      await control.setConsoleVerification({ partner_id: partner.partner_id, enabled: true });
      const { receiver } = await control.sendConsoleVerificationCode({ partner_id: partner.partner_id });
      await control
        .requestDisassociation({
          partner_id: partner.partner_id,
          customer_id: converted.customer_id,
          reason: 'x',
          verification_code: '999999',
        })
        .catch(() => undefined);
      const req = await control.requestDisassociation({
        partner_id: partner.partner_id,
        customer_id: converted.customer_id,
        reason: 'x',
        verification_code: await control.latestCode(receiver),
      });
      await control.setCustomerStanding({ customer_id: converted.customer_id, unpaid_orders: 1 });
      await control.setCustomerStanding({ customer_id: converted.customer_id, unpaid_orders: 0 });
      await control.decideAssociationAsCustomer({
        record_id: req.record_id,
        customer_id: converted.customer_id,
        decision: 'approve',
      });
      // No close(): as after kill -9, only the journal is there.
      const again = createEngine(options);
      const slices = (e: typeof engine) =>
        serialize([
          e.world.customers,
          e.world.associations,
          e.world.leads,
          e.world.profiles,
          e.world.gates,
          e.world.recharges,
          e.world.rebates,
          e.world.pickup,
          e.world.codes,
          e.world.funds,
        ]);
      expect(slices(again).equals(slices(engine))).toBe(true);
      const records = await createControlClient({ engine: again }).listAssociationRecords({
        partner_id: partner.partner_id,
      });
      expect(records.records.map((r) => [r.operation_type, r.status])).toEqual([
        ['disassociate', 'approved'],
        ['associate', 'approved'],
      ]);
      again.close();
      engine.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
