/**
 * Issue a voucher (代金券) to a customer from a quota, and reclaim it.
 *
 * Quotas are granted by Huawei, not through the API. Against the standalone mock (`pnpm mock` in another terminal)
 * the program grants the partner a ¥1,000 voucher quota through the mock's control surface first, as Huawei staff
 * would:
 *   pnpm example examples/vouchers.ts
 * Against the real service, set PARTNER_CENTER_ENDPOINT, HUAWEICLOUD_AK and HUAWEICLOUD_SK: it uses the first
 * voucher quota in status 0 with at least ¥20 left, registers two customers and issues one ¥20 voucher.
 */
import { createControlClient } from '@partner-center/mock';
import { createPartnerClient, type PartnerClient } from '@partner-center/sdk';
import { pathToFileURL } from 'node:url';

export interface VouchersOptions {
  baseUrl: string;
  accessKey: string;
  secretKey: string;
  log?: (line: string) => void;
  /** Distinguishes runs, so the example can run several times against one mock. */
  suffix?: string;
}

/** What the example did, for the caller (and its test) to check. */
export interface VouchersResult {
  quotaId: string;
  customerId: string;
  couponId: string;
  /** The quota's balance before the issue, after it, and after the reclaim, in yuan. */
  quotaBalances: [number, number, number];
  /** The error code the referral customer got in `error_details`. */
  refusedCode: string;
}

const FACE_VALUE = 20;

/** A voucher quota (type 0) in status 0 (normal) that still covers one coupon. */
async function usableQuota(client: PartnerClient<'cn'>): Promise<{ quota_id: string; balance: number }> {
  for await (const q of client.paginate.listQuotaCoupons({ quota_type: 0, quota_status_list: [0] })) {
    // The service may leave out any field of a quota: use only one that has its id and balance.
    if (q.quota_id !== undefined && q.balance !== undefined && q.balance >= FACE_VALUE)
      return { quota_id: q.quota_id, balance: q.balance };
  }
  throw new Error(`no voucher quota with ¥${FACE_VALUE} left: Huawei grants quotas in its console`);
}

async function quotaBalance(client: PartnerClient<'cn'>, quota_id: string): Promise<number> {
  const { quotas } = await client.listQuotaCoupons({ quota_ids: [quota_id] });
  return quotas?.[0]?.balance ?? Number.NaN;
}

/** Runs the example as the partner whose AK/SK is given. */
export async function vouchers(o: VouchersOptions): Promise<VouchersResult> {
  const log = o.log ?? console.log;
  const client = createPartnerClient({
    site: 'cn',
    baseUrl: o.baseUrl,
    credentials: { accessKey: o.accessKey, secretKey: o.secretKey },
    reconcile: true,
  });
  const suffix = o.suffix ?? Date.now().toString(36);

  const quota = await usableQuota(client);
  log(`1. voucher quota ${quota.quota_id} has ¥${quota.balance} left`);

  // Coupons go only to reseller-model (代售) customers; a referral customer (cooperation_type "1") is refused.
  const register = async (name: string, cooperation_type?: '1') =>
    (
      await client.createSubCustomer({
        xaccount_id: `${name}-user-${suffix}`,
        xaccount_type: 'example_IDP',
        domain_name: `${name}-${suffix}`,
        include_association_result: true,
        ...(cooperation_type ? { cooperation_type } : {}),
      })
    ).domain_id;
  const customer = await register('voucher');
  const referral = await register('referral', '1');
  log(`2. registered reseller-model customer ${customer} and referral customer ${referral}`);

  // A batch call: each customer succeeds or fails on its own, and the answer is HTTP 200 either way. Always read
  // `error_details`; a thrown error means the whole call was refused (bad quota, validity, limits…).
  const issued = await client.createPartnerCoupons({
    quota_id: quota.quota_id,
    customer_ids: [customer, referral],
    face_value: FACE_VALUE,
    memo: 'welcome voucher',
  });
  // Both lists are left out when empty.
  const coupon_id = issued.coupon_infos?.find((c) => c.id === customer)?.coupon_id;
  const refused = issued.error_details?.find((d) => d.id === referral);
  if (!coupon_id || !refused) throw new Error(`unexpected answer ${JSON.stringify(issued)}`);
  const afterIssue = await quotaBalance(client, quota.quota_id);
  log(
    `3. issued voucher ${coupon_id} (¥${FACE_VALUE}); the referral customer got ${refused.error_code}: ${refused.error_msg}`,
  );
  log(`4. the quota has ¥${afterIssue} left`);

  const { user_coupons } = await client.listIssuedPartnerCoupons({ customer_id: customer });
  log(
    `5. the customer's vouchers: ${(user_coupons ?? []).map((c) => `${c.coupon_id} status ${c.status} balance ¥${c.balance}`).join('; ')}`,
  );

  // Reclaim takes the whole remaining balance of an available (status 2) coupon; the answer is 204, no body.
  await client.reclaimPartnerCoupons({ coupon_id });
  const afterReclaim = await quotaBalance(client, quota.quota_id);
  log(`6. reclaimed ${coupon_id}; the quota has ¥${afterReclaim} left`);

  const { records } = await client.listPartnerCouponsRecord({ coupon_ids: [coupon_id] });
  for (const r of records ?? [])
    log(`7. coupon record: type ${r.operation_type} ¥${r.operation_amount}${r.remark ? ` (${r.remark})` : ''}`);

  return {
    quotaId: quota.quota_id,
    customerId: customer,
    couponId: coupon_id,
    quotaBalances: [quota.balance, afterIssue, afterReclaim],
    refusedCode: refused.error_code ?? '',
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const baseUrl = process.env.PARTNER_CENTER_ENDPOINT ?? 'http://127.0.0.1:4010';
  let accessKey = process.env.HUAWEICLOUD_AK;
  let secretKey = process.env.HUAWEICLOUD_SK;
  if (!accessKey || !secretKey) {
    // The mock: the demo solution provider, and a quota granted as Huawei staff would (no API exists for it).
    const control = createControlClient({ baseUrl });
    const partner = (await control.listPartners()).partners.find(
      (p) => p.role === 'solution_provider' && p.site === 'cn',
    )!;
    await control.grantCouponQuota({ partner_id: partner.partner_id, quota_type: 0, quota_value: 1000 });
    ({ access_key: accessKey, secret_key: secretKey } = partner);
  }
  await vouchers({ baseUrl, accessKey, secretKey });
}
