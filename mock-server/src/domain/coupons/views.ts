/**
 * The wire forms of the coupons slice, typed by the generated schemas: a coupon as its issuer lists it and as its
 * holder lists it (one builder, the two schemas naming three fields differently), coupon records, coupon-account
 * ledger lines and stored-value cards.
 */
import type { CnComponents } from '@partner-center/sdk';
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { billCycle, utcSeconds } from '../../kernel/clock.js';
import { formatYuan, toYuanNumber } from '../../kernel/money.js';
import type { Customer } from '../../kernel/parties.js';
import type { Coupon, CouponLedgerEntry, CouponRecord, StoredValueCard } from './state.js';

type S = CnComponents['schemas'];
type C = ControlComponents['schemas'];

function limitsView(c: Coupon): S['CouponUseLimit'][] {
  return c.limits.map((l) => ({
    use_limiti_info_id: l.id,
    limit_key: l.key,
    ...(l.value1 !== undefined ? { value1: l.value1 } : {}),
    ...(l.value2 !== undefined ? { value2: l.value2 } : {}),
  }));
}

/** The fields a coupon shows to its issuer and to its holder alike. */
function couponFields(c: Coupon) {
  return {
    coupon_id: c.id,
    status: c.status,
    customer_id: c.customerId,
    coupon_type: c.type,
    measure_id: 1,
    face_value: toYuanNumber(c.faceValue),
    expire_time: utcSeconds(c.expiresAt),
    ...(c.orderId ? { order_id: c.orderId } : {}),
    media_type: 1,
    fetch_method: 3,
    use_limits: limitsView(c),
    ...(c.activatedAt !== undefined ? { active_time: utcSeconds(c.activatedAt) } : {}),
    create_time: utcSeconds(c.createdAt),
    balance: toYuanNumber(c.balance),
    is_frozen: '0',
  } as const;
}

/** A coupon as its issuer lists it (ListIssuedPartnerCoupons). */
export function issuedCouponView(c: Coupon): S['IssuedPartnerCoupon'] {
  return {
    ...couponFields(c),
    effective_time: utcSeconds(c.validAt),
    ...(c.lastUsedAt !== undefined ? { last_used_time: utcSeconds(c.lastUsedAt) } : {}),
  };
}

/** A coupon as its holder lists it (ListSubCustomerCoupons): with its code, version, currency and issuer. */
export function userCouponView(c: Coupon): S['UserCoupon'] {
  return {
    ...couponFields(c),
    coupon_code: c.code,
    valid_time: utcSeconds(c.validAt),
    ...(c.lastUsedAt !== undefined ? { reserve_time: utcSeconds(c.lastUsedAt) } : {}),
    coupon_version: 2,
    currency: 'CNY',
    source_id: c.issuerId,
  };
}

/** An issue or reclaim record (ListPartnerCouponsRecord); the memo only for the partner that wrote it. */
export function couponRecordView(r: CouponRecord, callerId: string): S['CouponRecord'] {
  return {
    id: r.id,
    operation_type: r.type,
    quota_id: r.quotaId,
    quota_type: r.quotaType,
    coupon_id: r.couponId,
    customer_id: r.customerId,
    operation_amount: toYuanNumber(r.amount),
    operation_time: utcSeconds(r.at),
    result: '0',
    ...(r.remark !== undefined && r.operatorId === callerId ? { remark: r.remark } : {}),
  };
}

/** A line of a customer's coupon-account ledger (ListCustomerCouponChangeRecords). */
export function couponChangeView(customer: Customer, e: CouponLedgerEntry): S['CustomerCouponChangeRecord'] {
  return {
    coupon_id: e.couponId,
    trade_detail_type: e.detailType,
    trade_time: utcSeconds(e.at),
    trade_id: e.tradeId,
    change_amount: formatYuan(e.amount),
    balance_after_change: formatYuan(e.balanceAfter),
    revenue_expense_type: e.direction,
    bill_cycle: billCycle(e.at),
    account_name: customer.accountName,
  };
}

/** A stored-value card's status: `1` usable while it holds a balance, `2` used up. */
export const cardStatus = (c: StoredValueCard): 1 | 2 => (c.balance > 0 ? 1 : 2);

/** A stored-value card as its holder lists it (ListStoredValueCards). */
export function storedValueCardView(c: StoredValueCard): S['StoredValueCard'] {
  return {
    card_id: c.id,
    card_name: c.name,
    status: cardStatus(c),
    face_value: formatYuan(c.faceValue),
    balance: formatYuan(c.balance),
    effective_time: utcSeconds(c.effectiveAt),
    expire_time: utcSeconds(c.expiresAt),
  };
}

/** A stored-value card as the control surface answers its creation. */
export function mockCardView(c: StoredValueCard): C['MockStoredValueCard'] {
  return {
    card_id: c.id,
    customer_id: c.customerId,
    status: cardStatus(c),
    face_value: formatYuan(c.faceValue),
    balance: formatYuan(c.balance),
  };
}

/** A coupon after a consumption (control ConsumeCoupon). */
export function consumedCouponView(c: Coupon, orderId: string): C['ConsumedCoupon'] {
  return { coupon_id: c.id, status: c.status as 2 | 3, balance: toYuanNumber(c.balance), order_id: orderId };
}
