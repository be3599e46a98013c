/**
 * The coupons slice's read operations (reference §2.F): the issuer's coupons and records, the holder's coupons,
 * coupon-account ledger and stored-value cards. Each brings coupons up to the clock first (`expire`), then filters
 * and pages; views.ts gives the wire forms.
 */
import type { CnComponents, CnOperations } from '@partner-center/sdk';
import { YEAR } from '../../kernel/clock.js';
import { inDays, inRange, newestCreatedFirst, newestFirst, page } from '../../kernel/paging.js';
import { actingPartner, type Customer, isSubCustomerOf, notYourReseller, type Partner } from '../../kernel/parties.js';
import { ok, type Result } from '../../kernel/result.js';
import { expire } from './lifecycle.js';
import type { CouponsWorld } from './state.js';
import {
  cardStatus,
  couponChangeView,
  couponRecordView,
  issuedCouponView,
  storedValueCardView,
  userCouponView,
} from './views.js';

type S = CnComponents['schemas'];
type QueryOf<K extends keyof CnOperations> = NonNullable<CnOperations[K]['parameters']['query']>;

/**
 * ListIssuedPartnerCoupons: the coupons the acting partner issued to customers that are its reseller-model (代售)
 * sub-customers now (reference §2.F F2): after a disassociation or a switch to referral a customer's coupons drop out.
 * Those expired over two years ago are left out.
 */
export function listIssuedCoupons(
  world: CouponsWorld,
  caller: Partner,
  q: QueryOf<'ListIssuedPartnerCoupons'>,
): Result<S['ListIssuedPartnerCouponsResponse']> {
  const issuer = actingPartner(world, caller, q.indirect_partner_id);
  if (!issuer) return notYourReseller(q.indirect_partner_id);
  expire(world);
  const horizon = world.clock.now() - 2 * YEAR;
  const matches = [...world.benefits.coupons.values()]
    .filter((c) => c.issuerId === issuer.id && c.expiresAt > horizon)
    .filter((c) => {
      const holder = world.customers.get(c.customerId);
      return isSubCustomerOf(world, holder, issuer) && holder.associationType === '2';
    })
    .filter((c) => q.coupon_id === undefined || c.id === q.coupon_id)
    .filter((c) => q.customer_id === undefined || c.customerId === q.customer_id)
    .filter((c) => q.order_id === undefined || c.orderId === q.order_id)
    .filter((c) => q.coupon_type === undefined || c.type === q.coupon_type)
    .filter((c) => q.status === undefined || c.status === q.status)
    .filter((c) => inRange(c.createdAt, q.create_time_begin, q.create_time_end))
    .filter((c) => inRange(c.validAt, q.effective_time_begin, q.effective_time_end))
    .filter((c) => inRange(c.expiresAt, q.expire_time_begin, q.expire_time_end))
    .sort(newestCreatedFirst);
  return ok({ total_count: matches.length, user_coupons: page(matches, q.offset, q.limit).map(issuedCouponView) });
}

/** ListPartnerCouponsRecord: the records of the acting partner's coupons; the memo only for the partner that wrote it. */
export function listCouponRecords(
  world: CouponsWorld,
  caller: Partner,
  q: QueryOf<'ListPartnerCouponsRecord'>,
): Result<S['ListPartnerCouponsRecordResponse']> {
  const issuer = actingPartner(world, caller, q.indirect_partner_id);
  if (!issuer) return notYourReseller(q.indirect_partner_id);
  expire(world);
  // A single empty value stands for the empty list, which matches nothing.
  const types = q.operation_types ? new Set<string>(q.operation_types.filter(Boolean)) : undefined;
  const coupons = q.coupon_ids ? new Set(q.coupon_ids.filter(Boolean)) : undefined;
  const result = q.result === '0' || q.result === '-1' ? q.result : undefined;
  const matches = world.benefits.couponRecords
    .filter((r) => r.issuerId === issuer.id)
    .filter((r) => !types || types.has(r.type))
    .filter((r) => q.quota_id === undefined || r.quotaId === q.quota_id)
    .filter((r) => q.quota_type === undefined || r.quotaType === q.quota_type)
    .filter((r) => !coupons || coupons.has(r.couponId))
    .filter((r) => q.customer_id === undefined || r.customerId === q.customer_id)
    .filter((r) => inRange(r.at, q.operation_time_begin, q.operation_time_end))
    .filter(() => result === undefined || result === '0')
    .sort(newestFirst);
  return ok({
    total_count: matches.length,
    records: page(matches, q.offset, q.limit).map((r) => couponRecordView(r, caller.id)),
  });
}

/**
 * ListSubCustomerCoupons: the caller's own coupons — a customer's (customer token) or the acting partner's (which
 * the mock never holds). Used-up, expired and reclaimed coupons only within the last 12 months.
 */
export function listCoupons(
  world: CouponsWorld,
  caller: Partner,
  customer: Customer | undefined,
  q: QueryOf<'ListSubCustomerCoupons'>,
): Result<S['ListSubCustomerCouponsResponse']> {
  let holder: string;
  if (customer) holder = customer.id;
  else {
    const owner = actingPartner(world, caller, q.indirect_partner_id);
    if (!owner) return notYourReseller(q.indirect_partner_id);
    holder = owner.id;
  }
  expire(world);
  const horizon = world.clock.now() - YEAR;
  const matches = [...world.benefits.coupons.values()]
    .filter((c) => c.customerId === holder)
    .filter((c) => c.closedAt === undefined || c.closedAt >= horizon)
    .filter((c) => q.coupon_id === undefined || c.id === q.coupon_id)
    .filter((c) => q.order_id === undefined || c.orderId === q.order_id)
    // Partner coupons belong to no promotion plan: any plan id given matches none of them.
    .filter(() => q.promotion_plan_id === undefined)
    .filter((c) => q.coupon_type === undefined || c.type === q.coupon_type)
    .filter((c) => q.status === undefined || c.status === q.status)
    .filter(
      (c) =>
        (!q.active_start_time && !q.active_end_time) ||
        (c.activatedAt !== undefined && inRange(c.activatedAt, q.active_start_time, q.active_end_time)),
    )
    .filter((c) => !q.source_id || c.issuerId === q.source_id)
    .sort(newestCreatedFirst);
  return ok({ count: matches.length, user_coupons: page(matches, q.offset, q.limit).map(userCouponView) });
}

/** ListCustomerCouponChangeRecords: the calling customer's coupon-account ledger, newest first. */
export function listCouponChanges(
  world: CouponsWorld,
  customer: Customer,
  q: QueryOf<'ListCustomerCouponChangeRecords'>,
): Result<S['ListCustomerCouponChangeRecordsResponse']> {
  expire(world);
  const inPeriod = inDays(world.clock.now(), q.trade_time_begin, q.trade_time_end);
  const matches = world.benefits.ledger
    .filter((e) => e.customerId === customer.id)
    .filter((e) => !q.revenue_expense_type || e.direction === q.revenue_expense_type)
    .filter((e) => !q.trade_type || e.tradeType === q.trade_type)
    .filter((e) => !q.trade_id || e.tradeId === q.trade_id)
    .filter((e) => !q.coupon_id || e.couponId === q.coupon_id)
    .filter((e) => inPeriod(e.at))
    .sort(newestFirst);
  return ok({
    total_count: matches.length,
    currency: 'CNY',
    records: page(matches, q.offset, q.limit).map((e) => couponChangeView(customer, e)),
  });
}

/** ListStoredValueCards: the calling customer's cards in one status (1 usable, 2 used up). */
export function listStoredValueCards(
  world: CouponsWorld,
  customer: Customer,
  q: QueryOf<'ListStoredValueCards'>,
): Result<S['ListStoredValueCardsResponse']> {
  const matches = [...world.benefits.cards.values()]
    .filter((c) => c.customerId === customer.id)
    .filter((c) => cardStatus(c) === q.status)
    .filter((c) => !q.card_id || c.id === q.card_id)
    .sort(newestCreatedFirst);
  return ok({
    total_count: matches.length,
    stored_value_cards: page(matches, q.offset, q.limit).map(storedValueCardView),
  });
}
