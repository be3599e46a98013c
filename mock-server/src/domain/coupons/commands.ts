/**
 * The partner's coupon commands (reference §2.F): CreatePartnerCoupons issues one coupon per customer from a quota,
 * ReclaimPartnerCoupons takes an available coupon's remaining balance back. Both check everything first and mutate
 * last; batch issuing plans each customer against a running copy of the quota balance, then applies the plan.
 */
import type { CnComponents } from '@partner-center/sdk';
import { utcSeconds } from '../../kernel/clock.js';
import { addCents, type Cents, positiveAmount } from '../../kernel/money.js';
import { actingPartner, type Customer, isSubCustomerOf, notYourReseller, type Partner } from '../../kernel/parties.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { checkQuotaUsable, type Quota } from '../quotas/index.js';
import { activate, closeCoupon, expire, hexId } from './lifecycle.js';
import type { Coupon, CouponLimit, CouponsWorld } from './state.js';

type S = CnComponents['schemas'];
type IssueRequest = S['CreatePartnerCouponsRequest'];

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

/** What an issue request asks for once checked: the quota, the face value, the validity and the narrowed limits. */
interface IssuePlan {
  /** The instant of the issue: every coupon of the batch is created then. */
  now: number;
  quota: Quota;
  face: Cents;
  validAt: number;
  expiresAt: number;
  services: string[] | undefined;
  products: string[] | undefined;
}

/** The issuer's quota, usable now, and a positive face value; or the refusal. */
function issueQuota(world: CouponsWorld, issuer: Partner, body: IssueRequest): Result<{ quota: Quota; face: Cents }> {
  const quota = world.benefits.quotas.get(body.quota_id);
  if (!quota || quota.ownerId !== issuer.id) return fail('CBC.99000012', `Quota ${body.quota_id} does not exist.`);
  const usable = checkQuotaUsable(world, quota);
  if (!usable.ok) return usable;
  const face = positiveAmount(body.face_value, 'face_value');
  if (!face.ok) return face;
  return ok({ quota, face: face.value });
}

/**
 * The request-level checks of CreatePartnerCoupons, in the service's order: quota and face value, the validity
 * window (within the quota's, not yet over), the service types and products (within the quota's limits), the
 * quota's designated customers.
 */
function issuePlan(world: CouponsWorld, issuer: Partner, body: IssueRequest): Result<IssuePlan> {
  const base = issueQuota(world, issuer, body);
  if (!base.ok) return base;
  const { quota } = base.value;
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
  return ok({ ...base.value, now, validAt, expiresAt, services, products });
}

/** The customers that get a coupon, against a running copy of the quota balance, and why the others do not. */
function receivers(world: CouponsWorld, issuer: Partner, plan: IssuePlan, ids: string[]) {
  let remaining = plan.quota.balance;
  const errors: S['ErrorDetail'][] = [];
  const granted: Customer[] = [];
  const refuse = (id: string, error_code: S['ErrorDetail']['error_code'], error_msg: string) =>
    errors.push({ id, error_code, error_msg });
  for (const id of ids) {
    const customer = world.customers.get(id);
    if (!isSubCustomerOf(world, customer, issuer)) {
      refuse(id, 'CBC.99000035', `Customer ${id} is not an associated sub-customer of partner ${issuer.id}.`);
    } else if (customer.associationType !== '2') {
      refuse(
        id,
        'CBC.99000014',
        `Customer ${id} is not a reseller-model (代售) customer; coupons cannot be issued to it.`,
      );
    } else if (remaining < plan.face) {
      refuse(id, 'CBC.99000013', `The balance of quota ${plan.quota.id} is insufficient for customer ${id}.`);
    } else {
      remaining -= plan.face;
      granted.push(customer);
    }
  }
  return { granted, errors };
}

/** The usage limits of the coupons: the quota's, with the service types / products narrowed as asked. */
function couponLimits({ quota, services, products }: IssuePlan): Omit<CouponLimit, 'id'>[] {
  const baseLimits = quota.limits
    .filter((l) => !(services && l.key === 'cloudServiceType') && !(products && l.key === 'productId'))
    .flatMap((l) => (l.values.length ? l.values : [{}]).map((v) => ({ key: l.key, ...v })));
  return [
    ...baseLimits,
    ...(services ?? []).map((s) => ({ key: 'cloudServiceType', value1: s })),
    ...(products ? [{ key: 'productId', value1: products.join(',') }] : []),
  ];
}

/** Issues one planned coupon: the coupon, the quota's balance, the issue record, and activation when already valid. */
function issueCoupon(
  world: CouponsWorld,
  who: { caller: Partner; issuer: Partner; customer: Customer },
  plan: IssuePlan,
  limits: Omit<CouponLimit, 'id'>[],
  memo: string | null | undefined,
): Coupon {
  const { quota, face, now } = plan;
  const coupon: Coupon = {
    id: newCouponId(world),
    code: world.random.hex(16).toUpperCase(),
    customerId: who.customer.id,
    issuerId: who.issuer.id,
    quotaId: quota.id,
    type: quota.type === 0 ? 1 : 4,
    faceValue: face,
    balance: face,
    status: 1,
    createdAt: now,
    validAt: plan.validAt,
    expiresAt: plan.expiresAt,
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
    customerId: who.customer.id,
    issuerId: who.issuer.id,
    operatorId: who.caller.id,
    amount: face,
    at: now,
    ...(memo != null ? { remark: memo } : {}),
    returnedToQuota: false,
    seq: ++world.seq,
  });
  if (plan.validAt <= now) activate(world, coupon, now);
  return coupon;
}

/**
 * CreatePartnerCoupons: one coupon of `face_value` per customer from the acting partner's quota. Request-level
 * refusals (quota, window, limits, designated customers) change nothing; per-customer failures go to
 * `error_details` and the other customers get their coupon.
 */
export function createCoupons(
  world: CouponsWorld,
  caller: Partner,
  body: IssueRequest,
): Result<S['CreatePartnerCouponsResponse']> {
  const issuer = actingPartner(world, caller, body.indirect_partner_id);
  if (!issuer) return notYourReseller(body.indirect_partner_id);
  expire(world);
  const plan = issuePlan(world, issuer, body);
  if (!plan.ok) return plan;
  const { granted, errors } = receivers(world, issuer, plan.value, body.customer_ids);
  const limits = couponLimits(plan.value);
  const infos = granted.map((customer) => {
    const coupon = issueCoupon(world, { caller, issuer, customer }, plan.value, limits, body.memo);
    return { id: customer.id, coupon_id: coupon.id };
  });
  return ok({ error_details: errors, coupon_infos: infos });
}

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
  if (coupon.issuerId !== issuer.id || !isSubCustomerOf(world, customer, issuer)) {
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
