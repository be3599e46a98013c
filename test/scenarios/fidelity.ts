/**
 * Fidelity to the real service (issue 12), end to end through the SDK, in-process (MSW) and over HTTP: the codes the
 * reference gives with HTTP 200, sparse answers, ReclaimCouponQuotas' quota_balance and the all-refused freeze.
 */
import { PartnerCenterError, type PartnerClient } from '@partner-center/sdk';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { freshScenario, type Scenario, type TestEnv } from '../support/env.js';

type Cn = PartnerClient<'cn'>;

export function fidelityScenarios(name: string, makeEnv: () => Promise<TestEnv>) {
  describe(`fidelity to the real service (${name})`, () => {
    let { env, sp, dist, spId, distId, resId } = {} as Scenario;
    let n = 0;
    beforeEach(async () => ({ env, sp, dist, spId, distId, resId } = await freshScenario(env ?? (await makeEnv()))));
    afterAll(async () => env?.close());

    const newCustomer = async (c: Cn, extra: Record<string, unknown> = {}) =>
      (
        await c.createSubCustomer({
          xaccount_id: `fi-${(n++).toString(36)}`,
          xaccount_type: 'acme_IDP',
          include_association_result: true,
          ...extra,
        })
      ).domain_id;

    /** The SDK's error for a call that must fail, with the HTTP status the service used. */
    const refusal = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => expect.unreachable('the call should have been refused'),
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(PartnerCenterError);
      return e as PartnerCenterError;
    };

    it('answers CBC.99000048 (ReclaimPartnerCoupons) with HTTP 200 and the error body; the SDK throws it', async () => {
      const customer = await newCustomer(sp);
      const quota = await env.control.grantCouponQuota({ partner_id: spId, quota_value: 100 });
      const issued = await sp.createPartnerCoupons({
        quota_id: quota.quota_id,
        customer_ids: [customer],
        face_value: 5,
      });
      const coupon_id = issued.coupon_infos![0]!.coupon_id;
      await sp.reclaimPartnerCoupons({ coupon_id });
      const e = await refusal(sp.reclaimPartnerCoupons({ coupon_id }));
      expect(e).toMatchObject({ status: 200, code: 'CBC.99000048', uncertain: false });
      // On the wire: status 200, the error envelope as the body.
      const raw = await sp.raw.POST('/v2/promotions/benefits/partner-coupons/reclaim', { body: { coupon_id } });
      expect(raw.response.status).toBe(200);
      expect(raw.data).toEqual({ error_code: 'CBC.99000048', error_msg: expect.any(String) });
    });

    it('answers CBC.5001 (ListPartnerBalances by a caller that is not a partner) with HTTP 200', async () => {
      const customer = await newCustomer(sp);
      const { token } = (await env.control.issueCustomerToken({ customer_id: customer })) as unknown as {
        token: string;
      };
      const e = await refusal(env.client({ token }).listPartnerBalances());
      expect(e).toMatchObject({ status: 200, code: 'CBC.5001' });
    });

    it('answers sparsely by default: optional empty fields are left out, required ones stay', async () => {
      expect(await sp.listSubCustomers({ customer_id: 'f'.repeat(32) })).toEqual({ count: 0 });
      expect(await dist.listIndirectPartners({ offset: 5 })).toEqual({ count: 1 });
      const customer = await newCustomer(sp);
      const [listed] = (await sp.listSubCustomers({ customer_id: customer })).customer_infos ?? [];
      // Never set: no label, no e-mail, no account manager; the documented always-present fields are there.
      expect(listed).toMatchObject({ customer_id: customer, account_name: expect.any(String) });
      expect(listed).not.toHaveProperty('label');
      expect(listed).not.toHaveProperty('account_managers');
    });

    it('ReclaimCouponQuotas: quota_balance is the child quota balance after the reclaim; the amount is in the record', async () => {
      const parent = await env.control.grantCouponQuota({ partner_id: distId, quota_value: 100 });
      const issued = await dist.updateCouponQuotas({
        quota_id: parent.quota_id,
        indirect_partner_ids: [resId],
        quota_amount: 30,
      });
      const child = issued.simple_quota_infos![0]!.quota_id;
      const back = await dist.reclaimCouponQuotas({ quota_ids: [child] });
      expect(back).toEqual({ simple_quota_infos: [{ quota_id: child, quota_balance: 0 }] });
      const { records } = await dist.listCouponQuotasRecords({ quota_id: child, operation_type: '11' });
      expect(records).toEqual([expect.objectContaining({ operation_type: '11', amount: 30 })]);
    });

    it('FreezeSubCustomers with every customer refused: a top-level error, not error_details', async () => {
      const intl = env.client({ role: 'solution_provider', site: 'intl' });
      const e = await refusal(intl.freezeSubCustomers({ customer_ids: ['f'.repeat(32)], reason: 'Arrears' }));
      expect(e).toMatchObject({ status: 400, code: 'CBC.99000035' });
    });
  });
}
