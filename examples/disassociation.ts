/**
 * Handling a disassociation (解除关联): what a partner's system sees through the API when a customer leaves, and how
 * to account for the money that came back.
 *
 * There is no API for the disassociation itself: the partner applies in the Partner Center console and the customer
 * accepts in its account centre (or the other way round). The program plays those two console steps on the mock's
 * control surface; everything else is the real API. Against the standalone mock (`pnpm mock` in another terminal):
 *   pnpm example examples/disassociation.ts
 * `whatCameBack()` is the part that runs unchanged against the real service.
 */
import { createControlClient, type MockControlClient } from '@partner-center/mock';
import { createPartnerClient, PartnerCenterError, type PartnerClient } from '@partner-center/sdk';
import { pathToFileURL } from 'node:url';

/** What a disassociated (or type-switched) customer gave back to the partner, read from the records. */
export interface CameBack {
  /** Still the partner's customer? (ListSubCustomers finds it.) */
  associated: boolean;
  /** Allocated balance reclaimed on unbind (`SOURCE_OPERATION_BEUNBIND` adjust records), in yuan. */
  funds: number;
  /** Coupons reclaimed automatically: record type `3` on disassociation, `8` on an association-type switch. */
  coupons: { coupon_id?: string; amount?: number; type?: string }[];
}

/**
 * Reads, through the real API, whether a customer is still associated and what came back when it left, from
 * `since` on: the customer's `associated_on` is the natural bound, so keep it from ListSubCustomers while the
 * customer is still listed (a disassociated customer is not). Amounts are summed in cents, never as floats.
 */
export async function whatCameBack(client: PartnerClient<'cn'>, customer_id: string, since: string): Promise<CameBack> {
  const { count } = await client.listSubCustomers({ customer_id });
  let cents = 0;
  for await (const r of client.paginate.listPartnerAdjustRecords({
    customer_id,
    operation_type: 'SOURCE_OPERATION_BEUNBIND',
    operation_time_begin: since,
  })) {
    cents += Math.round(Number(r.amount) * 100);
  }
  const coupons: CameBack['coupons'] = [];
  for await (const r of client.paginate.listPartnerCouponsRecord({
    customer_id,
    operation_types: ['3', '8'],
    operation_time_begin: since,
  })) {
    coupons.push({ coupon_id: r.coupon_id, amount: r.operation_amount, type: r.operation_type });
  }
  return { associated: (count ?? 0) > 0, funds: cents / 100, coupons };
}

export interface DisassociationOptions {
  baseUrl: string;
  accessKey: string;
  secretKey: string;
  /** The partner's id (the console steps name it). */
  partnerId: string;
  /** The mock's control surface: plays the console steps (the quota grant, the request, the customer's answer). */
  control: MockControlClient;
  log?: (line: string) => void;
  /** Distinguishes runs, so the example can run several times against one mock. */
  suffix?: string;
}

/** Runs the example; returns the customer id and what came back. */
export async function disassociation(
  o: DisassociationOptions,
): Promise<{ customerId: string; cameBack: CameBack; refusedCode: string }> {
  const log = o.log ?? console.log;
  const client = createPartnerClient({
    site: 'cn',
    baseUrl: o.baseUrl,
    credentials: { accessKey: o.accessKey, secretKey: o.secretKey },
    reconcile: true,
  });
  const suffix = o.suffix ?? Date.now().toString(36);

  // A funded customer holding a voucher.
  const { domain_id: customer_id } = await client.createSubCustomer({
    xaccount_id: `leaving-user-${suffix}`,
    xaccount_type: 'example_IDP',
    domain_name: `leaving-${suffix}`,
    include_association_result: true,
  });
  await client.updateCustomerAccountAmount({ customer_id, amount: 50 });
  const quota = await o.control.grantCouponQuota({ partner_id: o.partnerId, quota_value: 100 }); // Huawei staff's job
  const { coupon_infos } = await client.createPartnerCoupons({
    quota_id: quota.quota_id,
    customer_ids: [customer_id],
    face_value: 20,
  });
  log(`1. customer ${customer_id} holds ¥50 of allocated funds and voucher ${coupon_infos?.[0]?.coupon_id} (¥20)`);

  // Keep the association time: everything given back is recorded after it.
  const { customer_infos } = await client.listSubCustomers({ customer_id });
  const since = customer_infos?.[0]?.associated_on;
  if (!since) throw new Error(`customer ${customer_id} is not listed as associated`);
  log(`2. associated on ${since}`);

  // In the console: the partner applies, the customer accepts. (Mock control surface; no API exists.)
  const request = await o.control.requestDisassociation({
    partner_id: o.partnerId,
    customer_id,
    reason: 'contract ended',
  });
  await o.control.decideAssociationAsCustomer({ record_id: request.record_id, customer_id, decision: 'approve' });
  log(`3. console: disassociation ${request.record_id} requested by the partner and accepted by the customer`);

  // Through the API, the customer is now a stranger: fund and coupon operations answer CBC.99000035.
  let refusedCode = '';
  try {
    await client.updateCustomerAccountAmount({ customer_id, amount: 1 });
  } catch (e) {
    if (!(e instanceof PartnerCenterError)) throw e;
    refusedCode = e.code;
    log(`4. allocating to it now is refused: ${e.code} (${e.errorMsg})`);
  }

  const cameBack = await whatCameBack(client, customer_id, since);
  log(
    `5. associated: ${cameBack.associated}; funds back: ¥${cameBack.funds}; coupons reclaimed: ${cameBack.coupons.map((c) => `${c.coupon_id} ¥${c.amount} (record type ${c.type})`).join(', ')}`,
  );
  return { customerId: customer_id, cameBack, refusedCode };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const baseUrl = process.env.PARTNER_CENTER_ENDPOINT ?? 'http://127.0.0.1:4010';
  const control = createControlClient({ baseUrl });
  const partner = (await control.listPartners()).partners.find(
    (p) => p.role === 'solution_provider' && p.site === 'cn',
  )!;
  await disassociation({
    baseUrl,
    accessKey: partner.access_key,
    secretKey: partner.secret_key,
    partnerId: partner.partner_id,
    control,
  });
}
