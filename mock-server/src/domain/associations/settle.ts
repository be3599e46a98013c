/**
 * What leaving a partner settles: THE cross-aggregate step of the domain. This is the only module that imports
 * several aggregates for one business step (funds, coupons, budgets, freeze). Elsewhere a module calls at most one
 * other aggregate for a step of its own (budgets freeze through freeze/, coupons draw on quotas/), besides asking
 * partners/ who acts and codes/ for the console's confirmation gate.
 *
 * When a switch of association type or a disassociation is approved, in its mutation phase (every check has passed):
 * - funds: the allocated balance comes back to the partner (`BEUNBIND`);
 * - coupons: the partner's coupons are reclaimed (record type 3 on disassociation, 8 on a switch);
 * - pickup coupons (coupons aggregate): their remaining balance goes back to their quotas;
 * - budgets: the customer's budget is removed (`DELETE` record);
 * - freeze: a partner's or budget freeze is lifted.
 * {@link holdingsLeft} states the result as a postcondition, checked by the association invariants.
 */
import type { Cents } from '../../kernel/money.js';
import type { Customer, Parties } from '../../kernel/parties.js';
import { type BudgetsSlice, deleteBudgetOnDisassociation } from '../budgets/index.js';
import {
  type CouponsSlice,
  type PickupSlice,
  reclaimCustomerCoupons,
  returnCustomerPickupCoupons,
} from '../coupons/index.js';
import { type FreezeSlice, unfreezeCustomer } from '../freeze/index.js';
import { type FundsSlice, reclaimOnUnbind } from '../funds/index.js';
import type { QuotasSlice } from '../quotas/index.js';

/** The part of a tenant's World settling reads and writes. */
export type SettleWorld = Parties & FundsSlice & CouponsSlice & QuotasSlice & PickupSlice & BudgetsSlice & FreezeSlice;

/** What an approved switch or disassociation did. */
export interface AssociationEffects {
  unbindTransId?: string;
  reclaimed: Cents;
  coupons: { couponId: string; kind: 'partner_coupon' | 'pickup_coupon'; amount: Cents }[];
  budgetDeleted: boolean;
  unfrozen: boolean;
}

/** Settles what the customer holds of its partner before a switch or a disassociation; it never refuses. */
export function settleAssociationChange(
  world: SettleWorld,
  c: Customer,
  operation: 'switch_type' | 'disassociate',
): AssociationEffects {
  const effects: AssociationEffects = { reclaimed: 0, coupons: [], budgetDeleted: false, unfrozen: false };
  const unbind = reclaimOnUnbind(world, c.id);
  if (unbind.ok && unbind.value) {
    effects.unbindTransId = unbind.value.transId;
    effects.reclaimed = unbind.value.amount;
  }
  const couponType = operation === 'disassociate' ? '3' : '8';
  for (const k of reclaimCustomerCoupons(world, c.id, couponType))
    effects.coupons.push({ couponId: k.coupon_id, kind: 'partner_coupon', amount: k.amount });
  const pickupReason = operation === 'disassociate' ? 'disassociation' : 'type_switch';
  for (const k of returnCustomerPickupCoupons(world, c.id, pickupReason))
    effects.coupons.push({ couponId: k.coupon_id, kind: 'pickup_coupon', amount: k.amount });
  effects.budgetDeleted = deleteBudgetOnDisassociation(world, c.id);
  if (world.freezes.has(c.id) || c.isFrozen !== 0) {
    unfreezeCustomer(world, c.id);
    effects.unfrozen = true;
  }
  return effects;
}

/** What a disassociated customer still holds of a partner (nothing, once settled): one sentence each. */
export function holdingsLeft(world: SettleWorld, c: Customer): string[] {
  const out: string[] = [];
  if ((world.funds.allocations.get(c.id)?.balance ?? 0) !== 0)
    out.push(`associations: disassociated customer ${c.id} still holds an allocated balance`);
  for (const k of world.benefits.coupons.values())
    if (k.customerId === c.id && (k.status === 1 || k.status === 2))
      out.push(`associations: disassociated customer ${c.id} still holds partner coupon ${k.id}`);
  for (const k of world.pickup.coupons.values())
    if (k.customerId === c.id && k.status === 2)
      out.push(`associations: disassociated customer ${c.id} still holds pickup coupon ${k.id}`);
  if (world.budgets.budgets.has(c.id)) out.push(`associations: disassociated customer ${c.id} still has a budget`);
  if (c.isFrozen !== 0) out.push(`associations: disassociated customer ${c.id} is still frozen by its former partner`);
  return out;
}
