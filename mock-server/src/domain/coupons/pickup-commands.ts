/**
 * Pickup-coupon commands (console; government-cloud partners only): Huawei grants quotas, the partner issues and
 * reclaims coupons behind its verification-code gate, orders consume them. Every command checks everything first and
 * mutates last; issue and reclaim report per-coupon refusals without failing the batch.
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { utcSeconds, YEAR } from '../../kernel/clock.js';
import { addCents, type Cents, formatYuan, positiveAmount, toYuanNumber } from '../../kernel/money.js';
import { isSubCustomerOf, type Partner } from '../../kernel/parties.js';
import { newestCreatedFirst, page } from '../../kernel/paging.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { checkGate, passGate } from '../codes/index.js';
import { consolePartner, profileOf } from '../partners/index.js';
import { type PickupQuota, type PickupWorld, pickupStatus, returnPickup, settlePickup } from './pickup-state.js';
import { pickupQuotaView, pickupView } from './pickup-views.js';

type C = ControlComponents['schemas'];

const notGovernmentCloud = (p: Partner) =>
  fail(
    'CONSOLE.NOT_GOVERNMENT_CLOUD',
    `Partner ${p.id} is not a government-cloud partner; pickup coupons (提货券) are for government-cloud partners only.`,
  );

/** The console partner, if it is a government-cloud partner. */
function governmentCloudPartner(world: PickupWorld, partnerId: string): Result<Partner> {
  const p = consolePartner(world, partnerId);
  if (!p.ok) return p;
  return profileOf(world, p.value).governmentCloud ? p : notGovernmentCloud(p.value);
}

/** GrantPickupCouponQuota: Huawei grants a government-cloud partner a pickup-coupon quota. */
export function grantPickupQuota(world: PickupWorld, input: C['GrantPickupQuotaRequest']): Result<C['PickupQuota']> {
  const p = governmentCloudPartner(world, input.partner_id);
  if (!p.ok) return p;
  const value = positiveAmount(input.quota_value, 'quota_value');
  if (!value.ok) return value;
  const now = world.clock.now();
  const effectiveAt = input.effective_time ? Date.parse(input.effective_time) : now;
  const expiresAt = input.expire_time ? Date.parse(input.expire_time) : effectiveAt + YEAR;
  if (!(expiresAt > effectiveAt))
    return fail('CBC.0100', 'Invalid parameter: expire_time must be after effective_time.');
  let id: string;
  do id = `PQ${world.random.digits(14)}`;
  while (world.pickup.quotas.has(id));
  const quota: PickupQuota = {
    id,
    partnerId: p.value.id,
    value: value.value,
    balance: value.value,
    effectiveAt,
    expiresAt,
    createdAt: now,
    seq: ++world.pickup.seq,
  };
  world.pickup.quotas.set(id, quota);
  return ok(pickupQuotaView(quota, now));
}

/** ListPickupCouponQuotas: the partner's quotas, newest first. */
export function listPickupQuotas(world: PickupWorld, q: { partner_id: string }): Result<C['PickupQuotas']> {
  const p = consolePartner(world, q.partner_id);
  if (!p.ok) return p;
  const now = world.clock.now();
  const mine = [...world.pickup.quotas.values()].filter((x) => x.partnerId === p.value.id).sort(newestCreatedFirst);
  return ok({ quotas: mine.map((x) => pickupQuotaView(x, now)) });
}

/** The quota to issue from, valid now. */
function issuableQuota(world: PickupWorld, partner: Partner, quotaId: string, now: number): Result<PickupQuota> {
  const quota = world.pickup.quotas.get(quotaId);
  if (!quota || quota.partnerId !== partner.id)
    return fail('CBC.99000012', `Pickup-coupon quota ${quotaId} does not exist for partner ${partner.id}.`);
  if (now < quota.effectiveAt || now >= quota.expiresAt) {
    return fail(
      'CBC.99000017',
      `Pickup-coupon quota ${quota.id} is valid from ${utcSeconds(quota.effectiveAt)} to ${utcSeconds(quota.expiresAt)}.`,
    );
  }
  return ok(quota);
}

/** Each customer's verdict, planned against a running quota balance: `error` for a customer that gets nothing. */
function planIssue(
  world: PickupWorld,
  partner: Partner,
  customerIds: string[],
  balance: Cents,
  face: Cents,
): { customerId: string; error?: C['ConsoleError'] }[] {
  let running = balance;
  const refuse = (id: string, error_code: string, error_msg: string) => ({
    customerId: id,
    error: { id, error_code, error_msg },
  });
  return customerIds.map((id) => {
    const c = world.customers.get(id);
    if (!isSubCustomerOf(world, c, partner))
      return refuse(id, 'CBC.99000035', `Customer ${id} is not a sub-customer of partner ${partner.id}.`);
    if (c.associationType !== '2')
      return refuse(
        id,
        'CBC.99000014',
        `Customer ${id} is not a reseller-model (代售) customer; pickup coupons cannot be issued to it.`,
      );
    if (running < face)
      return refuse(
        id,
        'CBC.99000013',
        `The quota balance ${formatYuan(running)} is less than the face value ${formatYuan(face)}.`,
      );
    running -= face;
    return { customerId: id };
  });
}

/** IssuePickupCoupons: one coupon per customer from the quota; per-customer refusals in `error_details`. */
export function issuePickupCoupons(
  world: PickupWorld,
  input: C['IssuePickupCouponsRequest'],
): Result<C['IssuedPickupCoupons']> {
  const caller = governmentCloudPartner(world, input.partner_id);
  if (!caller.ok) return caller;
  const partner = caller.value;
  const now = world.clock.now();
  const found = issuableQuota(world, partner, input.quota_id, now);
  if (!found.ok) return found;
  const quota = found.value;
  const face = positiveAmount(input.face_value, 'face_value');
  if (!face.ok) return face;
  const expiresAt = input.expire_time ? Date.parse(input.expire_time) : quota.expiresAt;
  if (expiresAt <= now || expiresAt > quota.expiresAt)
    return fail(
      'CBC.0100',
      `Invalid parameter: expire_time must be in the future and not after the quota's expiry ${utcSeconds(quota.expiresAt)}.`,
    );
  const plan = planIssue(world, partner, input.customer_ids, quota.balance, face.value);
  const pass = checkGate(world, partner, input.verification_code);
  if (!pass.ok) return pass;

  passGate(pass.value);
  settlePickup(world);
  const issued: C['IssuedPickupCoupons']['coupon_infos'] = [];
  for (const item of plan) {
    if (item.error) continue;
    let id: string;
    do id = `PK${utcSeconds(now).replace(/\D/g, '').slice(2)}${world.random.hex(6).toUpperCase()}`;
    while (world.pickup.coupons.has(id));
    quota.balance -= face.value;
    world.pickup.coupons.set(id, {
      id,
      partnerId: partner.id,
      customerId: item.customerId,
      quotaId: quota.id,
      face: face.value,
      balance: face.value,
      consumed: 0,
      returned: 0,
      status: 2,
      effectiveAt: now,
      expiresAt,
      createdAt: now,
      seq: ++world.pickup.seq,
    });
    issued.push({ id: item.customerId, coupon_id: id });
  }
  return ok({ coupon_infos: issued, error_details: plan.flatMap((p) => (p.error ? [p.error] : [])) });
}

/** Why a pickup coupon cannot be reclaimed by the partner, or nothing when it can. */
function reclaimRefusal(world: PickupWorld, partner: Partner, id: string, now: number) {
  const c = world.pickup.coupons.get(id);
  if (!c) return { code: 'CBC.0100', msg: `Invalid parameter: pickup coupon ${id} does not exist.` };
  if (c.partnerId !== partner.id)
    return { code: 'CBC.99000035', msg: `Pickup coupon ${id} was not issued by partner ${partner.id}.` };
  const status = pickupStatus(c, now);
  if (status === 2) return undefined;
  const why = { 3: 'is used up', 4: 'has expired', 5: 'has already been reclaimed' }[status];
  return { code: 'CBC.99000048', msg: `Pickup coupon ${id} ${why}; only available coupons can be reclaimed.` };
}

/** ReclaimPickupCoupons: each available coupon's whole balance back to its quota; each coupon on its own. */
export function reclaimPickupCoupons(
  world: PickupWorld,
  input: C['ReclaimPickupCouponsRequest'],
): Result<C['CouponReclaimResult']> {
  const caller = governmentCloudPartner(world, input.partner_id);
  if (!caller.ok) return caller;
  const partner = caller.value;
  const now = world.clock.now();
  const verdicts = input.coupon_ids.map((id) => ({ id, error: reclaimRefusal(world, partner, id, now) }));
  const pass = checkGate(world, partner, input.verification_code);
  if (!pass.ok) return pass;

  passGate(pass.value);
  settlePickup(world);
  const results = verdicts.map((v): C['CouponReclaimResult']['results'][number] =>
    v.error
      ? { coupon_id: v.id, error_code: v.error.code, error_msg: v.error.msg }
      : {
          coupon_id: v.id,
          reclaimed_amount: toYuanNumber(returnPickup(world, world.pickup.coupons.get(v.id)!, 'reclaimed')),
        },
  );
  const failures = results.filter((r) => r.error_code !== undefined).length;
  return ok({ success_count: results.length - failures, failure_count: failures, results });
}

/** ConsumePickupCoupon: an order spends part of an available coupon; at zero it is used up. */
export function consumePickupCoupon(
  world: PickupWorld,
  input: C['ConsumePickupCouponRequest'],
): Result<C['PickupCoupon']> {
  const c = world.pickup.coupons.get(input.coupon_id);
  if (!c) return fail('CBC.0100', `Invalid parameter: pickup coupon ${input.coupon_id} does not exist.`);
  const now = world.clock.now();
  if (pickupStatus(c, now) !== 2)
    return fail('CBC.99000048', `Pickup coupon ${c.id} is not available (status ${pickupStatus(c, now)}).`);
  const amount = positiveAmount(input.amount, 'amount');
  if (!amount.ok) return amount;
  if (amount.value > c.balance)
    return fail(
      'CBC.0100',
      `Invalid parameter: amount ${formatYuan(amount.value)} exceeds the coupon balance ${formatYuan(c.balance)}.`,
    );
  settlePickup(world);
  c.balance -= amount.value;
  c.consumed = addCents(c.consumed, amount.value);
  if (c.balance === 0) {
    c.status = 3;
    c.closedAt = now;
    c.closeReason = 'used_up';
  }
  return ok(pickupView(c, now));
}

/** ListPickupCoupons: newest first, filtered, one page. */
export function listPickupCoupons(
  world: PickupWorld,
  q: { partner_id: string; customer_id?: string; status?: number; offset?: number; limit?: number },
): Result<C['PickupCoupons']> {
  const p = consolePartner(world, q.partner_id);
  if (!p.ok) return p;
  const now = world.clock.now();
  const matches = [...world.pickup.coupons.values()]
    .filter((c) => c.partnerId === p.value.id)
    .filter((c) => q.customer_id === undefined || c.customerId === q.customer_id)
    .filter((c) => q.status === undefined || pickupStatus(c, now) === q.status)
    .sort(newestCreatedFirst);
  return ok({ total_count: matches.length, coupons: page(matches, q.offset, q.limit).map((c) => pickupView(c, now)) });
}
