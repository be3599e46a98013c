/**
 * The association lifecycle and console capabilities over real HTTP against the standalone mock (control client and
 * SDK both over the wire), with the mock checking its answers against the spec and its invariants after every call.
 */
import { MockControlError } from '@partner-center/mock';
import { batchAllocate, type PartnerClient } from '@partner-center/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectError } from '../scenarios/registration.js';
import { httpEnv, type TestEnv } from '../support/env.js';

let env: TestEnv;
let sp: PartnerClient<'cn'>;
let spId: string;
let n = 0;

beforeAll(async () => {
  env = await httpEnv({ validateResponses: true });
});
afterAll(() => env?.close());
beforeEach(async () => {
  await env.control.reset();
  await env.control.setClock({ now: '2024-01-01T00:00:00Z', frozen: true });
  sp = env.client({ role: 'solution_provider' });
  spId = env.partner({ role: 'solution_provider' }).id;
});

const newCustomer = async () =>
  (
    await sp.createSubCustomer({
      xaccount_id: `x-http-${n++}`,
      xaccount_type: 'acme_IDP',
      include_association_result: true,
    })
  ).domain_id!;

describe('associations over HTTP', () => {
  it('switches, then disassociates a customer; the real API shows every effect', async () => {
    const id = await newCustomer();
    await env.control.batchAllocate({ partner_id: spId, allocations: [{ customer_id: id, amount: 60 }] });
    const quota = await env.control.grantCouponQuota({ partner_id: spId, quota_value: 100 });
    const coupon = (await sp.createPartnerCoupons({ quota_id: quota.quota_id, customer_ids: [id], face_value: 20 }))
      .coupon_infos![0]!.coupon_id;

    // Referral first (funds and coupons reclaimed, type 8), then back to reseller model, then disassociation.
    await env.control.advanceClock({ seconds: 60 });
    const sw = await env.control.requestAssociationTypeSwitch({
      partner_id: spId,
      customer_id: id,
      association_type: '1',
    });
    await env.control.decideAssociationAsCustomer({ record_id: sw.record_id, customer_id: id, decision: 'approve' });
    expect((await sp.listSubCustomers({ customer_id: id })).customer_infos![0]).toMatchObject({
      association_type: '1',
      associated_on: '2024-01-01T00:01:00Z',
    });
    expect((await sp.listPartnerCouponsRecord({ coupon_ids: [coupon], operation_types: ['8'] })).total_count).toBe(1);
    const back = await env.control.requestAssociationTypeSwitch({
      partner_id: spId,
      customer_id: id,
      association_type: '2',
    });
    await env.control.decideAssociationAsCustomer({ record_id: back.record_id, customer_id: id, decision: 'approve' });
    await sp.updateCustomerAccountAmount({ customer_id: id, amount: 5 });

    const d = await env.control.requestDisassociation({ partner_id: spId, customer_id: id, reason: 'ended' });
    const done = await env.control.decideAssociationAsCustomer({
      record_id: d.record_id,
      customer_id: id,
      decision: 'approve',
    });
    expect(done.effects).toMatchObject({ reclaimed_amount: 5 });
    expect((await sp.listSubCustomers()).count).toBe(0);
    await expectError(sp.updateCustomerAccountAmount({ customer_id: id, amount: 1 }), 400, 'CBC.99000035');
    const unbind = await sp.listPartnerAdjustRecords({ customer_id: id, operation_type: 'SOURCE_OPERATION_BEUNBIND' });
    expect(unbind.records!.map((r) => r.amount)).toEqual(['5.00', '60.00']);
    const history = await env.control.listAssociationRecords({ partner_id: spId, customer_id: id });
    expect(history.records.map((r) => [r.operation_type, r.status])).toEqual([
      ['disassociate', 'approved'],
      ['switch_type', 'approved'],
      ['switch_type', 'approved'],
      ['associate', 'approved'],
    ]);
  });

  it('refuses over HTTP with the console codes, and the gate reads its codes from ListSentCodes', async () => {
    const id = await newCustomer();
    await env.control.setCustomerStanding({ customer_id: id, unpaid_orders: 3 });
    const err = await env.control
      .requestDisassociation({ partner_id: spId, customer_id: id, reason: 'x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MockControlError);
    expect((err as MockControlError).body).toMatchObject({ error_code: 'CONSOLE.UNPAID_ORDERS' });
    await env.control.setCustomerStanding({ customer_id: id, unpaid_orders: 0 });
    await env.control.setConsoleVerification({ partner_id: spId, enabled: true, mobile_phone: '13600000000' });
    const { receiver } = await env.control.sendConsoleVerificationCode({ partner_id: spId });
    const code = (await env.control.listSentCodes({ receiver })).codes[0]!.code;
    const req = await env.control.requestDisassociation({
      partner_id: spId,
      customer_id: id,
      reason: 'x',
      verification_code: code,
    });
    expect(req.status).toBe('pending');
    // The SDK helper allocates over the real API, which the console gate does not touch.
    const other = await newCustomer();
    const report = await batchAllocate(sp, [
      { customer_id: other, amount: 3 },
      { customer_id: id, amount: 3 },
    ]);
    expect(report).toMatchObject({ succeeded: 2, failed: 0 });
  });
});
