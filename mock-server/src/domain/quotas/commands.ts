/**
 * A distributor's quota commands (reference §2.E): UpdateCouponQuotas carves child quotas for its tier-2 resellers
 * out of its own voucher quota; ReclaimCouponQuotas takes their whole balance back. Both plan every item against a
 * running copy of the balances, then apply the plan; per-item failures go to `error_details`.
 */
import type { CnComponents } from '@partner-center/sdk';
import { addCents, type Cents, positiveAmount, toYuanNumber } from '../../kernel/money.js';
import { distributorsOnly, type Partner, resellerOf } from '../../kernel/parties.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { checkQuotaUsable, newQuotaId, type Quota, type QuotasWorld, quotaStatus, recordId } from './state.js';

type S = CnComponents['schemas'];

/** Whether every designated customer of a quota is a sub-customer of the reseller. */
function designatedCustomersBelongTo(world: QuotasWorld, quota: Quota, resellerId: string): boolean {
  return (quota.designatedCustomerIds ?? []).every((id) => world.customers.get(id)?.partnerId === resellerId);
}

/** The request-level checks of UpdateCouponQuotas: a distributor, its own usable top-level voucher quota, the amount. */
function issueRequest(
  world: QuotasWorld,
  caller: Partner,
  body: S['UpdateCouponQuotasRequest'],
): Result<{ parent: Quota; amount: Cents }> {
  if (caller.role !== 'distributor') return distributorsOnly(caller, 'UpdateCouponQuotas');
  const parent = world.benefits.quotas.get(body.quota_id);
  if (!parent || parent.ownerId !== caller.id || parent.parentId !== undefined)
    return fail('CBC.99000012', `Quota ${body.quota_id} does not exist.`);
  if (parent.type !== 0)
    return fail(
      'CBC.99000012',
      `Quota ${parent.id} is a cash-coupon quota; only voucher quotas can be issued to resellers.`,
    );
  const usable = checkQuotaUsable(world, parent);
  if (!usable.ok) return usable;
  const amount = positiveAmount(body.quota_amount, 'quota_amount');
  if (!amount.ok) return amount;
  return ok({ parent, amount: amount.value });
}

/** The resellers that get a child quota, against a running copy of the parent's balance, and why the others do not. */
function grantees(world: QuotasWorld, caller: Partner, parent: Quota, amount: Cents, ids: string[]) {
  let remaining = parent.balance;
  const errors: S['ErrorDetail'][] = [];
  const granted: Partner[] = [];
  const refuse = (id: string, error_code: S['ErrorDetail']['error_code'], error_msg: string) =>
    errors.push({ id, error_code, error_msg });
  for (const id of ids) {
    const reseller = resellerOf(world, caller, id);
    if (!reseller) {
      refuse(id, 'CBC.99000037', `You have no permission to operate on tier-2 reseller ${id}.`);
    } else if (!designatedCustomersBelongTo(world, parent, reseller.id)) {
      refuse(
        id,
        'CBC.50000021',
        `Quota ${parent.id} is restricted to designated customers that are not all sub-customers of reseller ${id}.`,
      );
    } else if (remaining < amount) {
      refuse(id, 'CBC.99000013', `The balance of quota ${parent.id} is insufficient for reseller ${id}.`);
    } else {
      remaining -= amount;
      granted.push(reseller);
    }
  }
  return { granted, errors };
}

/** Carves one child quota for a reseller out of the parent, with its issue record (type `10`). */
function issueChild(world: QuotasWorld, caller: Partner, parent: Quota, reseller: Partner, amount: Cents, now: number) {
  const child: Quota = {
    id: newQuotaId(world),
    ownerId: reseller.id,
    type: 0,
    value: amount,
    balance: amount,
    status: 0,
    createdAt: now,
    updatedAt: now,
    effectiveAt: parent.effectiveAt,
    expiresAt: parent.expiresAt,
    limits: parent.limits.map((l) => ({ key: l.key, values: l.values.map((v) => ({ ...v })) })),
    ...(parent.designatedCustomerIds ? { designatedCustomerIds: [...parent.designatedCustomerIds] } : {}),
    parentId: parent.id,
    seq: ++world.seq,
  };
  world.benefits.quotas.set(child.id, child);
  parent.balance = addCents(parent.balance, -amount);
  world.benefits.quotaRecords.push({
    id: recordId(world),
    type: '10',
    distributorId: caller.id,
    operator: caller.iamUser,
    quotaId: child.id,
    parentQuotaId: parent.id,
    resellerId: reseller.id,
    amount,
    at: now,
    seq: ++world.seq,
  });
  return child;
}

/**
 * UpdateCouponQuotas: carve a child quota of `quota_amount` for each reseller out of the distributor's voucher
 * quota. Per-reseller failures go to `error_details`; the parent's balance never goes negative.
 */
export function issueQuotas(
  world: QuotasWorld,
  caller: Partner,
  body: S['UpdateCouponQuotasRequest'],
): Result<S['UpdateCouponQuotasResponse']> {
  const req = issueRequest(world, caller, body);
  if (!req.ok) return req;
  const { parent, amount } = req.value;
  const { granted, errors } = grantees(world, caller, parent, amount, body.indirect_partner_ids);
  const now = world.clock.now();
  const infos = granted.map((reseller) => ({
    id: reseller.id,
    quota_id: issueChild(world, caller, parent, reseller, amount, now).id,
  }));
  if (granted.length) parent.updatedAt = now;
  return ok({ error_details: errors, simple_quota_infos: infos });
}

/** ReclaimCouponQuotas: the whole balance of each child quota goes back to its parent; the child becomes status 6. */
export function reclaimQuotas(
  world: QuotasWorld,
  caller: Partner,
  body: S['ReclaimCouponQuotasRequest'],
): Result<S['ReclaimCouponQuotasResponse']> {
  if (caller.role !== 'distributor') return distributorsOnly(caller, 'ReclaimCouponQuotas');
  const now = world.clock.now();
  const errors: S['ErrorDetail'][] = [];
  const planned: { child: Quota; parent: Quota }[] = [];
  const seen = new Set<string>();
  for (const id of body.quota_ids) {
    const child = world.benefits.quotas.get(id);
    const parent = child?.parentId !== undefined ? world.benefits.quotas.get(child.parentId) : undefined;
    if (!child || !parent || parent.ownerId !== caller.id) {
      errors.push({
        id,
        error_code: 'CBC.99000012',
        error_msg: `Quota ${id} is not a quota you issued to one of your resellers.`,
      });
    } else if (quotaStatus(child, now) !== 0 || seen.has(id)) {
      const status = seen.has(id) ? 6 : quotaStatus(child, now);
      errors.push({
        id,
        error_code: 'CBC.99000012',
        error_msg: `Quota ${id} is in status ${status}; only quotas in status 0 can be reclaimed.`,
      });
    } else {
      seen.add(id);
      planned.push({ child, parent });
    }
  }

  const infos: S['QuotaReclaim'][] = [];
  for (const { child, parent } of planned) {
    const amount = child.balance;
    parent.balance = addCents(parent.balance, amount);
    parent.updatedAt = now;
    child.balance = 0;
    child.status = 6;
    child.updatedAt = now;
    world.benefits.quotaRecords.push({
      id: recordId(world),
      type: '11',
      distributorId: caller.id,
      operator: caller.iamUser,
      quotaId: child.id,
      parentQuotaId: parent.id,
      resellerId: child.ownerId,
      amount,
      at: now,
      ...(body.remark != null ? { remark: body.remark } : {}),
      seq: ++world.seq,
    });
    // quota_balance is the child's balance after the reclaim (reference E3, model QuotaReclaim): the whole balance
    // went back, so 0; the amount reclaimed is in the record (operation type 11).
    infos.push({ quota_id: child.id, quota_balance: toYuanNumber(child.balance) });
  }
  return ok({ error_details: errors, simple_quota_infos: infos });
}
