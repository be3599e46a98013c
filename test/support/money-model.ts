/**
 * The contract-level money property: random sequences of every money movement the real API has, sent through the SDK
 * to the in-process mock with faults and clock moves in between, checked against a ledger the test keeps itself.
 *
 * The oracle is independent of the mock: the model holds, per account, the opening balance plus the movements the SDK
 * acknowledged (and, when a call failed in a way that leaves its outcome unknown, the movement the API's own records
 * then show). After every step each balance the API reports (partner cash, credit and allocatable accounts, customer
 * allocation balances, quota, child-quota and coupon balances) must equal the model's, to the cent. The mock's own
 * invariant checker runs too (`checkInvariants: true`), but it is not what decides.
 *
 * Only the China site moves money through the open API (allocation, reclaim, reseller funding, quotas and coupons
 * are China-only operations); the international partners open at zero and the model checks they stay there.
 */
import { PartnerCenterError, type PartnerClient, SdkError } from '@partner-center/sdk';
import fc from 'fast-check';
import type { TestEnv } from './env.js';

// ---- money in cents -----------------------------------------------------------------------------------------------

/** Yuan with two decimals from integer cents, the way a caller formats an amount (no floating-point arithmetic). */
export const yuan = (cents: number): string => {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};
/** Cents of an amount the API answered (a number or a string with at most two decimals), parsed exactly. */
export const cents = (v: number | string): number => {
  const s = typeof v === 'number' ? v.toFixed(2) : v;
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new Error(`not an amount: ${JSON.stringify(v)}`);
  const n = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -n : n;
};

// ---- steps ----------------------------------------------------------------------------------------------------------

export type Role = 'sp' | 'dist' | 'res';
/** A fault armed on the step's own operation for its next call (`timeout`: a latency beyond the SDK's timeout). */
export type Fault = 'none' | 'error' | 'fail_after_commit' | 'latency' | 'reset' | 'timeout';
/** An amount in cents and how the caller writes it (a JSON number or a numeric string, both with two decimals). */
export interface Amount {
  cents: number;
  asString: boolean;
  /** For a reclaim: take `1 + cents mod held` instead when the model says something is held (fewer refusals). */
  part?: boolean;
}
export type Step =
  | { kind: 'create'; role: Role; immediate: boolean }
  | { kind: 'allocate' | 'reclaim'; role: Role; customer: number; amount: Amount; fault: Fault }
  | { kind: 'fundReseller' | 'reclaimReseller'; amount: Amount; fault: Fault }
  | { kind: 'grant'; role: Role; amount: Amount; cash: boolean }
  | { kind: 'issueQuota'; quota: number; amount: Amount; fault: Fault }
  | { kind: 'reclaimQuota'; quota: number; fault: Fault }
  | { kind: 'coupons'; role: Role; quota: number; customers: number[]; amount: Amount; fault: Fault }
  | { kind: 'reclaimCoupon'; role: Role; coupon: number; fault: Fault }
  | { kind: 'switch' | 'disassociate'; customer: number; accept: boolean }
  | { kind: 'advance'; seconds: number };

/** Integer cents: mostly small and medium, sometimes beyond any balance (refusals must change nothing). */
const amountCents = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 99_99 }) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 50_000_00 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 1_000_000_00 }) },
);
const amount: fc.Arbitrary<Amount> = fc.record({ cents: amountCents, asString: fc.boolean(), part: fc.boolean() });
const fault: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Fault>('none') },
  { weight: 1, arbitrary: fc.constantFrom<Fault>('error', 'fail_after_commit', 'latency', 'reset', 'timeout') },
);
const role = fc.constantFrom<Role>('sp', 'dist', 'res');
const index = fc.nat({ max: 7 });
// fast-check's boolean has no bias option; an 80% "associate at once" keeps most customers reachable.
const mostly = fc.integer({ min: 0, max: 9 }).map((n) => n < 8);

/** One random step. */
export const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), role, immediate: mostly }),
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('allocate' as const, 'reclaim' as const),
      role,
      customer: index,
      amount,
      fault,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('fundReseller' as const, 'reclaimReseller' as const),
      amount,
      fault,
    }),
  },
  fc.record({ kind: fc.constant('grant' as const), role, amount, cash: fc.boolean() }),
  fc.record({ kind: fc.constant('issueQuota' as const), quota: index, amount, fault }),
  fc.record({ kind: fc.constant('reclaimQuota' as const), quota: index, fault }),
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('coupons' as const),
      role,
      quota: index,
      customers: fc.uniqueArray(index, { minLength: 1, maxLength: 2 }),
      amount,
      fault,
    }),
  },
  fc.record({ kind: fc.constant('reclaimCoupon' as const), role, coupon: index, fault }),
  fc.record({ kind: fc.constantFrom('switch' as const, 'disassociate' as const), customer: index, accept: mostly }),
  fc.record({ kind: fc.constant('advance' as const), seconds: fc.constantFrom(1, 3, 3600, 40 * 86_400, 100 * 86_400) }),
);

const a = (yuanCents: number, asString = false): Amount => ({ cents: yuanCents, asString });

/** What a random run starts from: customers on both sides, quotas of both types, a funded reseller. */
export const setup: Step[] = [
  { kind: 'create', role: 'sp', immediate: true },
  { kind: 'create', role: 'sp', immediate: true },
  { kind: 'create', role: 'dist', immediate: true },
  { kind: 'create', role: 'res', immediate: true },
  { kind: 'grant', role: 'sp', amount: a(1000_00), cash: false },
  { kind: 'grant', role: 'dist', amount: a(1000_00), cash: false },
  { kind: 'grant', role: 'sp', amount: a(500_00), cash: true },
  { kind: 'fundReseller', amount: a(2000_01), fault: 'none' },
];

/**
 * The fixed sequence of the coverage test: each movement once plainly and once under each fault, so every run exercises all
 * of them whatever the seed (the random steps then explore the orders, amounts and refusals).
 */
export const prologue: Step[] = [
  { kind: 'create', role: 'sp', immediate: true },
  { kind: 'create', role: 'sp', immediate: true },
  { kind: 'create', role: 'dist', immediate: true },
  { kind: 'create', role: 'res', immediate: true },
  { kind: 'grant', role: 'sp', amount: a(1000_00), cash: false },
  { kind: 'grant', role: 'dist', amount: a(1000_00), cash: false },
  { kind: 'grant', role: 'sp', amount: a(500_00), cash: true },
  { kind: 'allocate', role: 'sp', customer: 0, amount: a(123_45), fault: 'none' },
  { kind: 'reclaim', role: 'sp', customer: 0, amount: a(23_45, true), fault: 'fail_after_commit' },
  { kind: 'fundReseller', amount: a(2000_01), fault: 'none' },
  { kind: 'fundReseller', amount: a(300_07, true), fault: 'fail_after_commit' },
  { kind: 'reclaimReseller', amount: a(1_03), fault: 'error' },
  { kind: 'reclaimReseller', amount: a(1_03), fault: 'latency' },
  { kind: 'allocate', role: 'dist', customer: 0, amount: a(99_99), fault: 'timeout' },
  { kind: 'allocate', role: 'res', customer: 1, amount: a(10_01, true), fault: 'reset' },
  { kind: 'allocate', role: 'sp', customer: 1, amount: a(5_00), fault: 'fail_after_commit' },
  { kind: 'issueQuota', quota: 0, amount: a(200_00), fault: 'none' },
  { kind: 'issueQuota', quota: 0, amount: a(50_50), fault: 'fail_after_commit' },
  { kind: 'coupons', role: 'sp', quota: 0, customers: [0, 1], amount: a(20_50), fault: 'none' },
  { kind: 'coupons', role: 'res', quota: 0, customers: [0], amount: a(7_77, true), fault: 'fail_after_commit' },
  { kind: 'coupons', role: 'dist', quota: 1, customers: [1], amount: a(3_00), fault: 'none' },
  { kind: 'coupons', role: 'sp', quota: 1, customers: [0], amount: a(12_34), fault: 'none' },
  { kind: 'reclaimCoupon', role: 'sp', coupon: 0, fault: 'fail_after_commit' },
  { kind: 'reclaimCoupon', role: 'sp', coupon: 1, fault: 'none' },
  { kind: 'reclaimCoupon', role: 'dist', coupon: 3, fault: 'latency' },
  { kind: 'reclaim', role: 'sp', customer: 0, amount: a(50_00), fault: 'none' },
  { kind: 'reclaim', role: 'res', customer: 0, amount: a(1), fault: 'error' },
  { kind: 'reclaimQuota', quota: 1, fault: 'fail_after_commit' },
  { kind: 'reclaimQuota', quota: 0, fault: 'none' },
  { kind: 'disassociate', customer: 1, accept: true },
  { kind: 'switch', customer: 2, accept: true },
  { kind: 'advance', seconds: 3600 },
  // Past the quotas' validity: the coupons still held expire (their balance is gone, not returned to the quota),
  // and issuing from an expired quota or reclaiming an expired coupon is refused.
  { kind: 'advance', seconds: 100 * 86_400 },
  { kind: 'coupons', role: 'sp', quota: 0, customers: [0], amount: a(1_00), fault: 'none' },
  { kind: 'reclaimCoupon', role: 'dist', coupon: 2, fault: 'none' },
  { kind: 'allocate', role: 'sp', customer: 0, amount: a(1), fault: 'none' },
];

// ---- the model ------------------------------------------------------------------------------------------------------

interface PartnerModel {
  id: string;
  cash: number;
  credit: number;
  creditLine: number;
}
interface CustomerModel {
  id: string;
  owner: 'sp' | 'res';
  balance: number;
  /** Still a reseller-model (代售) customer of its partner: listed by ListCustomersBalancesDetail. */
  fundable: boolean;
  /** When its association completes (at once, or after the mock's `associationDelayMs`, 2 s by default). */
  associatedAt: number;
  /** Disassociated (rather than switched to referral): no partner any more. */
  disassociated?: boolean;
}
interface QuotaModel {
  id: string;
  owner: Role;
  type: 0 | 1;
  balance: number;
  expiresAt: number;
  /** Child quotas: the parent, and whether it was reclaimed. */
  parent?: QuotaModel;
  reclaimed?: boolean;
}
interface CouponModel {
  id: string;
  issuer: 'sp' | 'res';
  customer: CustomerModel;
  quota: QuotaModel;
  balance: number;
  expiresAt: number;
  /** 2 available, 4 expired, 5 reclaimed (the statuses this property reaches). */
  status: 2 | 4 | 5;
}

/** What the runs applied, by kind (`allocate`, `allocate:fail_after_commit` …): the property must move money. */
export type Applied = Map<string, number>;

const OPERATION: Record<string, string> = {
  allocate: 'UpdateCustomerAccountAmount',
  reclaim: 'ReclaimToPartnerAccount',
  fundReseller: 'UpdateIndirectPartnerAccount',
  reclaimReseller: 'ReclaimIndirectPartnerAccount',
  issueQuota: 'UpdateCouponQuotas',
  reclaimQuota: 'ReclaimCouponQuotas',
  coupons: 'CreatePartnerCoupons',
  reclaimCoupon: 'ReclaimPartnerCoupons',
};

const START = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;
const QUOTA_DAYS = 90;
const TIMEOUT_MS = 15;
const ASSOCIATION_DELAY_MS = 2000;
const LATE_MS = 40;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Thrown when an API-reported balance differs from the model's: the property's failure. */
export class MoneyMismatch extends Error {
  override name = 'MoneyMismatch';
}

/**
 * Runs one sequence (the prologue, then `steps`) on a freshly reset mock and checks every balance after each step.
 * Throws `MoneyMismatch` (or the unexpected error) on the first difference.
 */
export interface MoneyOptions {
  /** Read the balance of disassociated customers with their own token too (on unless `false`). */
  disassociatedReadOwnBalance?: boolean;
}

export async function runMoney(
  env: TestEnv,
  steps: Step[],
  applied: Applied = new Map(),
  options: MoneyOptions = {},
): Promise<void> {
  await env.control.clearFaults();
  await env.control.reset();
  await env.control.setClock({ now: new Date(START).toISOString(), frozen: true });
  let now = START;
  const partnerOf = (r: Role) =>
    env.partner({ role: r === 'sp' ? 'solution_provider' : r === 'dist' ? 'distributor' : 'reseller' });
  const ids = { sp: partnerOf('sp').id, dist: partnerOf('dist').id, res: partnerOf('res').id };
  const clients: Record<Role, PartnerClient<'cn'>> = {
    sp: env.client({ role: 'solution_provider' }),
    dist: env.client({ role: 'distributor' }),
    res: env.client({ role: 'reseller' }),
  };
  const intl = env.client<'intl'>({ role: 'solution_provider', site: 'intl' });
  const { domain_id: intlCustomer } = await intl.createSubCustomer({
    xaccount_id: 'money-intl',
    xaccount_type: 'prop_IDP',
    domain_area: 'MX',
    include_association_result: true,
  });
  // Opening balances, from the mock's documented seed (docs/guides/funds.md, "In the mock").
  const partners: Record<Role, PartnerModel> = {
    sp: { id: ids.sp, cash: 100_000_00, credit: 0, creditLine: 0 },
    dist: { id: ids.dist, cash: 500_000_00, credit: 200_000_00, creditLine: 200_000_00 },
    res: { id: ids.res, cash: 0, credit: 0, creditLine: 0 },
  };
  const customers: CustomerModel[] = [];
  const quotas: QuotaModel[] = [];
  const coupons: CouponModel[] = [];
  /** Ids of every movement the model has booked (transfer/trans ids, coupon ids, quota record ids). */
  const booked = new Set<string>();
  const trace: string[] = [];
  let n = 0;

  // Money rules of the partner accounts (funds guide): out of free cash first, then credit; back into credit in use
  // first, then cash; a reseller is funded and reclaimed in cash only.
  const takeFrom = (p: PartnerModel, c: number, cashOnly = false) => {
    const fromCash = cashOnly ? c : Math.min(c, p.cash);
    p.cash -= fromCash;
    p.credit -= c - fromCash;
  };
  const giveTo = (p: PartnerModel, c: number, cashOnly = false) => {
    const toCredit = cashOnly ? 0 : Math.min(c, p.creditLine - p.credit);
    p.credit += toCredit;
    p.cash += c - toCredit;
  };
  /** The partner a role's customers belong to, and the extra field a distributor acting for its reseller sends. */
  const ownerOf = (r: Role): 'sp' | 'res' => (r === 'sp' ? 'sp' : 'res');
  const indirect = (r: Role) => (r === 'dist' ? { indirect_partner_id: ids.res } : {});
  /** A reclaim's amount: with `part`, something the model says is held (the API still decides). */
  const within = (x: Amount, held: number): Amount => (x.part && held > 0 ? { ...x, cents: 1 + (x.cents % held) } : x);
  const wire = (x: Amount) => (x.asString ? yuan(x.cents) : Number(yuan(x.cents)));
  /** A customer of the partner the role acts for (another's at index 7, to exercise the refusals). */
  const customerFor = (r: Role, i: number) => {
    const mine = customers.filter((c) => c.owner === ownerOf(r) && c.fundable);
    const pool = i === 7 || mine.length === 0 ? customers : mine;
    return pool[i % Math.max(1, pool.length)];
  };
  const count = (kind: string) => applied.set(kind, (applied.get(kind) ?? 0) + 1);
  const fail = (what: string) => {
    throw new MoneyMismatch(`${what}\n  after: ${trace.slice(-6).join('\n         ')}`);
  };
  const expectCents = (what: string, got: number | string, want: number) => {
    if (cents(got) !== want) fail(`${what}: the API reports ${yuan(cents(got))}, the model ${yuan(want)}`);
  };

  /**
   * Sends one movement with its fault armed. Answers the result when the SDK acknowledged it, `refused` when the call
   * was refused with nothing applied, `unknown` when the outcome is unknown (the caller then reconciles).
   */
  const send = async <T>(
    kind: string,
    f: Fault,
    call: (o: { timeoutMs?: number; retry?: false }) => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; unknown: boolean }> => {
    const operation = OPERATION[kind]!;
    if (f === 'latency') await env.control.addFault({ operation, nth: 1, action: 'latency', latency_ms: 2 });
    else if (f === 'timeout') await env.control.addFault({ operation, nth: 1, action: 'latency', latency_ms: LATE_MS });
    else if (f !== 'none') await env.control.addFault({ operation, nth: 1, action: f, status: 503 });
    try {
      const value = await call(f === 'timeout' ? { timeoutMs: TIMEOUT_MS, retry: false } : {});
      if (f === 'error' || f === 'fail_after_commit' || f === 'reset' || f === 'timeout')
        fail(`${kind} under fault ${f} answered success`);
      return { ok: true, value };
    } catch (e) {
      if (e instanceof MoneyMismatch || !(e instanceof SdkError)) throw e;
      if (e.uncertain && (f === 'none' || f === 'latency')) fail(`${kind} failed with no fault armed: ${e.message}`);
      if (e.uncertain) {
        // A timed-out call is still running in the mock: wait until it landed before looking at the records.
        if (f === 'timeout') await sleep(LATE_MS * 2);
        return { ok: false, unknown: true };
      }
      if (e.status !== undefined && e.status >= 500) fail(`${kind}: ${e.message} (a 5xx that is not uncertain)`);
      return { ok: false, unknown: false };
    } finally {
      if (f !== 'none') await env.control.clearFaults();
    }
  };
  const acknowledged = (kind: string, f: Fault, how: 'ack' | 'reconciled') =>
    count(how === 'ack' ? kind : `${kind}:${f}`);

  // ---- reconciliation: what the API's records say about a movement whose outcome was unknown ----------------------

  /** New adjust records of `type` for `counterparty`, seen by `as` (acting for its reseller with `indirect`). */
  const newAdjustRecords = async (
    as: Role,
    type: 'SOURCE_OPERATION_BEADJUST' | 'SOURCE_OPERATION_BERETRIEVE',
    counterparty: string,
    extra: { indirect_partner_id?: string } = {},
  ) => {
    const { records, total_count } = await clients[as].listPartnerAdjustRecords({
      customer_id: counterparty,
      operation_type: type,
      limit: 100,
      ...extra,
    });
    if (total_count! > 100) fail('more adjust records than one page');
    return (records ?? []).filter((r) => !booked.has(r.trans_id!));
  };
  const reconcileOne = <R>(kind: string, found: R[]): R | undefined => {
    if (found.length > 1) fail(`${kind}: ${found.length} records of one unknown outcome`);
    return found[0];
  };

  // ---- the checks: every balance the API reports against the model ------------------------------------------------

  const advanceModelClock = () => {
    for (const c of coupons)
      if (c.status === 2 && now >= c.expiresAt) {
        c.status = 4; // expiry clears the balance; nothing returns to the quota
        c.balance = 0;
        count('expire');
      }
  };

  const check = async (full: boolean) => {
    advanceModelClock();
    for (const r of ['sp', 'dist', 'res'] as const) {
      const p = partners[r];
      const { account_balances } = await clients[r].listPartnerBalances();
      const by = (t: number) => (account_balances ?? []).find((x) => x.account_type === t);
      expectCents(`${r} cash (account type 1)`, by(1)?.amount ?? 0, p.cash);
      expectCents(`${r} credit available (account type 2)`, by(2)?.amount ?? 0, p.credit);
      expectCents(`${r} credit line`, by(2)?.credit_amount ?? 0, p.creditLine);
      expectCents(`${r} allocatable (account type 8)`, by(8)?.amount ?? 0, p.cash + p.credit);
    }
    if (!full) return checkCustomers();
    // The distributor reads its reseller's accounts too: the same numbers.
    const viaDist = await clients.dist.listPartnerBalances({ indirect_partner_id: ids.res });
    expectCents(
      'res cash read by the distributor',
      (viaDist.account_balances ?? []).find((x) => x.account_type === 1)?.amount ?? 0,
      partners.res.cash,
    );
    await checkCustomers();
    await checkBenefits();
  };
  const checkCustomers = async () => {
    for (const owner of ['sp', 'res'] as const) {
      const mine = customers.filter((c) => c.owner === owner && c.fundable && c.associatedAt <= now);
      if (mine.length === 0) continue;
      const { customer_balances } = await clients[owner].listCustomersBalancesDetail({
        customer_infos: mine.map((c) => ({ customer_id: c.id })),
      });
      for (const c of mine) {
        const got = (customer_balances ?? []).find((b) => b.customer_id === c.id);
        if (!got) fail(`customer ${c.id} of ${owner} missing from ListCustomersBalancesDetail`);
        expectCents(`customer ${c.id} of ${owner}`, got?.amount ?? 0, c.balance);
      }
    }
  };
  const checkBenefits = async () => {
    for (const r of ['sp', 'dist', 'res'] as const) {
      for (const type of [0, 1] as const) {
        const mine = quotas.filter((q) => q.owner === r && q.type === type && !q.reclaimed);
        const { quotas: listed, total_count } = await clients[r].listQuotaCoupons({ quota_type: type, limit: 100 });
        if (total_count! > 100) fail('more quotas than one page');
        for (const q of mine) {
          const got = (listed ?? []).find((x) => x.quota_id === q.id);
          if (!got) fail(`quota ${q.id} of ${r} missing from ListQuotaCoupons`);
          expectCents(`quota ${q.id} of ${r}`, got?.balance ?? 0, q.balance);
        }
        for (const x of listed ?? [])
          if (!mine.some((q) => q.id === x.quota_id)) fail(`${r} lists quota ${x.quota_id} the model never saw`);
      }
    }
    const children = quotas.filter((q) => q.parent);
    if (children.length > 0) {
      const { quotas: issued } = await clients.dist.listIssuedCouponQuotas({ limit: 100 });
      for (const q of children) {
        const got = (issued ?? []).find((x) => x.quota_id === q.id);
        if (!got) fail(`child quota ${q.id} missing from ListIssuedCouponQuotas`);
        expectCents(`child quota ${q.id}${q.reclaimed ? ' (reclaimed)' : ''}`, got?.balance ?? 0, q.balance);
      }
    }
    for (const issuer of ['sp', 'res'] as const) {
      const { user_coupons, total_count } = await clients[issuer].listIssuedPartnerCoupons({ limit: 100 });
      if (total_count! > 100) fail('more coupons than one page');
      // Only coupons of customers that are still the issuer's 代售 sub-customers are listed (reference F2).
      const mine = coupons.filter((c) => c.issuer === issuer && c.customer.fundable);
      if ((user_coupons ?? []).length !== mine.length)
        fail(`${issuer} lists ${(user_coupons ?? []).length} coupons, the model holds ${mine.length}`);
      for (const c of mine) {
        const got = (user_coupons ?? []).find((x) => x.coupon_id === c.id);
        if (!got) fail(`coupon ${c.id} missing`);
        expectCents(`coupon ${c.id} (status ${c.status})`, got?.balance ?? 0, c.balance);
        if (got?.status !== c.status) fail(`coupon ${c.id} is status ${got?.status}, the model says ${c.status}`);
      }
    }
  };

  /** At the end: customers the partner no longer lists (disassociated, switched) read their own balance. */
  const checkCustomersThemselves = async () => {
    for (const c of customers.filter((x) => !x.fundable)) {
      if (c.disassociated && options.disassociatedReadOwnBalance === false) continue;
      const { token } = await env.control.issueCustomerToken({ customer_id: c.id });
      const own = env.client({ token });
      const { account_balances } = await own.showCustomerAccountBalances();
      const total = (account_balances ?? []).reduce((s, b) => s + cents(b.amount), 0);
      if (total !== c.balance) fail(`customer ${c.id} shows ${yuan(total)} itself, the model ${yuan(c.balance)}`);
    }
    // The international site has no money movement in the open API: its customer holds nothing, whatever happened.
    const { token } = await env.control.issueCustomerToken({ customer_id: intlCustomer });
    const own = env.client<'intl'>({ site: 'intl', token });
    // (A resale customer, the international default, has no balance at all: CBC.99000049.)
    const shown = await own.showCustomerAccountBalances().catch((e: unknown) => {
      if (e instanceof PartnerCenterError && e.code === 'CBC.99000049') return undefined;
      throw e;
    });
    for (const b of shown?.account_balances ?? []) expectCents(`intl customer ${intlCustomer}`, b.amount, 0);
    if (shown) expectCents(`intl customer ${intlCustomer} debt`, shown.debt_amount!, 0);
  };

  // ---- the steps ----------------------------------------------------------------------------------------------------

  for (const s of steps) {
    trace.push(JSON.stringify(s));
    switch (s.kind) {
      case 'create': {
        try {
          const r = await clients[s.role].createSubCustomer({
            xaccount_id: `money-${n++}`,
            xaccount_type: 'prop_IDP',
            include_association_result: s.immediate,
            ...indirect(s.role),
          });
          customers.push({
            id: r.domain_id,
            owner: ownerOf(s.role),
            balance: 0,
            fundable: true,
            associatedAt: s.immediate ? now : now + ASSOCIATION_DELAY_MS,
          });
          count('create');
        } catch (e) {
          if (!(e instanceof SdkError) || e.uncertain) throw e;
        }
        break;
      }
      case 'allocate':
      case 'reclaim': {
        const c = customerFor(s.role, s.customer);
        if (!c) break;
        const owner = partners[ownerOf(s.role)];
        const x = s.kind === 'reclaim' ? within(s.amount, c.balance) : s.amount;
        const body = { customer_id: c.id, amount: wire(x), ...indirect(s.role) };
        const r = await send(s.kind, s.fault, (o) =>
          s.kind === 'allocate'
            ? clients[s.role].updateCustomerAccountAmount(body, o).then((x) => x.transfer_id)
            : clients[s.role].reclaimToPartnerAccount(body, o).then((x) => x.trans_id),
        );
        let id: string | undefined;
        if (r.ok) id = r.value;
        else if (r.unknown) {
          const type = s.kind === 'allocate' ? 'SOURCE_OPERATION_BEADJUST' : 'SOURCE_OPERATION_BERETRIEVE';
          const rec = reconcileOne(s.kind, await newAdjustRecords(s.role, type, c.id, indirect(s.role)));
          if (rec) {
            expectCents(`${s.kind} ${rec.trans_id} recorded`, rec.amount!, x.cents);
            id = rec.trans_id;
          }
        }
        if (id === undefined) break;
        if (booked.has(id)) fail(`${s.kind} answered ${id}, a movement already booked`);
        booked.add(id);
        if (s.kind === 'allocate') {
          takeFrom(owner, x.cents);
          c.balance += x.cents;
        } else {
          c.balance -= x.cents;
          giveTo(owner, x.cents);
        }
        acknowledged(s.kind, s.fault, r.ok ? 'ack' : 'reconciled');
        break;
      }
      case 'fundReseller':
      case 'reclaimReseller': {
        const x = s.kind === 'reclaimReseller' ? within(s.amount, partners.res.cash) : s.amount;
        const body = { indirect_partner_id: ids.res, amount: wire(x) };
        const r = await send(s.kind, s.fault, (o) =>
          s.kind === 'fundReseller'
            ? clients.dist.updateIndirectPartnerAccount(body, o).then((x) => x.transfer_id)
            : clients.dist.reclaimIndirectPartnerAccount(body, o).then((x) => x.trans_id),
        );
        let id: string | undefined;
        if (r.ok) id = r.value;
        else if (r.unknown) {
          const type = s.kind === 'fundReseller' ? 'SOURCE_OPERATION_BEADJUST' : 'SOURCE_OPERATION_BERETRIEVE';
          const rec = reconcileOne(s.kind, await newAdjustRecords('dist', type, ids.res));
          if (rec) {
            expectCents(`${s.kind} ${rec.trans_id} recorded`, rec.amount!, x.cents);
            id = rec.trans_id;
          }
        }
        if (id === undefined) break;
        if (booked.has(id)) fail(`${s.kind} answered ${id}, a movement already booked`);
        booked.add(id);
        if (s.kind === 'fundReseller') {
          takeFrom(partners.dist, x.cents);
          giveTo(partners.res, x.cents, true);
        } else {
          takeFrom(partners.res, x.cents, true);
          giveTo(partners.dist, x.cents);
        }
        acknowledged(s.kind, s.fault, r.ok ? 'ack' : 'reconciled');
        break;
      }
      case 'grant': {
        const type = s.cash ? 1 : 0;
        const expiresAt = now + QUOTA_DAYS * DAY;
        const q = await env.control.grantCouponQuota({
          partner_id: ids[s.role],
          quota_value: yuan(s.amount.cents),
          quota_type: type,
          expire_time: new Date(expiresAt).toISOString().replace('.000Z', 'Z'),
        });
        quotas.push({ id: q.quota_id, owner: s.role, type, balance: s.amount.cents, expiresAt });
        count('grant');
        break;
      }
      case 'issueQuota': {
        const parents = quotas.filter((x) => x.owner === 'dist' && x.type === 0);
        const parent = parents[s.quota % Math.max(1, parents.length)];
        if (!parent) break;
        const r = await send(s.kind, s.fault, (o) =>
          clients.dist.updateCouponQuotas(
            { quota_id: parent.id, indirect_partner_ids: [ids.res], quota_amount: wire(s.amount) },
            o,
          ),
        );
        let child: string | undefined;
        if (r.ok) child = r.value.simple_quota_infos?.[0]?.quota_id;
        else if (r.unknown) {
          const { records } = await clients.dist.listCouponQuotasRecords({
            parent_quota_id: parent.id,
            operation_type: '10',
            limit: 100,
          });
          const rec = reconcileOne(
            s.kind,
            (records ?? []).filter((x) => !booked.has(x.quota_id!)),
          );
          if (rec) {
            expectCents(`child quota ${rec.quota_id} recorded`, rec.amount!, s.amount.cents);
            child = rec.quota_id;
          }
        }
        if (!child) break;
        booked.add(child);
        parent.balance -= s.amount.cents;
        quotas.push({
          id: child,
          owner: 'res',
          type: 0,
          balance: s.amount.cents,
          expiresAt: parent.expiresAt,
          parent,
        });
        acknowledged(s.kind, s.fault, r.ok ? 'ack' : 'reconciled');
        break;
      }
      case 'reclaimQuota': {
        const children = quotas.filter((x) => x.parent && !x.reclaimed);
        const q = children[s.quota % Math.max(1, children.length)];
        if (!q?.parent) break;
        const r = await send(s.kind, s.fault, (o) => clients.dist.reclaimCouponQuotas({ quota_ids: [q.id] }, o));
        let back: number | undefined;
        if (r.ok) {
          // quota_balance is the child's balance after the reclaim (0); the amount is in the reclaim record.
          const info = r.value.simple_quota_infos?.find((x) => x.quota_id === q.id);
          if (info && info.quota_balance !== 0) fail(`child quota ${q.id} reclaim left ${info.quota_balance} on it`);
          const { records } = await clients.dist.listCouponQuotasRecords({ quota_id: q.id, operation_type: '11' });
          if (info && records?.[0]?.amount !== undefined) back = cents(records[0].amount);
        } else if (r.unknown) {
          const { records } = await clients.dist.listCouponQuotasRecords({
            quota_id: q.id,
            operation_type: '11',
            limit: 100,
          });
          const rec = reconcileOne(s.kind, records ?? []);
          if (rec) back = cents(rec.amount!);
        }
        if (back === undefined) break;
        if (back !== q.balance) fail(`child quota ${q.id} reclaim returned ${yuan(back)}, it held ${yuan(q.balance)}`);
        q.parent.balance += q.balance;
        q.balance = 0;
        q.reclaimed = true;
        acknowledged(s.kind, s.fault, r.ok ? 'ack' : 'reconciled');
        break;
      }
      case 'coupons': {
        // The quotas a role issues from: its own (a distributor acting for its reseller: the reseller's).
        const from = s.role === 'dist' ? 'res' : s.role;
        const pool = quotas.filter((x) => x.owner === from && !x.reclaimed);
        const q = pool[s.quota % Math.max(1, pool.length)];
        const targets = [...new Set(s.customers.map((i) => customerFor(s.role, i)).filter((c) => c !== undefined))];
        if (!q || targets.length === 0) break;
        const byId = new Map(targets.map((c) => [c.id, c]));
        const r = await send(s.kind, s.fault, (o) =>
          clients[s.role].createPartnerCoupons(
            { quota_id: q.id, customer_ids: [...byId.keys()], face_value: wire(s.amount), ...indirect(s.role) },
            o,
          ),
        );
        let issued: { coupon: string; customer: string }[] = [];
        if (r.ok) issued = (r.value.coupon_infos ?? []).map((x) => ({ coupon: x.coupon_id, customer: x.id }));
        else if (r.unknown) {
          const { records } = await clients[s.role].listPartnerCouponsRecord({
            quota_id: q.id,
            operation_types: ['1'],
            limit: 100,
            ...indirect(s.role),
          });
          for (const rec of (records ?? []).filter((x) => !booked.has(x.coupon_id!))) {
            expectCents(`coupon ${rec.coupon_id} issue recorded`, rec.operation_amount!, s.amount.cents);
            issued.push({ coupon: rec.coupon_id!, customer: rec.customer_id! });
          }
          if (issued.length > byId.size) fail(`${issued.length} coupons recorded for ${byId.size} customers`);
        }
        for (const x of issued) {
          const customer = byId.get(x.customer);
          if (!customer) fail(`coupon ${x.coupon} went to ${x.customer}, not asked for`);
          if (booked.has(x.coupon)) fail(`coupon ${x.coupon} answered twice`);
          booked.add(x.coupon);
          q.balance -= s.amount.cents;
          coupons.push({
            id: x.coupon,
            issuer: from === 'sp' ? 'sp' : 'res',
            customer: customer!,
            quota: q,
            balance: s.amount.cents,
            expiresAt: q.expiresAt,
            status: 2,
          });
          acknowledged(s.kind, s.fault, r.ok ? 'ack' : 'reconciled');
        }
        break;
      }
      case 'reclaimCoupon': {
        const c = coupons[s.coupon % Math.max(1, coupons.length)];
        if (!c) break;
        const r = await send(s.kind, s.fault, (o) =>
          clients[s.role].reclaimPartnerCoupons({ coupon_id: c.id, ...indirect(s.role) }, o),
        );
        let back: number | undefined;
        if (r.ok) back = c.balance;
        else if (r.unknown) {
          const { records } = await clients[s.role].listPartnerCouponsRecord({
            coupon_ids: [c.id],
            operation_types: ['2'],
            limit: 100,
            ...indirect(s.role),
          });
          const rec = reconcileOne(s.kind, records ?? []);
          if (rec) back = cents(rec.operation_amount!);
        }
        if (back === undefined) break;
        if (back !== c.balance) fail(`coupon ${c.id} reclaimed ${yuan(back)}, it held ${yuan(c.balance)}`);
        c.quota.balance += c.balance;
        c.balance = 0;
        c.status = 5;
        acknowledged(s.kind, s.fault, r.ok ? 'ack' : 'reconciled');
        break;
      }
      case 'switch':
      case 'disassociate': {
        const pool = customers.filter((x) => x.fundable);
        const c = pool[s.customer % Math.max(1, pool.length)];
        if (!c) break;
        const partnerId = ids[c.owner];
        try {
          const record =
            s.kind === 'switch'
              ? await env.control.requestAssociationTypeSwitch({
                  partner_id: partnerId,
                  customer_id: c.id,
                  association_type: '1',
                })
              : await env.control.requestDisassociation({
                  partner_id: partnerId,
                  customer_id: c.id,
                  reason: 'money property',
                });
          await env.control.decideAssociationAsCustomer({
            record_id: record.record_id,
            customer_id: c.id,
            decision: s.accept ? 'approve' : 'reject',
          });
        } catch (e) {
          // Refused (an association not complete yet, a pending request): nothing moves.
          if (!(e instanceof Error && e.name === 'MockControlError')) throw e;
          break;
        }
        if (!s.accept) break;
        // The side effects that move money (associations guide): the whole allocated balance returns to the
        // partner (BEUNBIND), the customer's coupons that still hold value return to their quotas.
        giveTo(partners[c.owner], c.balance);
        c.balance = 0;
        c.fundable = false;
        c.disassociated = s.kind === 'disassociate';
        advanceModelClock();
        for (const k of coupons)
          if (k.customer === c && k.status === 2) {
            k.quota.balance += k.balance;
            k.balance = 0;
            k.status = 5;
          }
        count(`${s.kind}:approved`);
        break;
      }
      case 'advance':
        await env.control.advanceClock({ seconds: s.seconds });
        now += s.seconds * 1000;
        count('advance');
        break;
    }
    // Every step is followed by the partner and customer balances; steps that can touch quotas and coupons (or
    // expire them) by every listing; the end of the run by everything, the customers' own reads included.
    await check(!['create', 'allocate', 'reclaim', 'fundReseller', 'reclaimReseller'].includes(s.kind));
  }
  await check(true);
  await checkCustomersThemselves();
}

// ---- running the property -----------------------------------------------------------------------------------------

/** Runs per check; about 1 s each on a 2-core machine. `MONEY_RUNS` overrides it. */
export const DEFAULT_RUNS = 8;

/**
 * The property's parameters: a fresh random seed each time (printed, so a failure replays), or `MONEY_SEED` and
 * `MONEY_PATH` from the environment to replay one; `MONEY_RUNS` for a longer search.
 */
export function moneyParameters(overrides: fc.Parameters<[Step[]]> = {}): fc.Parameters<[Step[]]> {
  const seed = process.env.MONEY_SEED ? Number(process.env.MONEY_SEED) : (Date.now() ^ (Math.random() * 2 ** 31)) | 0;
  return {
    seed,
    ...(process.env.MONEY_PATH ? { path: process.env.MONEY_PATH } : {}),
    numRuns: process.env.MONEY_RUNS ? Number(process.env.MONEY_RUNS) : DEFAULT_RUNS,
    ...overrides,
  };
}

/** The property over random step lists, run with `fc.check` (so the caller sees the details and reports them). */
export async function moneyCheck(
  env: TestEnv,
  applied: Applied = new Map(),
  overrides: fc.Parameters<[Step[]]> = {},
): Promise<fc.RunDetails<[Step[]]>> {
  const parameters = moneyParameters(overrides);
  console.info(`money property: seed ${parameters.seed}${parameters.path ? ` path ${parameters.path}` : ''}`);
  return fc.check(
    fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 30 }), async (steps) => {
      await runMoney(env, [...setup, ...steps], applied);
    }),
    parameters,
  );
}

/** The failure report: the counterexample, the error, and the command that replays it. */
export function moneyReport(d: fc.RunDetails<[Step[]]>): string {
  if (!d.failed) return `passed ${d.numRuns} runs (seed ${d.seed})`;
  const error = d.errorInstance instanceof Error ? d.errorInstance.message : String(d.errorInstance);
  return [
    `money property failed after ${d.numRuns} runs (${d.numShrinks} shrinks): ${error}`,
    `counterexample (after the set-up steps): ${JSON.stringify(d.counterexample?.[0])}`,
    `replay: MONEY_SEED=${d.seed} MONEY_PATH=${d.counterexamplePath} npx vitest run test/contract/money.property.test.ts`,
  ].join('\n');
}
