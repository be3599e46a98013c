/**
 * Coupons partners issue from their quotas (reference §2.F): vouchers (coupon type 1, from voucher quotas) and cash
 * coupons (type 4, from cash-coupon quotas) for reseller-model (代售) sub-customers; reclaim; the operation records;
 * the customer's own coupon list, coupon-account ledger and stored-value cards. This file holds the slice's state;
 * lifecycle.ts moves coupons through their states, and the commands, queries, views and invariants live beside it.
 *
 * Time is lazy: `expire(world)` brings coupons up to the virtual clock (activation of coupons whose valid_time has
 * come, expiry of coupons past their expiry) and every command calls it first, so the state a caller sees never
 * depends on when it last looked. Events are stamped with the instant they happened, not the instant they were
 * noticed. Quotas need no such step: their expiry is derived from the clock (`quotaStatus` in domain/quotas).
 *
 * Every command checks everything first and mutates last; batch issuing plans each customer against a running copy
 * of the quota balance, then applies the plan.
 */
import type { Cents } from '../../kernel/money.js';
import type { Parties } from '../../kernel/parties.js';
import type { Quota, QuotaRecord, QuotaType, QuotasSlice } from '../quotas/index.js';

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface CouponsSlice {
  /** Coupon quotas, partner coupons, their records, the customers' coupon ledger and stored-value cards. */
  benefits: BenefitsState;
}

/** The part of a tenant's World this aggregate reads and writes. */
export type CouponsWorld = Parties & CouponsSlice & QuotasSlice;

/** `1` not yet active, `2` available, `3` used up, `4` expired, `5` reclaimed. */
export type CouponStatus = 1 | 2 | 3 | 4 | 5;
/** `1` issue, `2` manual reclaim, `3` disassociation, `4` expiry, `5` unsubscribe, `6` refund revocation, `7` association, `8` type switch, `9` reseller transfer. */
export type CouponRecordType = '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
/** The record types that take a coupon's whole remaining balance back. */
export type CouponReclaimType = Exclude<CouponRecordType, '1'>;

/** One usage limit of a coupon (`use_limits`). */
export interface CouponLimit {
  id: string;
  key: string;
  value1?: string;
  value2?: string;
}

/** A coupon a partner issued to a customer. */
export interface Coupon {
  id: string;
  code: string;
  customerId: string;
  /** The partner that issued it (the acting partner: a reseller when its distributor issued for it). */
  issuerId: string;
  quotaId: string;
  type: 1 | 4;
  faceValue: Cents;
  balance: Cents;
  status: CouponStatus;
  createdAt: number;
  validAt: number;
  expiresAt: number;
  activatedAt?: number;
  /** When it became used up, expired or reclaimed. */
  closedAt?: number;
  lastUsedAt?: number;
  orderId?: string;
  limits: CouponLimit[];
  seq: number;
}

/** An issue or reclaim of a coupon (ListPartnerCouponsRecord). */
export interface CouponRecord {
  id: string;
  type: CouponRecordType;
  quotaId: string;
  quotaType: QuotaType;
  couponId: string;
  customerId: string;
  issuerId: string;
  /** The partner whose credentials made the call (the only one that sees `remark`); absent for automatic records. */
  operatorId?: string;
  /** Face value on issue; the remaining balance taken on reclaim or expiry. */
  amount: Cents;
  at: number;
  remark?: string;
  /** Whether `amount` went back to the quota (reclaims, when the setting is on). */
  returnedToQuota: boolean;
  seq: number;
}

/** The trade types of a customer's coupon-account ledger (`DEDEUCT` is the service's spelling). */
export type TradeType = 'ADJUST' | 'DEDEUCT' | 'EXPIRED' | 'COUPONCANCEL';

/** One movement of a customer's coupon account (ListCustomerCouponChangeRecords). */
export interface CouponLedgerEntry {
  id: string;
  customerId: string;
  couponId: string;
  tradeType: TradeType;
  detailType: string;
  direction: 'REVENUE' | 'EXPENSE';
  amount: Cents;
  /** The customer's coupon-account balance (available coupons) after the change. */
  balanceAfter: Cents;
  tradeId: string;
  at: number;
  seq: number;
}

/** A stored-value card Huawei gave a customer (ListStoredValueCards). */
export interface StoredValueCard {
  id: string;
  customerId: string;
  name: string;
  faceValue: Cents;
  balance: Cents;
  effectiveAt: number;
  expiresAt: number;
  createdAt: number;
  seq: number;
}

/** The world's slice for quotas and coupons. */
export interface BenefitsState {
  quotas: Map<string, Quota>;
  quotaRecords: QuotaRecord[];
  coupons: Map<string, Coupon>;
  couponRecords: CouponRecord[];
  ledger: CouponLedgerEntry[];
  cards: Map<string, StoredValueCard>;
}

/** The coupons slice of a new world: empty. */
export function createBenefitsState(): BenefitsState {
  return { quotas: new Map(), quotaRecords: [], coupons: new Map(), couponRecords: [], ledger: [], cards: new Map() };
}
