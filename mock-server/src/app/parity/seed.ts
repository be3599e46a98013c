/**
 * Seeding a fresh tenant from what the recording's first reads show, where the control surface can set it: the
 * partner's cash, credit line and designated amount (the first ListPartnerBalances), its coupon quotas (the first
 * ListQuotaCoupons, each quota granted again and its id mapped) and its customers (the first ListSubCustomers, each
 * registered again through a scenario step, which runs the real CreateSubCustomer, and its id mapped). A read that comes after a call that could have
 * changed what it shows is not a starting state, so only reads before the first such call seed.
 */
import type { IdMap } from './idmap.js';
import type { RecordedExchange } from './recording.js';
import type { Control } from './target.js';

const READ = /^(List|Show|Get|Check|Query|Search)/;
type Rec = Record<string, any>;
const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** The first answer of an operation before any write, if it succeeded. */
function firstRead(exchanges: readonly RecordedExchange[], operation: string): Rec | undefined {
  for (const x of exchanges) {
    if (!READ.test(x.operation)) return undefined;
    if (x.operation === operation && x.status === 200 && x.response && typeof x.response === 'object')
      return x.response as Rec;
  }
  return undefined;
}

async function seedFunds(exchanges: readonly RecordedExchange[], partnerId: string, control: Control) {
  const balances = firstRead(exchanges, 'ListPartnerBalances')?.account_balances as Rec[] | undefined;
  if (!Array.isArray(balances)) return [];
  const cash = balances.find((b) => b.account_type === 1);
  const credit = balances.find((b) => b.account_type === 2);
  const input: Rec = { partner_id: partnerId };
  if (typeof cash?.amount === 'number' && cash.amount >= 0) input.cash_amount = cash.amount;
  if (typeof cash?.designated_amount === 'number') input.designated_amount = cash.designated_amount;
  if (typeof credit?.credit_amount === 'number') input.credit_amount = credit.credit_amount;
  if (Object.keys(input).length === 1) return [];
  await control('PUT', '/_mock/partner-funds', input);
  return [`partner funds (${Object.keys(input).slice(1).join(', ')}) from ListPartnerBalances`];
}

async function seedQuotas(exchanges: readonly RecordedExchange[], partnerId: string, control: Control, ids: IdMap) {
  const quotas = firstRead(exchanges, 'ListQuotaCoupons')?.quotas as Rec[] | undefined;
  if (!Array.isArray(quotas)) return [];
  let granted = 0;
  for (const q of quotas) {
    if (typeof q.quota_id !== 'string' || typeof q.quota_value !== 'number' || q.quota_value <= 0) continue;
    const made = await control('POST', '/_mock/coupon-quotas', {
      partner_id: partnerId,
      quota_type: q.quota_type === 1 ? 1 : 0,
      quota_value: q.quota_value,
      ...([0, 3, 4, 5].includes(q.quota_status) ? { quota_status: q.quota_status } : {}),
      ...(UTC.test(q.effective_time) ? { effective_time: q.effective_time } : {}),
      ...(UTC.test(q.expire_time) ? { expire_time: q.expire_time } : {}),
    });
    ids.set(q.quota_id, made.quota_id);
    granted++;
  }
  return granted ? [`${granted} coupon quota(s) from ListQuotaCoupons`] : [];
}

async function seedCustomers(exchanges: readonly RecordedExchange[], partnerId: string, control: Control, ids: IdMap) {
  const infos = firstRead(exchanges, 'ListSubCustomers')?.customer_infos as Rec[] | undefined;
  if (!Array.isArray(infos)) return [];
  const customers = infos.filter((c) => typeof c.customer_id === 'string' && typeof c.account_name === 'string');
  if (!customers.length) return [];
  const steps = customers.map((c, i) => ({
    call: {
      operation: 'CreateSubCustomer',
      partner: partnerId,
      group: 'parity-customers',
      input: {
        xaccount_id: typeof c.xaccount_id === 'string' ? c.xaccount_id : `parity-${i}-${c.customer_id}`,
        xaccount_type: typeof c.xaccount_type === 'string' ? c.xaccount_type : 'parity_IDP',
        domain_name: c.account_name,
        ...(c.association_type === '1' ? { cooperation_type: '1' } : {}),
        include_association_result: true,
      },
    },
  }));
  const { groups } = await control('POST', '/_mock/scenarios', { steps });
  const made = (groups as Rec[]).find((g) => g.name === 'parity-customers')?.items ?? [];
  customers.forEach((c, i) => {
    const id = made[i]?.result?.domain_id;
    if (typeof id === 'string') ids.set(c.customer_id, id);
  });
  return [`${customers.length} customer(s) from ListSubCustomers`];
}

/** Seeds the tenant; returns what it seeded, one line each. */
export async function seedFromFirstReads(
  exchanges: readonly RecordedExchange[],
  partnerId: string,
  control: Control,
  ids: IdMap,
): Promise<string[]> {
  return [
    ...(await seedFunds(exchanges, partnerId, control)),
    ...(await seedQuotas(exchanges, partnerId, control, ids)),
    ...(await seedCustomers(exchanges, partnerId, control, ids)),
  ];
}
