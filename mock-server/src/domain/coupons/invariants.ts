/**
 * Invariants of the coupons slice, and of the quotas: those read the coupon records too (coupons issued from a
 * quota and returned to it), so they live with the coupons. domain/invariants.ts runs them after every command in
 * the tests.
 */
import type { Cents } from '../../kernel/money.js';
import type { CouponsWorld } from './state.js';

/**
 * Coupon invariants: 0 ≤ balance ≤ face value; the balance is the face value minus what was consumed and what was
 * taken back, each read from its record; every coupon has its issue record, every expired one its expiry record and
 * every reclaimed one a reclaim record; each customer's coupon-account ledger ends at the balance of its available
 * coupons.
 */
export function couponInvariants(world: CouponsWorld): string[] {
  const out: string[] = [];
  const { coupons, couponRecords, ledger: entries, cards } = world.benefits;
  const expected = new Map<string, Cents>();
  const kinds = new Map<string, Set<string>>();
  for (const r of couponRecords) {
    if (r.amount < 0) out.push(`coupon record ${r.id}: negative amount`);
    const set = kinds.get(r.couponId) ?? new Set<string>();
    if (r.type === '1' && set.has('1')) out.push(`coupon ${r.couponId} has two issue records`);
    set.add(r.type);
    kinds.set(r.couponId, set);
    expected.set(r.couponId, (expected.get(r.couponId) ?? 0) + (r.type === '1' ? r.amount : -r.amount));
  }
  const ledgerTotal = new Map<string, Cents>();
  for (const e of entries) {
    if (e.tradeType === 'DEDEUCT') expected.set(e.couponId, (expected.get(e.couponId) ?? 0) - e.amount);
    ledgerTotal.set(
      e.customerId,
      (ledgerTotal.get(e.customerId) ?? 0) + (e.direction === 'REVENUE' ? e.amount : -e.amount),
    );
  }
  const available = new Map<string, Cents>();
  for (const c of coupons.values()) {
    const k = kinds.get(c.id) ?? new Set();
    if (c.balance < 0) out.push(`coupon ${c.id}: negative balance ${c.balance}`);
    if (c.balance > c.faceValue) out.push(`coupon ${c.id}: balance ${c.balance} exceeds face value ${c.faceValue}`);
    if (!k.has('1')) out.push(`coupon ${c.id} has no issue record`);
    if (expected.get(c.id) !== c.balance)
      out.push(`coupon ${c.id}: balance ${c.balance} cents, records say ${expected.get(c.id)}`);
    if (c.status === 4 && !k.has('4')) out.push(`expired coupon ${c.id} has no expiry record`);
    if (c.status === 5 && ![...k].some((t) => t !== '1' && t !== '4'))
      out.push(`reclaimed coupon ${c.id} has no reclaim record`);
    if ((c.status === 3 || c.status === 4 || c.status === 5) && c.balance !== 0)
      out.push(`closed coupon ${c.id} still holds ${c.balance}`);
    if (!world.benefits.quotas.has(c.quotaId)) out.push(`coupon ${c.id}: unknown quota ${c.quotaId}`);
    if (c.status === 2) available.set(c.customerId, (available.get(c.customerId) ?? 0) + c.balance);
  }
  for (const id of new Set([...ledgerTotal.keys(), ...available.keys()])) {
    if ((ledgerTotal.get(id) ?? 0) !== (available.get(id) ?? 0))
      out.push(
        `customer ${id}: coupon ledger sums to ${ledgerTotal.get(id) ?? 0}, available coupons hold ${available.get(id) ?? 0}`,
      );
  }
  for (const c of cards.values())
    if (c.balance < 0 || c.balance > c.faceValue)
      out.push(`stored-value card ${c.id}: balance ${c.balance} outside 0..${c.faceValue}`);
  return out;
}

/**
 * Quota invariants: every balance is the original value minus what left it plus what came back, each movement
 * read from its record (child quotas issued/reclaimed, coupons issued/returned); no balance is negative; every
 * child quota has its issue record and every reclaimed one its reclaim record.
 */
export function quotaInvariants(world: CouponsWorld): string[] {
  const out: string[] = [];
  const { quotas, quotaRecords, couponRecords } = world.benefits;
  const expected = new Map<string, Cents>();
  for (const q of quotas.values()) expected.set(q.id, q.parentId === undefined ? q.value : 0);
  const add = (id: string, cents: Cents) => {
    if (!expected.has(id)) out.push(`a record moves money of unknown quota ${id}`);
    else expected.set(id, expected.get(id)! + cents);
  };
  const issued = new Set<string>();
  const reclaimed = new Set<string>();
  for (const r of quotaRecords) {
    if (r.amount < 0) out.push(`quota record ${r.id}: negative amount`);
    if (r.type === '10') {
      add(r.parentQuotaId, -r.amount);
      add(r.quotaId, r.amount);
      if (issued.has(r.quotaId)) out.push(`child quota ${r.quotaId} has two issue records`);
      issued.add(r.quotaId);
      if (quotas.get(r.quotaId) && quotas.get(r.quotaId)!.value !== r.amount)
        out.push(`child quota ${r.quotaId}: value differs from its issue record`);
    } else {
      add(r.quotaId, -r.amount);
      add(r.parentQuotaId, r.amount);
      reclaimed.add(r.quotaId);
    }
  }
  for (const r of couponRecords) {
    if (r.type === '1') add(r.quotaId, -r.amount);
    else if (r.returnedToQuota) add(r.quotaId, r.amount);
  }
  for (const q of quotas.values()) {
    if (q.balance < 0) out.push(`quota ${q.id}: negative balance ${q.balance}`);
    if (expected.get(q.id) !== q.balance)
      out.push(`quota ${q.id}: balance ${q.balance} cents, records say ${expected.get(q.id)}`);
    if (q.parentId !== undefined && !issued.has(q.id)) out.push(`child quota ${q.id} has no issue record`);
    if (q.status === 6 && !reclaimed.has(q.id)) out.push(`reclaimed quota ${q.id} has no reclaim record`);
    if (q.parentId !== undefined && !quotas.has(q.parentId))
      out.push(`child quota ${q.id}: unknown parent ${q.parentId}`);
  }
  return out;
}
