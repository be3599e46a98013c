/**
 * Allocate funds to a customer (拨款) and reclaim part of them (回收), then read the records both left.
 *
 * Against the standalone mock (`pnpm mock` in another terminal):
 *   pnpm example examples/funds.ts
 * Against the real service, set PARTNER_CENTER_ENDPOINT, HUAWEICLOUD_AK and HUAWEICLOUD_SK: it registers a new
 * reseller-model customer and moves ¥12.34 to it and ¥5.00 back, so use a test partner account.
 */
import { createControlClient } from '@partner-center/mock';
import { createPartnerClient, PartnerCenterError, type PartnerClient } from '@partner-center/sdk';
import { pathToFileURL } from 'node:url';

export interface FundsOptions {
  baseUrl: string;
  accessKey: string;
  secretKey: string;
  log?: (line: string) => void;
  /** Distinguishes runs, so the example can run several times against one mock. */
  suffix?: string;
}

/** What the example did, for the caller (and its test) to check. */
export interface FundsResult {
  customerId: string;
  transferId: string;
  reclaimId: string;
  /** The customer's balance after the allocation and after the reclaim, in yuan. */
  balances: [number, number];
  /** The partner's allocatable balance before and after, in yuan. */
  allocatable: [number, number];
}

/** The allocatable balance (account type 8: cash beyond the designated amount plus available credit), in yuan. */
async function allocatable(client: PartnerClient<'cn'>): Promise<number> {
  const { account_balances } = await client.listPartnerBalances();
  // The service may leave out an empty list or an empty field: read every one with a fallback.
  return account_balances?.find((a) => a.account_type === 8)?.amount ?? 0;
}

/** One customer's balance (reseller-model customers only), in yuan. */
async function customerBalance(client: PartnerClient<'cn'>, customer_id: string): Promise<number> {
  const { customer_balances } = await client.listCustomersBalancesDetail({ customer_infos: [{ customer_id }] });
  return customer_balances?.[0]?.amount ?? 0;
}

/** Runs the example as the partner whose AK/SK is given. */
export async function funds(o: FundsOptions): Promise<FundsResult> {
  const log = o.log ?? console.log;
  // `reconcile: true`: an allocation or reclaim whose outcome is unknown (a 5xx, a timeout, a dropped connection) is
  // looked up in the adjust records before anything is sent again, so a lost answer never moves money twice.
  const client = createPartnerClient({
    site: 'cn',
    baseUrl: o.baseUrl,
    credentials: { accessKey: o.accessKey, secretKey: o.secretKey },
    reconcile: true,
  });
  const suffix = o.suffix ?? Date.now().toString(36);

  const before = await allocatable(client);
  log(`1. allocatable balance: ¥${before}`);

  // Funds work only for reseller-model (代售) customers: the default when `cooperation_type` is not "1".
  const { domain_id: customer_id } = await client.createSubCustomer({
    xaccount_id: `funds-user-${suffix}`,
    xaccount_type: 'example_IDP',
    domain_name: `funds-${suffix}`,
    include_association_result: true, // answer once the association is complete, so the customer can be funded now
  });
  log(`2. registered reseller-model customer ${customer_id}`);

  const { transfer_id } = await client.updateCustomerAccountAmount({ customer_id, amount: 12.34 });
  const afterAllocation = await customerBalance(client, customer_id);
  log(`3. allocated ¥12.34 (transfer ${transfer_id}); the customer's balance is ¥${afterAllocation}`);

  const { trans_id } = await client.reclaimToPartnerAccount({ customer_id, amount: '5.00' }); // a numeric string works too
  const afterReclaim = await customerBalance(client, customer_id);
  log(`4. reclaimed ¥5.00 (transaction ${trans_id}); the customer's balance is ¥${afterReclaim}`);

  try {
    await client.reclaimToPartnerAccount({ customer_id, amount: 100 });
  } catch (e) {
    // A refusal is certain (the service answered): nothing moved, and the call is not retried.
    if (!(e instanceof PartnerCenterError) || e.code !== 'CBC.99005003') throw e;
    log(`5. reclaiming more than the customer holds is refused: ${e.code} (HTTP ${e.status})`);
  }

  const { records } = await client.listPartnerAdjustRecords({ customer_id });
  for (const r of records ?? [])
    log(`6. adjust record ${r.trans_id}: ${r.operation_type} ¥${r.amount} at ${r.operation_time}`);

  const after = await allocatable(client);
  log(`7. allocatable balance: ¥${after}`);
  return {
    customerId: customer_id,
    transferId: transfer_id,
    reclaimId: trans_id,
    balances: [afterAllocation, afterReclaim],
    allocatable: [before, after],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const baseUrl = process.env.PARTNER_CENTER_ENDPOINT ?? 'http://127.0.0.1:4010';
  const { HUAWEICLOUD_AK, HUAWEICLOUD_SK } = process.env;
  if (HUAWEICLOUD_AK && HUAWEICLOUD_SK) {
    await funds({ baseUrl, accessKey: HUAWEICLOUD_AK, secretKey: HUAWEICLOUD_SK });
  } else {
    // The mock: the demo solution provider (¥100,000 of cash to allocate).
    const partner = (await createControlClient({ baseUrl }).listPartners()).partners.find(
      (p) => p.role === 'solution_provider' && p.site === 'cn',
    )!;
    await funds({ baseUrl, accessKey: partner.access_key, secretKey: partner.secret_key });
  }
}
