/**
 * Coupons partners issue from their quotas (reference §2.F): vouchers (coupon type 1, from voucher quotas) and cash
 * coupons (type 4, from cash-coupon quotas) for reseller-model (代售) sub-customers; reclaim; the operation records;
 * the customer's own coupon list, coupon-account ledger and stored-value cards.
 *
 * Time is lazy: `expire(world)` brings coupons up to the virtual clock (activation of coupons whose valid_time has
 * come, expiry of coupons past their expiry) and every command calls it first, so the state a caller sees never
 * depends on when it last looked. Events are stamped with the instant they happened, not the instant they were
 * noticed. Quotas need no such step: their expiry is derived from the clock (`quotaStatus` in quotas.ts).
 *
 * Every command checks everything first and mutates last; batch issuing plans each customer against a running copy
 * of the quota balance, then applies the plan.
 */
import type { CnComponents, CnOperations } from '@partner-center/sdk';
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { gmt8Date, utcSeconds, YEAR } from '../../kernel/clock.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { addCents, formatYuan, parseAmount, toYuanNumber, type Cents } from '../../kernel/money.js';
import { checkQuotaUsable, type Quota, type QuotaRecord, type QuotaType } from '../quotas/index.js';
import { inRange, newestCreatedFirst, newestFirst, page } from '../../kernel/paging.js';
import {
  actingPartner,
  type Customer,
  isSubCustomerOf,
  notYourReseller,
  type Partner,
  type Parties,
} from '../../kernel/parties.js';
import type { QuotasSlice } from '../quotas/index.js';

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface CouponsSlice {
  /** Coupon quotas, partner coupons, their records, the customers' coupon ledger and stored-value cards. */
  benefits: BenefitsState;
}

/** The part of a tenant's World this aggregate reads and writes. */
export type CouponsWorld = Parties & CouponsSlice & QuotasSlice;

type S = CnComponents['schemas'];
type C = ControlComponents['schemas'];
type QueryOf<K extends keyof CnOperations> = NonNullable<CnOperations[K]['parameters']['query']>;

export type CouponStatus = 1 | 2 | 3 | 4 | 5;
/** `1` issue, `2` manual reclaim, `3` disassociation, `4` expiry, `5` unsubscribe, `6` refund revocation, `7` association, `8` type switch, `9` reseller transfer. */
export type CouponRecordType = '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
/** The record types that take a coupon's whole remaining balance back. */
export type CouponReclaimType = Exclude<CouponRecordType, '1'>;

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

export function createBenefitsState(): BenefitsState {
  return { quotas: new Map(), quotaRecords: [], coupons: new Map(), couponRecords: [], ledger: [], cards: new Map() };
}

const DETAIL: Record<TradeType, string> = {
  ADJUST: 'SOURCE_OPERAIION_PRIZE',
  DEDEUCT: 'SOURCE_OPERAIION_DEDEUCT',
  EXPIRED: 'SOURCE_OPERAIION_EXPIRECLEAR',
  COUPONCANCEL: 'SOURCE_OPERATION_COUPONCANCEL',
};

const hexId = (world: CouponsWorld) => world.random.hex(32);

/** The customer's coupon-account balance: the balances of its available coupons. */
function accountBalance(world: CouponsWorld, customerId: string): Cents {
  let sum = 0;
  for (const c of world.benefits.coupons.values())
    if (c.customerId === customerId && c.status === 2) sum = addCents(sum, c.balance);
  return sum;
}

/** Appends a ledger entry; call it after the coupon changed, so the balance after the change is right. */
function ledger(
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

function activate(world: CouponsWorld, coupon: Coupon, at: number): void {
  coupon.status = 2;
  coupon.activatedAt = at;
  ledger(world, coupon, 'ADJUST', coupon.balance, at, coupon.id);
}

/**
 * Takes a coupon's whole remaining balance back (record types 2–9) or lets it expire (type 4): balance 0, status 5
 * (reclaimed) or 4 (expired), a coupon record, a ledger entry when the customer had the value, and — for reclaims,
 * when the setting is on — the balance back to the quota it was issued from.
 */
function closeCoupon(
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
  if (wasAvailable) ledger(world, coupon, type === '4' ? 'EXPIRED' : 'COUPONCANCEL', amount, at, record.id);
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

// ------------------------------------------------------------------------------------------------ views

function limitsView(c: Coupon): S['CouponUseLimit'][] {
  return c.limits.map((l) => ({
    use_limiti_info_id: l.id,
    limit_key: l.key,
    ...(l.value1 !== undefined ? { value1: l.value1 } : {}),
    ...(l.value2 !== undefined ? { value2: l.value2 } : {}),
  }));
}

function issuedView(c: Coupon): S['IssuedPartnerCoupon'] {
  return {
    coupon_id: c.id,
    status: c.status,
    customer_id: c.customerId,
    coupon_type: c.type,
    measure_id: 1,
    face_value: toYuanNumber(c.faceValue),
    effective_time: utcSeconds(c.validAt),
    expire_time: utcSeconds(c.expiresAt),
    ...(c.orderId ? { order_id: c.orderId } : {}),
    media_type: 1,
    fetch_method: 3,
    use_limits: limitsView(c),
    ...(c.activatedAt !== undefined ? { active_time: utcSeconds(c.activatedAt) } : {}),
    ...(c.lastUsedAt !== undefined ? { last_used_time: utcSeconds(c.lastUsedAt) } : {}),
    create_time: utcSeconds(c.createdAt),
    balance: toYuanNumber(c.balance),
    is_frozen: '0',
  };
}

function userView(c: Coupon): S['UserCoupon'] {
  return {
    coupon_id: c.id,
    coupon_code: c.code,
    status: c.status,
    customer_id: c.customerId,
    coupon_type: c.type,
    measure_id: 1,
    face_value: toYuanNumber(c.faceValue),
    valid_time: utcSeconds(c.validAt),
    expire_time: utcSeconds(c.expiresAt),
    ...(c.orderId ? { order_id: c.orderId } : {}),
    media_type: 1,
    fetch_method: 3,
    use_limits: limitsView(c),
    ...(c.activatedAt !== undefined ? { active_time: utcSeconds(c.activatedAt) } : {}),
    ...(c.lastUsedAt !== undefined ? { reserve_time: utcSeconds(c.lastUsedAt) } : {}),
    create_time: utcSeconds(c.createdAt),
    coupon_version: 2,
    balance: toYuanNumber(c.balance),
    is_frozen: '0',
    currency: 'CNY',
    source_id: c.issuerId,
  };
}

// ------------------------------------------------------------------------------------------------ F1

/** The values of a quota's limit with this key (productId values are comma-separated lists); undefined = unlimited. */
function quotaLimitValues(quota: Quota, key: string): Set<string> | undefined {
  const limits = quota.limits.filter((l) => l.key === key);
  if (limits.length === 0) return undefined;
  const values = limits.flatMap((l) =>
    l.values.flatMap((v) =>
      (v.value1 ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  );
  return new Set(values);
}

function newCouponId(world: CouponsWorld): string {
  const stamp = utcSeconds(world.clock.now()).replace(/\D/g, '').slice(2);
  for (;;) {
    const id = `CP${stamp}${world.random.hex(8).toUpperCase()}`;
    if (!world.benefits.coupons.has(id)) return id;
  }
}

/** Whether the customer is an associated sub-customer of the partner now. */
function isSubCustomer(world: CouponsWorld, partner: Partner, customer: Customer | undefined): customer is Customer {
  return isSubCustomerOf(world, customer, partner);
}

/**
 * CreatePartnerCoupons: one coupon of `face_value` per customer from the acting partner's quota. Request-level
 * refusals (quota, window, limits, designated customers) change nothing; per-customer failures go to
 * `error_details` and the other customers get their coupon.
 */
export function createCoupons(
  world: CouponsWorld,
  caller: Partner,
  body: S['CreatePartnerCouponsRequest'],
): Result<S['CreatePartnerCouponsResponse']> {
  const issuer = actingPartner(world, caller, body.indirect_partner_id);
  if (!issuer) return notYourReseller(body.indirect_partner_id);
  expire(world);
  const quota = world.benefits.quotas.get(body.quota_id);
  if (!quota || quota.ownerId !== issuer.id) return fail('CBC.99000012', `Quota ${body.quota_id} does not exist.`);
  const usable = checkQuotaUsable(world, quota);
  if (!usable.ok) return usable;
  const face = parseAmount(body.face_value);
  if (face === undefined || face <= 0) return fail('CBC.0100', `Invalid parameter: face_value ${body.face_value}.`);

  const now = world.clock.now();
  const validAt = body.valid_time ? Date.parse(body.valid_time) : quota.effectiveAt;
  const expiresAt = body.expire_time ? Date.parse(body.expire_time) : quota.expiresAt;
  if (validAt >= expiresAt) return fail('CBC.0100', 'Invalid parameter: valid_time must be before expire_time.');
  if (expiresAt <= now) return fail('CBC.0100', `Invalid parameter: expire_time ${utcSeconds(expiresAt)} has passed.`);
  if (validAt < quota.effectiveAt || expiresAt > quota.expiresAt) {
    return fail(
      'CBC.0100',
      `Invalid parameter: the coupon's validity must lie within the quota's (${utcSeconds(quota.effectiveAt)} to ${utcSeconds(quota.expiresAt)}).`,
    );
  }

  const services = body.cloud_service_types?.length ? body.cloud_service_types : undefined;
  const products = body.product_ids?.length ? body.product_ids : undefined;
  for (const [key, asked, field] of [
    ['cloudServiceType', services, 'cloud_service_types'],
    ['productId', products, 'product_ids'],
  ] as const) {
    const allowed = quotaLimitValues(quota, key);
    const outside = asked && allowed ? asked.filter((v) => !allowed.has(v)) : [];
    if (outside.length)
      return fail('CBC.99000023', `${field} ${outside.join(', ')} lie outside quota ${quota.id}'s ${key} limit.`);
  }

  const designated = quota.designatedCustomerIds?.length ? new Set(quota.designatedCustomerIds) : undefined;
  const strangers = designated ? body.customer_ids.filter((id) => !designated.has(id)) : [];
  if (strangers.length)
    return fail(
      'CBC.50000020',
      `Quota ${quota.id} only applies to designated customers; not to ${strangers.join(', ')}.`,
    );

  let remaining = quota.balance;
  const errors: S['ErrorDetail'][] = [];
  const receivers: Customer[] = [];
  for (const id of body.customer_ids) {
    const customer = world.customers.get(id);
    if (!isSubCustomer(world, issuer, customer)) {
      errors.push({
        id,
        error_code: 'CBC.99000035',
        error_msg: `Customer ${id} is not an associated sub-customer of partner ${issuer.id}.`,
      });
    } else if (customer.associationType !== '2') {
      errors.push({
        id,
        error_code: 'CBC.99000014',
        error_msg: `Customer ${id} is not a reseller-model (代售) customer; coupons cannot be issued to it.`,
      });
    } else if (remaining < face) {
      errors.push({
        id,
        error_code: 'CBC.99000013',
        error_msg: `The balance of quota ${quota.id} is insufficient for customer ${id}.`,
      });
    } else {
      remaining -= face;
      receivers.push(customer);
    }
  }

  // Usage limits: the quota's, with the service types / products narrowed as asked.
  const baseLimits = quota.limits
    .filter((l) => !(services && l.key === 'cloudServiceType') && !(products && l.key === 'productId'))
    .flatMap((l) => (l.values.length ? l.values : [{}]).map((v) => ({ key: l.key, ...v })));
  const limits: Omit<CouponLimit, 'id'>[] = [
    ...baseLimits,
    ...(services ?? []).map((s) => ({ key: 'cloudServiceType', value1: s })),
    ...(products ? [{ key: 'productId', value1: products.join(',') }] : []),
  ];

  const infos: S['CouponInfo'][] = [];
  for (const customer of receivers) {
    const coupon: Coupon = {
      id: newCouponId(world),
      code: world.random.hex(16).toUpperCase(),
      customerId: customer.id,
      issuerId: issuer.id,
      quotaId: quota.id,
      type: quota.type === 0 ? 1 : 4,
      faceValue: face,
      balance: face,
      status: 1,
      createdAt: now,
      validAt,
      expiresAt,
      limits: limits.map((l) => ({ id: hexId(world), ...l })),
      seq: ++world.seq,
    };
    world.benefits.coupons.set(coupon.id, coupon);
    quota.balance = addCents(quota.balance, -face);
    quota.updatedAt = now;
    world.benefits.couponRecords.push({
      id: hexId(world),
      type: '1',
      quotaId: quota.id,
      quotaType: quota.type,
      couponId: coupon.id,
      customerId: customer.id,
      issuerId: issuer.id,
      operatorId: caller.id,
      amount: face,
      at: now,
      ...(body.memo != null ? { remark: body.memo } : {}),
      returnedToQuota: false,
      seq: ++world.seq,
    });
    if (validAt <= now) activate(world, coupon, now);
    infos.push({ id: customer.id, coupon_id: coupon.id });
  }
  return ok({ error_details: errors, coupon_infos: infos });
}

// ------------------------------------------------------------------------------------------------ F2

/** ListIssuedPartnerCoupons: the coupons the acting partner issued; those expired over two years ago are left out. */
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
    .filter((c) => q.coupon_id === undefined || c.id === q.coupon_id)
    .filter((c) => q.customer_id === undefined || c.customerId === q.customer_id)
    .filter((c) => q.order_id === undefined || c.orderId === q.order_id)
    .filter((c) => q.coupon_type === undefined || c.type === q.coupon_type)
    .filter((c) => q.status === undefined || c.status === q.status)
    .filter((c) => inRange(c.createdAt, q.create_time_begin, q.create_time_end))
    .filter((c) => inRange(c.validAt, q.effective_time_begin, q.effective_time_end))
    .filter((c) => inRange(c.expiresAt, q.expire_time_begin, q.expire_time_end))
    .sort(newestCreatedFirst);
  return ok({ total_count: matches.length, user_coupons: page(matches, q.offset, q.limit).map(issuedView) });
}

// ------------------------------------------------------------------------------------------------ F3

/** ReclaimPartnerCoupons: the whole remaining balance of one available coupon; status 5; balance back to the quota. */
export function reclaimCoupon(
  world: CouponsWorld,
  caller: Partner,
  body: S['ReclaimPartnerCouponsRequest'],
): Result<void> {
  const issuer = actingPartner(world, caller, body.indirect_partner_id);
  if (!issuer) return notYourReseller(body.indirect_partner_id);
  expire(world);
  const coupon = world.benefits.coupons.get(body.coupon_id);
  if (!coupon) return fail('CBC.0100', `Invalid parameter: coupon ${body.coupon_id} does not exist.`);
  const customer = world.customers.get(coupon.customerId);
  if (coupon.issuerId !== issuer.id || !isSubCustomer(world, issuer, customer)) {
    return fail('CBC.99000035', `The customer of coupon ${coupon.id} is not a sub-customer of partner ${issuer.id}.`);
  }
  if (customer.associationType !== '2')
    return fail(
      'CBC.99000045',
      `Coupon ${coupon.id} belongs to a referral (顾问销售) customer and cannot be reclaimed.`,
    );
  if (coupon.status !== 2) {
    const why = { 1: 'is not active yet', 3: 'is used up', 4: 'has expired', 5: 'has already been reclaimed' }[
      coupon.status
    ];
    return fail('CBC.99000048', `Coupon ${coupon.id} ${why}; only available coupons (status 2) can be reclaimed.`);
  }
  closeCoupon(world, coupon, '2', world.clock.now(), caller.id);
  return ok(undefined);
}

// ------------------------------------------------------------------------------------------------ F4

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
    .filter((r) => result === undefined || result === '0')
    .sort(newestFirst);
  return ok({
    total_count: matches.length,
    records: page(matches, q.offset, q.limit).map((r) => ({
      id: r.id,
      operation_type: r.type,
      quota_id: r.quotaId,
      quota_type: r.quotaType,
      coupon_id: r.couponId,
      customer_id: r.customerId,
      operation_amount: toYuanNumber(r.amount),
      operation_time: utcSeconds(r.at),
      result: '0',
      ...(r.remark !== undefined && r.operatorId === caller.id ? { remark: r.remark } : {}),
    })),
  });
}

// ------------------------------------------------------------------------------------------------ F5

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
  return ok({ count: matches.length, user_coupons: page(matches, q.offset, q.limit).map(userView) });
}

// ------------------------------------------------------------------------------------------------ F6

/** `YYYY-MM-DD` of an instant in GMT+8. */

/** ListCustomerCouponChangeRecords: the calling customer's coupon-account ledger, newest first. */
export function listCouponChanges(
  world: CouponsWorld,
  customer: Customer,
  q: QueryOf<'ListCustomerCouponChangeRecords'>,
): Result<S['ListCustomerCouponChangeRecordsResponse']> {
  expire(world);
  const now = world.clock.now();
  const today = gmt8Date(now);
  const begin = q.trade_time_begin ?? `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
  const end = q.trade_time_end ?? today;
  const matches = world.benefits.ledger
    .filter((e) => e.customerId === customer.id)
    .filter((e) => !q.revenue_expense_type || e.direction === q.revenue_expense_type)
    .filter((e) => !q.trade_type || e.tradeType === q.trade_type)
    .filter((e) => !q.trade_id || e.tradeId === q.trade_id)
    .filter((e) => !q.coupon_id || e.couponId === q.coupon_id)
    .filter((e) => {
      const day = gmt8Date(e.at);
      return day >= begin && day <= end;
    })
    .sort(newestFirst);
  return ok({
    total_count: matches.length,
    currency: 'CNY',
    records: page(matches, q.offset, q.limit).map((e) => ({
      coupon_id: e.couponId,
      trade_detail_type: e.detailType,
      trade_time: utcSeconds(e.at),
      trade_id: e.tradeId,
      change_amount: formatYuan(e.amount),
      balance_after_change: formatYuan(e.balanceAfter),
      revenue_expense_type: e.direction,
      bill_cycle: gmt8Date(e.at).slice(0, 7),
      account_name: customer.accountName,
    })),
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
    .filter((c) => (c.balance > 0 ? 1 : 2) === q.status)
    .filter((c) => !q.card_id || c.id === q.card_id)
    .sort(newestCreatedFirst);
  return ok({
    total_count: matches.length,
    stored_value_cards: page(matches, q.offset, q.limit).map((c) => ({
      card_id: c.id,
      card_name: c.name,
      status: c.balance > 0 ? 1 : 2,
      face_value: formatYuan(c.faceValue),
      balance: formatYuan(c.balance),
      effective_time: utcSeconds(c.effectiveAt),
      expire_time: utcSeconds(c.expiresAt),
    })),
  });
}

// ------------------------------------------------------------------------------------------------ control

/** ConsumeCoupon (control): spend part of an available coupon, as an order would. */
export function consumeCoupon(world: CouponsWorld, input: C['ConsumeCouponRequest']): Result<C['ConsumedCoupon']> {
  expire(world);
  const coupon = world.benefits.coupons.get(input.coupon_id);
  if (!coupon) return fail('CBC.0100', `Coupon ${input.coupon_id} does not exist.`);
  if (coupon.status !== 2)
    return fail(
      'CBC.0100',
      `Coupon ${coupon.id} is in status ${coupon.status}; only available coupons (2) can be used.`,
    );
  const amount = parseAmount(input.amount);
  if (amount === undefined || amount <= 0)
    return fail('CBC.0100', `amount ${input.amount} is not a positive 2-decimal amount.`);
  if (amount > coupon.balance)
    return fail(
      'CBC.0100',
      `Coupon ${coupon.id} holds ${formatYuan(coupon.balance)}, less than ${formatYuan(amount)}.`,
    );
  const now = world.clock.now();
  const orderId =
    input.order_id ?? `CS${utcSeconds(now).replace(/\D/g, '').slice(2)}${world.random.hex(6).toUpperCase()}`;
  coupon.balance = addCents(coupon.balance, -amount);
  coupon.lastUsedAt = now;
  coupon.orderId = orderId;
  if (coupon.balance === 0) {
    coupon.status = 3;
    coupon.closedAt = now;
  }
  ledger(world, coupon, 'DEDEUCT', amount, now, orderId);
  return ok({
    coupon_id: coupon.id,
    status: coupon.status as 2 | 3,
    balance: toYuanNumber(coupon.balance),
    order_id: orderId,
  });
}

/** CreateStoredValueCard (control): Huawei gives a customer a stored-value card. */
export function createStoredValueCard(
  world: CouponsWorld,
  input: C['CreateStoredValueCardRequest'],
): Result<C['MockStoredValueCard']> {
  const customer = world.customers.get(input.customer_id);
  if (!customer) return fail('CBC.0100', `Customer ${input.customer_id} does not exist.`);
  const face = parseAmount(input.face_value);
  const balance = input.balance === undefined ? face : parseAmount(input.balance);
  if (face === undefined || balance === undefined || balance > face)
    return fail('CBC.0100', 'balance must be a 2-decimal amount no larger than face_value.');
  const now = world.clock.now();
  const effectiveAt = input.effective_time ? Date.parse(input.effective_time) : Math.floor(now / 1000) * 1000;
  const expiresAt = input.expire_time ? Date.parse(input.expire_time) : effectiveAt + YEAR;
  if (!(expiresAt > effectiveAt)) return fail('CBC.0100', 'expire_time must be after effective_time.');
  const card: StoredValueCard = {
    id: `SVC${world.random.digits(16)}`,
    customerId: customer.id,
    name: input.card_name ?? 'Stored-value card',
    faceValue: face,
    balance,
    effectiveAt,
    expiresAt,
    createdAt: now,
    seq: ++world.seq,
  };
  world.benefits.cards.set(card.id, card);
  return ok({
    card_id: card.id,
    customer_id: card.customerId,
    status: balance > 0 ? 1 : 2,
    face_value: formatYuan(face),
    balance: formatYuan(balance),
  });
}

// ------------------------------------------------------------------------------------------------ invariants

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

// ---- quota invariants: they read the coupon records too, so they live with the coupons -------------------------

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
