/**
 * Pickup coupons (提货券) of government-cloud partners: Huawei grants a partner pickup-coupon quotas; the partner issues
 * coupons from them to its reseller-model customers, whose orders consume them. A coupon's remaining balance goes back
 * to its quota when the partner reclaims it, on the customer's full withdrawal, disassociation or type switch.
 * Time-dependent states (an expired coupon) are derived when read and written down by the next command.
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { addCents, type Cents } from '../../kernel/money.js';
import type { Parties } from '../../kernel/parties.js';
import type { GateWorld } from '../codes/index.js';
import type { PartnersWorld } from '../partners/index.js';

type C = ControlComponents['schemas'];

export interface PickupQuota {
  id: string;
  partnerId: string;
  value: Cents;
  balance: Cents;
  effectiveAt: number;
  expiresAt: number;
  createdAt: number;
  seq: number;
}

export type PickupCloseReason = NonNullable<C['PickupCoupon']['close_reason']>;

export interface PickupCoupon {
  id: string;
  partnerId: string;
  customerId: string;
  quotaId: string;
  face: Cents;
  balance: Cents;
  /** Spent by the customer's orders. */
  consumed: Cents;
  /** Given back to the quota (reclaim, full withdrawal, disassociation, type switch). */
  returned: Cents;
  /** 2 available, 3 used up, 4 expired, 5 reclaimed (returned to the quota). */
  status: 2 | 3 | 4 | 5;
  effectiveAt: number;
  expiresAt: number;
  createdAt: number;
  closedAt?: number;
  closeReason?: PickupCloseReason;
  seq: number;
}

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface PickupSlice {
  /** Pickup-coupon quotas and coupons by id; `seq` orders what was created in the same millisecond. */
  pickup: { quotas: Map<string, PickupQuota>; coupons: Map<string, PickupCoupon>; seq: number };
}

/** The part of a tenant's World this aggregate reads and writes. */
export type PickupWorld = Parties & PartnersWorld & GateWorld & PickupSlice;

export function createPickupState(): PickupSlice['pickup'] {
  return { quotas: new Map(), coupons: new Map(), seq: 0 };
}

/** The status of a pickup coupon now: an available coupon past its expiry is expired. */
export function pickupStatus(c: PickupCoupon, now: number): PickupCoupon['status'] {
  return c.status === 2 && now >= c.expiresAt ? 4 : c.status;
}

/** Writes down the expiry of pickup coupons past their time (commands call it in their mutation phase). */
export function settlePickup(world: Parties & PickupSlice): void {
  for (const c of world.pickup.coupons.values()) {
    if (c.status === 2 && world.clock.now() >= c.expiresAt) {
      c.status = 4;
      c.closedAt = c.expiresAt;
      c.closeReason = 'expired';
    }
  }
}

/** Gives a pickup coupon's remaining balance back to its quota and closes it. */
export function returnPickup(world: Parties & PickupSlice, c: PickupCoupon, reason: PickupCloseReason): Cents {
  const quota = world.pickup.quotas.get(c.quotaId)!;
  const amount = c.balance;
  quota.balance = addCents(quota.balance, amount);
  c.returned = addCents(c.returned, amount);
  c.balance = 0;
  c.status = 5;
  c.closedAt = world.clock.now();
  c.closeReason = reason;
  return amount;
}

/**
 * Returns the remaining balance of all of a customer's available pickup coupons to their quotas (disassociation,
 * type switch, full withdrawal). For the mutation phase of those commands; it never refuses.
 */
export function returnCustomerPickupCoupons(
  world: Parties & PickupSlice,
  customerId: string,
  reason: PickupCloseReason,
): { coupon_id: string; quota_id: string; amount: Cents }[] {
  settlePickup(world);
  return [...world.pickup.coupons.values()]
    .filter((c) => c.customerId === customerId && c.status === 2)
    .sort((a, b) => a.seq - b.seq)
    .map((c) => ({ coupon_id: c.id, quota_id: c.quotaId, amount: returnPickup(world, c, reason) }));
}
