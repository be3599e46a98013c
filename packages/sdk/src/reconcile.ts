/**
 * Finding out whether a money movement whose outcome is unknown was applied, from the service's own records
 * (adjust records, coupon records, quota records, the customer list), so it is never sent twice. The real API
 * has no idempotency key: this lookup is the only safe way to resend after an ambiguous failure.
 *
 * Each entry says which records operation to read, with which filters, and how a record matches the movement. Batch
 * movements (coupons to several customers, quotas to several resellers) are matched target by target, so only the
 * targets not found are sent again. An entry is used only when its records operation exists on the client's site.
 */

type Rec = Record<string, any>;

/** How one non-idempotent operation is looked up. */
export interface Reconciler {
  /** The records operation to read. */
  lookup: string;
  /** Its filters, from the movement's input and the earliest time the movement can carry (UTC `…Z`). */
  query(input: Rec, since: string): Rec;
  /** A batch's targets (customer ids, reseller ids, quota ids); absent for a single movement. */
  targets?(input: Rec): string[];
  /** Whether a record is the movement (for a batch: the movement to `target`). */
  matches(record: Rec, input: Rec, target: string | undefined): boolean;
  /** The answer the movement would have had, rebuilt from the matched records (with their targets). */
  output(found: [string | undefined, Rec][], input: Rec): unknown;
  /** A batch's input reduced to the targets not found. */
  remaining?(input: Rec, missing: string[]): Rec;
}

/** What a lookup found. `remaining` is what may still be sent: the whole input, or a batch's missing targets. */
export type Reconciliation<O, I> =
  | { status: 'applied'; output: O }
  | { status: 'partial'; output: O; remaining: I }
  | { status: 'not-found'; remaining: I };

const cents = (v: unknown) => Math.round(Number(v) * 100);
const succeeded = (r: Rec) => r.result === undefined || String(r.result) === '0';
const only = <T>(key: string, value: T) => (value === undefined || value === null || value === '' ? {} : { [key]: value });

/** Allocation or reclaim of a customer's (or a tier-2 reseller's) funds: one adjust record. */
const adjust = (type: string, idField: string, reseller: boolean): Reconciler => ({
  lookup: 'ListPartnerAdjustRecords',
  query: (i, since) => ({
    customer_id: reseller ? i.indirect_partner_id : i.customer_id,
    operation_type: type,
    operation_time_begin: since,
    ...(reseller ? {} : only('indirect_partner_id', i.indirect_partner_id)),
  }),
  matches: (r, i) => cents(r.amount) === cents(i.amount),
  output: (found) => ({ [idField]: found[0]![1].trans_id }),
});

/** A batch with one record per target, `key` naming the input array and `field` the record's target field. */
const batch = (lookup: string, key: string, field: string, query: Reconciler['query'], matches: (r: Rec, i: Rec) => boolean, output: Reconciler['output']): Reconciler => ({
  lookup,
  query,
  targets: (i) => i[key] ?? [],
  matches: (r, i, t) => r[field] === t && succeeded(r) && matches(r, i),
  output,
  remaining: (i, missing) => ({ ...i, [key]: missing }),
});

/** The lookups of every non-idempotent operation the SDK knows how to reconcile, by operationId. */
export const reconcilers = {
  UpdateCustomerAccountAmount: adjust('SOURCE_OPERATION_BEADJUST', 'transfer_id', false),
  ReclaimToPartnerAccount: adjust('SOURCE_OPERATION_BERETRIEVE', 'trans_id', false),
  UpdateIndirectPartnerAccount: adjust('SOURCE_OPERATION_BEADJUST', 'transfer_id', true),
  ReclaimIndirectPartnerAccount: adjust('SOURCE_OPERATION_BERETRIEVE', 'trans_id', true),
  UpdateCouponQuotas: batch(
    'ListCouponQuotasRecords',
    'indirect_partner_ids',
    'indirect_partner_id',
    (i, since) => ({ parent_quota_id: i.quota_id, operation_type: '10', operation_time_begin: since }),
    (r, i) => cents(r.amount) === cents(i.quota_amount),
    (found) => ({ error_details: [], simple_quota_infos: found.map(([id, r]) => ({ id, quota_id: r.quota_id })) }),
  ),
  ReclaimCouponQuotas: batch(
    'ListCouponQuotasRecords',
    'quota_ids',
    'quota_id',
    (_, since) => ({ operation_type: '11', operation_time_begin: since }),
    () => true,
    (found) => ({ error_details: [], simple_quota_infos: found.map(([quota_id, r]) => ({ quota_id, quota_balance: Number(r.amount) })) }),
  ),
  CreatePartnerCoupons: batch(
    'ListPartnerCouponsRecord',
    'customer_ids',
    'customer_id',
    (i, since) => ({ quota_id: i.quota_id, operation_types: ['1'], operation_time_begin: since, ...only('indirect_partner_id', i.indirect_partner_id) }),
    (r, i) => cents(r.operation_amount) === cents(i.face_value),
    (found) => ({ error_details: [], coupon_infos: found.map(([id, r]) => ({ id, coupon_id: r.coupon_id })) }),
  ),
  ReclaimPartnerCoupons: {
    lookup: 'ListPartnerCouponsRecord',
    query: (i, since) => ({ coupon_ids: [i.coupon_id], operation_types: ['2'], operation_time_begin: since, ...only('indirect_partner_id', i.indirect_partner_id) }),
    matches: (r, i) => r.coupon_id === i.coupon_id && succeeded(r),
    output: () => undefined,
  },
  // xaccount_id is unique across the service, so the customer list (filtered by login name when one was given)
  // identifies the account without a time window.
  CreateSubCustomer: {
    lookup: 'ListSubCustomers',
    query: (i) => ({ ...only('account_name', i.domain_name), ...only('indirect_partner_id', i.indirect_partner_id) }),
    matches: (r, i) => r.xaccount_id === i.xaccount_id,
    output: (found) => ({ domain_id: found[0]![1].customer_id, domain_name: found[0]![1].account_name }),
  },
} satisfies Record<string, Reconciler>;

/** An operation the SDK can reconcile. */
export type ReconcilableId = keyof typeof reconcilers;

/** `yyyy-MM-ddTHH:mm:ssZ`, the service's timestamp format. */
export function utcSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Reads the records and matches them against the movement. */
export async function reconcileWith(r: Reconciler, input: Rec, since: Date, list: (operationId: string, query: Rec) => AsyncIterable<Rec>): Promise<Reconciliation<unknown, Rec>> {
  const records: Rec[] = [];
  for await (const rec of list(r.lookup, r.query(input, utcSeconds(since)))) records.push(rec);
  const used = new Set<Rec>();
  const found: [string | undefined, Rec][] = [];
  const missing: string[] = [];
  for (const t of r.targets?.(input) ?? [undefined]) {
    const hit = records.find((rec) => !used.has(rec) && r.matches(rec, input, t));
    if (hit) {
      used.add(hit);
      found.push([t, hit]);
    } else if (t !== undefined) missing.push(t);
  }
  if (!found.length) return { status: 'not-found', remaining: input };
  const output = r.output(found, input);
  return missing.length ? { status: 'partial', output, remaining: r.remaining!(input, missing) } : { status: 'applied', output };
}

/** Merges the answers of a batch sent in parts: arrays are concatenated, other fields taken from the latest part. */
export function mergeOutputs(a: unknown, b: unknown): unknown {
  if (a === undefined || !a || typeof a !== 'object' || !b || typeof b !== 'object') return b ?? a;
  const out: Rec = { ...(a as Rec) };
  for (const [k, v] of Object.entries(b as Rec)) out[k] = Array.isArray(v) && Array.isArray(out[k]) ? [...out[k], ...v] : v;
  return out;
}
