/**
 * How a coupon moves through its states: activation when its valid_time comes, closing (expiry, or a reclaim that
 * takes its whole remaining balance back) and the customer's coupon-account ledger line each change writes.
 * `expire` brings every coupon up to the virtual clock; the commands call it before they look.
 */
import { addCents, type Cents } from '../../kernel/money.js';
import type { Coupon, CouponReclaimType, CouponRecord, CouponsWorld, TradeType } from './state.js';

/** A new 32-hex id of a coupon record, ledger entry or limit. */
export const hexId = (world: CouponsWorld) => world.random.hex(32);

/** The detailed (wire) type of each ledger trade type; the `OPERAIION` typos are the service's. */
const DETAIL: Record<TradeType, string> = {
  ADJUST: 'SOURCE_OPERAIION_PRIZE',
  DEDEUCT: 'SOURCE_OPERAIION_DEDEUCT',
  EXPIRED: 'SOURCE_OPERAIION_EXPIRECLEAR',
  COUPONCANCEL: 'SOURCE_OPERATION_COUPONCANCEL',
};

/** The customer's coupon-account balance: the balances of its available coupons. */
function accountBalance(world: CouponsWorld, customerId: string): Cents {
  let sum = 0;
  for (const c of world.benefits.coupons.values())
    if (c.customerId === customerId && c.status === 2) sum = addCents(sum, c.balance);
  return sum;
}

/** Appends a ledger entry; call it after the coupon changed, so the balance after the change is right. */
export function writeLedger(
  world: CouponsWorld,
  coupon: Coupon,
  tradeType: TradeType,
  amount: Cents,
  at: number,
  tradeId: string,
): void {
  world.benefits.ledger.push({
    id: hexId(world),
    customerId: coupon.customerId,
    couponId: coupon.id,
    tradeType,
    detailType: DETAIL[tradeType],
    direction: tradeType === 'ADJUST' ? 'REVENUE' : 'EXPENSE',
    amount,
    balanceAfter: accountBalance(world, coupon.customerId),
    tradeId,
    at,
    seq: ++world.seq,
  });
}

/** Makes a coupon available (status 2) at `at`, crediting its balance to the customer's coupon account. */
export function activate(world: CouponsWorld, coupon: Coupon, at: number): void {
  coupon.status = 2;
  coupon.activatedAt = at;
  writeLedger(world, coupon, 'ADJUST', coupon.balance, at, coupon.id);
}

/**
 * Takes a coupon's whole remaining balance back (record types 2–9) or lets it expire (type 4): balance 0, status 5
 * (reclaimed) or 4 (expired), a coupon record, a ledger entry when the customer had the value, and — for reclaims,
 * when the setting is on — the balance back to the quota it was issued from.
 */
export function closeCoupon(
  world: CouponsWorld,
  coupon: Coupon,
  type: CouponReclaimType,
  at: number,
  operatorId?: string,
): { coupon_id: string; amount: Cents } {
  const amount = coupon.balance;
  const wasAvailable = coupon.status === 2;
  const quota = world.benefits.quotas.get(coupon.quotaId)!;
  const returned = type !== '4' && world.settings.couponReclaimReturnsToQuota;
  coupon.balance = 0;
  coupon.status = type === '4' ? 4 : 5;
  coupon.closedAt = at;
  if (returned) {
    quota.balance = addCents(quota.balance, amount);
    quota.updatedAt = Math.max(quota.updatedAt, at);
  }
  const record: CouponRecord = {
    id: hexId(world),
    type,
    quotaId: quota.id,
    quotaType: quota.type,
    couponId: coupon.id,
    customerId: coupon.customerId,
    issuerId: coupon.issuerId,
    ...(operatorId ? { operatorId } : {}),
    amount,
    at,
    returnedToQuota: returned,
    seq: ++world.seq,
  };
  world.benefits.couponRecords.push(record);
  if (wasAvailable) writeLedger(world, coupon, type === '4' ? 'EXPIRED' : 'COUPONCANCEL', amount, at, record.id);
  return { coupon_id: coupon.id, amount };
}

/**
 * Brings coupons up to the virtual clock: coupons whose valid_time has come become available, coupons past their
 * expiry expire (record "4", balance cleared). Events are applied in time order and stamped with the instant they
 * happened; each draws a record id, so a read that applied one is journaled. (Quota expiry needs no stored change:
 * see `quotaStatus`.)
 */
export function expire(world: CouponsWorld): void {
  const now = world.clock.now();
  const events: { at: number; kind: 0 | 1; coupon: Coupon }[] = [];
  for (const c of world.benefits.coupons.values()) {
    if (c.status === 1 && now >= c.validAt) events.push({ at: c.validAt, kind: 0, coupon: c });
    if ((c.status === 1 || c.status === 2) && now >= c.expiresAt) events.push({ at: c.expiresAt, kind: 1, coupon: c });
  }
  events.sort((a, b) => a.at - b.at || a.kind - b.kind || a.coupon.seq - b.coupon.seq);
  for (const e of events) {
    if (e.kind === 0) activate(world, e.coupon, e.at);
    else closeCoupon(world, e.coupon, '4', e.at);
  }
}

/**
 * Reclaims all of a customer's partner coupons that still hold value (status 1 or 2), with the given record type:
 * `3` on disassociation, `8` on an association-type switch (and `5`–`7`, `9` for the other automatic cases). For the
 * association commands, which call it in their mutation phase; it never refuses.
 */
export function reclaimCustomerCoupons(
  world: CouponsWorld,
  customerId: string,
  type: Exclude<CouponReclaimType, '2' | '4'>,
): { coupon_id: string; amount: Cents }[] {
  expire(world);
  const now = world.clock.now();
  return [...world.benefits.coupons.values()]
    .filter((c) => c.customerId === customerId && (c.status === 1 || c.status === 2))
    .sort((a, b) => a.seq - b.seq)
    .map((c) => closeCoupon(world, c, type, now));
}
