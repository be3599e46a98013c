/**
 * A tier-1 distributor issues voucher quota to one of its tier-2 resellers (云经销商), the reseller issues a voucher
 * from it to its own customer, and the distributor reclaims what is left of the quota.
 *
 * Huawei grants the distributor's own quota, not the API. Against the standalone mock (`pnpm mock` in another
 * terminal) the program grants the demo distributor a ¥1,000 voucher quota through the control surface first:
 *   pnpm example examples/reseller-quota.ts
 * Against the real service, set PARTNER_CENTER_ENDPOINT, the distributor's DISTRIBUTOR_AK / DISTRIBUTOR_SK, and the
 * reseller's RESELLER_ID / RESELLER_AK / RESELLER_SK: it issues ¥100 of the distributor's first usable voucher quota
 * to the reseller, registers a customer of the reseller and gives it a ¥30 voucher.
 */
import { createControlClient } from '@partner-center/mock';
import { createPartnerClient } from '@partner-center/sdk';
import { pathToFileURL } from 'node:url';

export interface ResellerQuotaOptions {
  baseUrl: string;
  distributor: { accessKey: string; secretKey: string };
  /** The reseller's partner id and AK/SK. */
  reseller: { id: string; accessKey: string; secretKey: string };
  log?: (line: string) => void;
  /** Distinguishes runs, so the example can run several times against one mock. */
  suffix?: string;
}

/** What the example did, for the caller (and its test) to check. */
export interface ResellerQuotaResult {
  resellerId: string;
  parentQuotaId: string;
  childQuotaId: string;
  couponId: string;
  /** The amount that went back to the parent quota on reclaim, in yuan. */
  reclaimed: number;
  /** The parent quota's balance before, after issuing to the reseller, and after the reclaim, in yuan. */
  parentBalances: [number, number, number];
}

const QUOTA_AMOUNT = 100;
const FACE_VALUE = 30;

/** Runs the example with the distributor's and the reseller's AK/SK. */
export async function resellerQuota(o: ResellerQuotaOptions): Promise<ResellerQuotaResult> {
  const log = o.log ?? console.log;
  const dist = createPartnerClient({ site: 'cn', baseUrl: o.baseUrl, credentials: o.distributor, reconcile: true });
  const res = createPartnerClient({
    site: 'cn',
    baseUrl: o.baseUrl,
    credentials: { accessKey: o.reseller.accessKey, secretKey: o.reseller.secretKey },
    reconcile: true,
  });
  const suffix = o.suffix ?? Date.now().toString(36);

  // Is it the distributor's reseller? (ListIndirectPartners is distributor-only.)
  const { indirect_partners } = await dist.listIndirectPartners({ indirect_partner_id: o.reseller.id });
  const reseller = indirect_partners?.[0];
  if (!reseller?.indirect_partner_id) throw new Error(`${o.reseller.id} is not a tier-2 reseller of this distributor`);
  const resellerId = reseller.indirect_partner_id;
  log(`1. reseller ${resellerId} (${reseller.name ?? reseller.account_name ?? 'unnamed'})`);

  const parentBalance = async (quota_id: string) =>
    (await dist.listQuotaCoupons({ quota_ids: [quota_id] })).quotas?.[0]?.balance ?? Number.NaN;
  let parent: { quota_id: string; balance: number } | undefined;
  for await (const q of dist.paginate.listQuotaCoupons({ quota_type: 0, quota_status_list: [0] })) {
    // The service may leave out any field of a quota: use only one that has its id and balance.
    if (q.quota_id !== undefined && q.balance !== undefined && q.balance >= QUOTA_AMOUNT) {
      parent = { quota_id: q.quota_id, balance: q.balance };
      break;
    }
  }
  if (!parent)
    throw new Error(
      `the distributor has no voucher quota with ¥${QUOTA_AMOUNT} left: Huawei grants quotas in its console`,
    );
  log(`2. the distributor's voucher quota ${parent.quota_id} has ¥${parent.balance}`);

  // Each reseller named gets a child quota of `quota_amount`, carved from the parent. Per-reseller failures come
  // back in `error_details` with HTTP 200.
  const issued = await dist.updateCouponQuotas({
    quota_id: parent.quota_id,
    indirect_partner_ids: [resellerId],
    quota_amount: QUOTA_AMOUNT,
  });
  // Both lists are left out when empty.
  if (issued.error_details?.length) throw new Error(`quota not issued: ${JSON.stringify(issued.error_details)}`);
  const child = issued.simple_quota_infos?.[0]?.quota_id;
  if (!child) throw new Error(`no child quota in ${JSON.stringify(issued)}`);
  const afterIssue = await parentBalance(parent.quota_id);
  log(`3. issued child quota ${child} (¥${QUOTA_AMOUNT}) to the reseller; the parent has ¥${afterIssue} left`);

  // The reseller sees the child quota among its own quotas and issues from it to its own customer.
  const mine = await res.listQuotaCoupons({ quota_ids: [child] });
  if (mine.quotas?.length !== 1)
    throw new Error(`the reseller credentials do not see quota ${child}: are they ${o.reseller.id}'s?`);
  const { domain_id: customer } = await res.createSubCustomer({
    xaccount_id: `reseller-user-${suffix}`,
    xaccount_type: 'example_IDP',
    domain_name: `reseller-cust-${suffix}`,
    include_association_result: true,
  });
  const coupons = await res.createPartnerCoupons({ quota_id: child, customer_ids: [customer], face_value: FACE_VALUE });
  const coupon = coupons.coupon_infos?.[0]?.coupon_id;
  if (!coupon) throw new Error(`voucher not issued: ${JSON.stringify(coupons.error_details)}`);
  log(`4. the reseller issued voucher ${coupon} (¥${FACE_VALUE}) to its customer ${customer}`);

  // The distributor sees what it issued, including the reseller's use of it.
  const { quotas } = await dist.listIssuedCouponQuotas({
    indirect_partner_id: resellerId,
    quota_id: child,
  });
  log(
    `5. issued quota ${child}: status ${quotas?.[0]?.quota_status}, balance ¥${quotas?.[0]?.balance} of ¥${quotas?.[0]?.quota_value}`,
  );

  // Reclaim always takes the child quota's whole remaining balance back to the parent.
  const reclaim = await dist.reclaimCouponQuotas({ quota_ids: [child], remark: 'end of campaign' });
  if (reclaim.error_details?.length) throw new Error(`quota not reclaimed: ${JSON.stringify(reclaim.error_details)}`);
  // `quota_balance` is the child quota's balance after the reclaim (0: the whole balance goes back), not the amount
  // reclaimed; that amount is in the reclaim record (operation type "11").
  const left = reclaim.simple_quota_infos?.[0]?.quota_balance;
  const afterReclaim = await parentBalance(parent.quota_id);

  const { records } = await dist.listCouponQuotasRecords({ quota_id: child });
  for (const r of records ?? [])
    log(`6. quota record: type ${r.operation_type} ¥${r.amount}${r.remark ? ` (${r.remark})` : ''}`);
  const reclaimed = records?.find((r) => r.operation_type === '11')?.amount ?? 0;
  log(`7. reclaimed ¥${reclaimed} of ${child} (¥${left ?? 0} left on it); the parent has ¥${afterReclaim}`);

  return {
    resellerId,
    parentQuotaId: parent.quota_id,
    childQuotaId: child,
    couponId: coupon,
    reclaimed,
    parentBalances: [parent.balance, afterIssue, afterReclaim],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const baseUrl = process.env.PARTNER_CENTER_ENDPOINT ?? 'http://127.0.0.1:4010';
  const env = process.env;
  if (env.DISTRIBUTOR_AK && env.DISTRIBUTOR_SK && env.RESELLER_ID && env.RESELLER_AK && env.RESELLER_SK) {
    await resellerQuota({
      baseUrl,
      distributor: { accessKey: env.DISTRIBUTOR_AK, secretKey: env.DISTRIBUTOR_SK },
      reseller: { id: env.RESELLER_ID, accessKey: env.RESELLER_AK, secretKey: env.RESELLER_SK },
    });
  } else {
    // The mock: the demo distributor and its reseller, and a quota granted as Huawei staff would.
    const control = createControlClient({ baseUrl });
    const { partners } = await control.listPartners();
    const dist = partners.find((p) => p.role === 'distributor' && p.site === 'cn')!;
    const res = partners.find((p) => p.role === 'reseller' && p.parent_partner_id === dist.partner_id)!;
    await control.grantCouponQuota({ partner_id: dist.partner_id, quota_type: 0, quota_value: 1000 });
    await resellerQuota({
      baseUrl,
      distributor: { accessKey: dist.access_key, secretKey: dist.secret_key },
      reseller: { id: res.partner_id, accessKey: res.access_key, secretKey: res.secret_key },
    });
  }
}
