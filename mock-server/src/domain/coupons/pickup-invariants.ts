/**
 * Pickup-coupon invariants: money is conserved per quota (value = balance + what its coupons hold or spent), each
 * coupon's balance is its face value less what was spent and returned, and closed coupons hold nothing.
 */
import type { Cents } from '../../kernel/money.js';
import type { Parties } from '../../kernel/parties.js';
import type { PickupSlice } from './pickup-state.js';

/** Every violated pickup-coupon invariant, one sentence each. */
export function pickupInvariants(world: Parties & PickupSlice): string[] {
  const out: string[] = [];
  const s = world.pickup;
  const held = new Map<string, Cents>();
  for (const c of s.coupons.values()) {
    if (!s.quotas.has(c.quotaId)) out.push(`console: pickup coupon ${c.id} of unknown quota ${c.quotaId}`);
    if (!world.customers.has(c.customerId))
      out.push(`console: pickup coupon ${c.id} of unknown customer ${c.customerId}`);
    if (c.balance < 0 || c.balance !== c.face - c.consumed - c.returned)
      out.push(`console: pickup coupon ${c.id} balance ${c.balance} ≠ ${c.face} − ${c.consumed} − ${c.returned}`);
    if (c.status === 3 && (c.balance !== 0 || c.closeReason !== 'used_up'))
      out.push(`console: pickup coupon ${c.id} is used up with balance ${c.balance}`);
    if (c.status === 5 && (c.balance !== 0 || c.closedAt === undefined))
      out.push(`console: pickup coupon ${c.id} is reclaimed with balance ${c.balance}`);
    if (c.status === 2 && c.closedAt !== undefined) out.push(`console: available pickup coupon ${c.id} is closed`);
    held.set(c.quotaId, (held.get(c.quotaId) ?? 0) + c.face - c.returned);
  }
  for (const q of s.quotas.values()) {
    if (q.balance < 0) out.push(`console: pickup quota ${q.id} balance ${q.balance}`);
    if (q.value !== q.balance + (held.get(q.id) ?? 0))
      out.push(`console: pickup quota ${q.id} of ${q.value} has ${q.balance} left and ${held.get(q.id) ?? 0} out`);
  }
  return out;
}
