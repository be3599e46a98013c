import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mswEnv, type TestEnv } from '../support/env.js';
import { couponScenarios } from '../scenarios/coupons.js';

couponScenarios('in-process through MSW', async () => mswEnv());

describe('coupons: reclaimed balance kept away from the quota (setting couponReclaimReturnsToQuota off)', () => {
  // Created when this suite starts, after the scenarios above closed theirs: two MSW servers in one process would
  // both intercept the same requests.
  let env: TestEnv;
  beforeAll(() => {
    env = mswEnv({ settings: { couponReclaimReturnsToQuota: false } });
  });
  afterAll(() => env.close());

  it('reclaims the coupon without crediting its quota, and still records the reclaim', async () => {
    const sp = env.client({ role: 'solution_provider' });
    const spId = env.partner({ role: 'solution_provider' }).id;
    const customer = (
      await sp.createSubCustomer({
        xaccount_id: 'x-setting',
        xaccount_type: 'acme_IDP',
        include_association_result: true,
      })
    ).domain_id!;
    const quota = await env.control.grantCouponQuota({ partner_id: spId, quota_value: 100 });
    const [info] = (
      await sp.createPartnerCoupons({ quota_id: quota.quota_id, customer_ids: [customer], face_value: 40 })
    ).coupon_infos!;
    await sp.reclaimPartnerCoupons({ coupon_id: info!.coupon_id });
    expect((await sp.listQuotaCoupons({ quota_ids: [quota.quota_id] })).quotas![0]!.balance).toBe(60);
    expect((await sp.listPartnerCouponsRecord({ operation_types: ['2'] })).records).toEqual([
      expect.objectContaining({ coupon_id: info!.coupon_id, operation_amount: 40 }),
    ]);
  });
});
