/**
 * Voucher and cash-coupon quotas (reference §2.E): the pots of coupon value Huawei grants a partner, the child quotas
 * a distributor carves out of its own for its tier-2 resellers, and the issue/reclaim records of those child quotas.
 * Money is integer cents. Quota expiry is derived from the virtual clock (`quotaStatus`): a quota past its expiry
 * reads as invalid (status 3) from its expiry instant on, without any stored change, so no timer is needed, a test
 * can jump months ahead, and a read never mutates the state.
 *
 * Every command checks everything first and mutates last. Batch commands (UpdateCouponQuotas, ReclaimCouponQuotas)
 * plan each item against a running copy of the balances, then apply the plan.
 */
import type { CnComponents, CnOperations } from '@partner-center/sdk';
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { utcSeconds, YEAR } from '../../kernel/clock.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { addCents, parseAmount, toYuanNumber, type Cents } from '../../kernel/money.js';
import { actingPartner, notYourReseller, type Partner, type Parties } from '../../kernel/parties.js';
import { inRange, newestCreatedFirst, page } from '../../kernel/paging.js';

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface QuotasSlice {
  /** Coupon quotas and their records (the rest of `benefits` belongs to domain/coupons). */
  benefits: { quotas: Map<string, Quota>; quotaRecords: QuotaRecord[] };
}

/** The part of a tenant's World this aggregate reads and writes. */
export type QuotasWorld = Parties & QuotasSlice;

type S = CnComponents['schemas'];
type C = ControlComponents['schemas'];
type QueryOf<K extends keyof CnOperations> = NonNullable<CnOperations[K]['parameters']['query']>;

export type QuotaStatus = 0 | 3 | 4 | 5 | 6;
export type QuotaType = 0 | 1;

/** One usage limit, as the quota carries it (`limit_infos`). */
export interface QuotaLimit {
  key: string;
  values: { value1?: string; value2?: string }[];
}

/** A quota: granted to a partner by Huawei (top level) or issued to a reseller by its distributor (child). */
export interface Quota {
  id: string;
  /** The partner that may issue coupons from it. */
  ownerId: string;
  type: QuotaType;
  /** Original amount. */
  value: Cents;
  balance: Cents;
  status: QuotaStatus;
  createdAt: number;
  updatedAt: number;
  effectiveAt: number;
  expiresAt: number;
  limits: QuotaLimit[];
  /** When set and not empty, coupons from this quota may only go to these customers. */
  designatedCustomerIds?: string[];
  /** A child quota's parent (the distributor's quota). */
  parentId?: string;
  seq: number;
}

/** A child-quota movement: `10` issued to a reseller, `11` reclaimed from it. */
export interface QuotaRecord {
  id: string;
  type: '10' | '11';
  /** The distributor that owns the parent quota. */
  distributorId: string;
  /** Account name of the operator (the calling partner's IAM user). */
  operator: string;
  quotaId: string;
  parentQuotaId: string;
  resellerId: string;
  amount: Cents;
  at: number;
  remark?: string;
  seq: number;
}

const denied = (what: string) => fail('CBC.0151', `Access denied: ${what} is for tier-1 distributors only.`);
/** Whether the quota has passed its expiry (and so reads as invalid, unless it was reclaimed). */
const lapsed = (q: Quota, now: number) => q.status !== 3 && q.status !== 6 && now >= q.expiresAt;

/** A quota's status at `now`: the stored one, or `3` (invalid) from its expiry instant on. Reclaimed stays reclaimed. */
export function quotaStatus(q: Quota, now: number): QuotaStatus {
  return lapsed(q, now) ? 3 : q.status;
}

/** A quota's last update at `now`: its expiry counts as an update once passed. */
function quotaUpdatedAt(q: Quota, now: number): number {
  return lapsed(q, now) ? Math.max(q.updatedAt, q.expiresAt) : q.updatedAt;
}

/**
 * Whether a quota can be drawn on now: within its validity window (`CBC.99000017`) and in status 0
 * (`CBC.99000012`). The window is checked first, so an expired quota answers 99000017.
 */
export function checkQuotaUsable(world: QuotasWorld, quota: Quota): Result<Quota> {
  const now = world.clock.now();
  if (now < quota.effectiveAt)
    return fail('CBC.99000017', `Quota ${quota.id} is not effective until ${utcSeconds(quota.effectiveAt)}.`);
  if (now >= quota.expiresAt)
    return fail('CBC.99000017', `Quota ${quota.id} expired at ${utcSeconds(quota.expiresAt)}.`);
  if (quota.status !== 0)
    return fail('CBC.99000012', `Quota ${quota.id} is in status ${quota.status}; only status 0 can be used.`);
  return ok(quota);
}

/** A new quota id: the UTC second as 14 digits plus 2 more (as the service's `2018011615520150`), unique. */
function newQuotaId(world: QuotasWorld): string {
  const stamp = utcSeconds(world.clock.now()).replace(/\D/g, '');
  for (let i = 0; i < 200; i++) {
    const id = i < 100 ? stamp + world.random.digits(2) : world.random.digits(16);
    if (!world.benefits.quotas.has(id)) return id;
  }
  throw new Error('no free quota id');
}

const recordId = (world: QuotasWorld) => world.random.hex(32);

/** The response form of a quota (CouponQuotaV2) at `now`. */
export function quotaView(q: Quota, now: number): S['CouponQuota'] {
  return {
    quota_id: q.id,
    quota_type: q.type,
    create_time: utcSeconds(q.createdAt),
    last_update_time: utcSeconds(quotaUpdatedAt(q, now)),
    quota_value: toYuanNumber(q.value),
    quota_status: quotaStatus(q, now),
    balance: toYuanNumber(q.balance),
    measure_id: 1,
    currency: 'CNY',
    effective_time: utcSeconds(q.effectiveAt),
    expire_time: utcSeconds(q.expiresAt),
    limit_infos: q.limits.map((l) => ({ limit_key: l.key, limit_values: l.values.map((v) => ({ ...v })) })),
  };
}

// ------------------------------------------------------------------------------------------------ E1

/** ListQuotaCoupons: the acting partner's quotas (voucher quotas unless `quota_type` is 1), reclaimed ones excluded. */
export function listQuotas(
  world: QuotasWorld,
  caller: Partner,
  q: S['ListQuotaCouponsRequest'],
): Result<S['ListQuotaCouponsResponse']> {
  const owner = actingPartner(world, caller, q.indirect_partner_id);
  if (!owner) return notYourReseller(q.indirect_partner_id);
  const now = world.clock.now();
  const type: QuotaType = q.quota_type === 1 ? 1 : 0;
  const ids = q.quota_ids ? new Set(q.quota_ids) : undefined;
  const statuses = q.quota_status_list ? new Set<number>(q.quota_status_list) : undefined;
  const matches = [...world.benefits.quotas.values()]
    .filter((x) => x.ownerId === owner.id && x.status !== 6 && x.type === type)
    .filter((x) => !ids || ids.has(x.id))
    .filter((x) => !statuses || statuses.has(quotaStatus(x, now)))
    .filter((x) => inRange(x.createdAt, q.create_time_begin, q.create_time_end))
    .filter((x) => inRange(x.effectiveAt, q.effective_time_begin, q.effective_time_end))
    .filter((x) => inRange(x.expiresAt, q.expire_time_begin, q.expire_time_end))
    .sort(newestCreatedFirst);
  return ok({ total_count: matches.length, quotas: page(matches, q.offset, q.limit).map((x) => quotaView(x, now)) });
}

// ------------------------------------------------------------------------------------------------ E2

/** Whether every designated customer of a quota is a sub-customer of the reseller. */
function designatedCustomersBelongTo(world: QuotasWorld, quota: Quota, resellerId: string): boolean {
  return (quota.designatedCustomerIds ?? []).every((id) => world.customers.get(id)?.partnerId === resellerId);
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
  if (caller.role !== 'distributor') return denied('UpdateCouponQuotas');
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
  const amount = parseAmount(body.quota_amount);
  if (amount === undefined || amount <= 0)
    return fail('CBC.0100', `Invalid parameter: quota_amount ${body.quota_amount}.`);

  let remaining = parent.balance;
  const errors: S['ErrorDetail'][] = [];
  const granted: Partner[] = [];
  for (const id of body.indirect_partner_ids) {
    const reseller = world.partners.get(id);
    if (reseller?.role !== 'reseller' || reseller.parentId !== caller.id) {
      errors.push({
        id,
        error_code: 'CBC.99000037',
        error_msg: `You have no permission to operate on tier-2 reseller ${id}.`,
      });
    } else if (!designatedCustomersBelongTo(world, parent, reseller.id)) {
      errors.push({
        id,
        error_code: 'CBC.50000021',
        error_msg: `Quota ${parent.id} is restricted to designated customers that are not all sub-customers of reseller ${id}.`,
      });
    } else if (remaining < amount) {
      errors.push({
        id,
        error_code: 'CBC.99000013',
        error_msg: `The balance of quota ${parent.id} is insufficient for reseller ${id}.`,
      });
    } else {
      remaining -= amount;
      granted.push(reseller);
    }
  }

  const now = world.clock.now();
  const infos: S['SimpleQuotaInfo'][] = [];
  for (const reseller of granted) {
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
    infos.push({ id: reseller.id, quota_id: child.id });
  }
  if (granted.length) parent.updatedAt = now;
  return ok({ error_details: errors, simple_quota_infos: infos });
}

// ------------------------------------------------------------------------------------------------ E3

/** ReclaimCouponQuotas: the whole balance of each child quota goes back to its parent; the child becomes status 6. */
export function reclaimQuotas(
  world: QuotasWorld,
  caller: Partner,
  body: S['ReclaimCouponQuotasRequest'],
): Result<S['ReclaimCouponQuotasResponse']> {
  if (caller.role !== 'distributor') return denied('ReclaimCouponQuotas');
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
    infos.push({ quota_id: child.id, quota_balance: toYuanNumber(amount) });
  }
  return ok({ error_details: errors, simple_quota_infos: infos });
}

// ------------------------------------------------------------------------------------------------ E4

function resellerFilter(world: QuotasWorld, caller: Partner, id: string | undefined): Result<string | undefined> {
  if (!id) return ok(undefined);
  const r = world.partners.get(id);
  if (r?.role !== 'reseller' || r.parentId !== caller.id) return notYourReseller(id);
  return ok(id);
}

/** ListIssuedCouponQuotas: the child quotas the distributor issued, reclaimed ones included. */
export function listIssuedQuotas(
  world: QuotasWorld,
  caller: Partner,
  q: QueryOf<'ListIssuedCouponQuotas'>,
): Result<S['ListIssuedCouponQuotasResponse']> {
  if (caller.role !== 'distributor') return denied('ListIssuedCouponQuotas');
  const reseller = resellerFilter(world, caller, q.indirect_partner_id);
  if (!reseller.ok) return reseller;
  const now = world.clock.now();
  const quotas = world.benefits.quotas;
  const matches = [...quotas.values()]
    .filter((x) => x.parentId !== undefined && quotas.get(x.parentId)?.ownerId === caller.id)
    .filter((x) => !q.quota_id || x.id === q.quota_id)
    .filter((x) => !reseller.value || x.ownerId === reseller.value)
    .filter((x) => q.parent_quota_id === undefined || x.parentId === q.parent_quota_id)
    .sort(newestCreatedFirst);
  return ok({
    total_count: matches.length,
    quotas: page(matches, q.offset, q.limit).map((x) => {
      const r = world.partners.get(x.ownerId)!;
      return {
        ...quotaView(x, now),
        indirect_partner_id: r.id,
        indirect_partner_account_name: r.iamDomain,
        indirect_partner_name: r.name,
        parent_quota_id: x.parentId!,
      };
    }),
  });
}

// ------------------------------------------------------------------------------------------------ E5

/** ListCouponQuotasRecords: the distributor's quota issue/reclaim records, newest first. */
export function listQuotaRecords(
  world: QuotasWorld,
  caller: Partner,
  q: QueryOf<'ListCouponQuotasRecords'>,
): Result<S['ListCouponQuotasRecordsResponse']> {
  if (caller.role !== 'distributor') return denied('ListCouponQuotasRecords');
  const reseller = resellerFilter(world, caller, q.indirect_partner_id);
  if (!reseller.ok) return reseller;
  const type = q.operation_type === '10' || q.operation_type === '11' ? q.operation_type : undefined;
  const matches = world.benefits.quotaRecords
    .filter((r) => r.distributorId === caller.id)
    .filter((r) => !reseller.value || r.resellerId === reseller.value)
    .filter((r) => !q.quota_id || r.quotaId === q.quota_id)
    .filter((r) => q.parent_quota_id === undefined || r.parentQuotaId === q.parent_quota_id)
    .filter((r) => !type || r.type === type)
    .filter((r) => inRange(r.at, q.operation_time_begin, q.operation_time_end))
    .sort((a, b) => b.at - a.at || b.seq - a.seq);
  return ok({
    total_count: matches.length,
    records: page(matches, q.offset, q.limit).map((r) => {
      const p = world.partners.get(r.resellerId)!;
      return {
        id: r.id,
        operator: r.operator,
        operation_type: r.type,
        quota_id: r.quotaId,
        parent_quota_id: r.parentQuotaId,
        amount: toYuanNumber(r.amount),
        operation_time: utcSeconds(r.at),
        result: '0',
        indirect_partner_account_name: p.iamDomain,
        indirect_partner_id: p.id,
        indirect_partner_name: p.name,
        ...(r.remark !== undefined ? { remark: r.remark } : {}),
      };
    }),
  });
}

// ------------------------------------------------------------------------------------------------ control

/** The control surface's view of a quota. */
export function controlQuotaView(q: Quota, now: number): C['MockCouponQuota'] {
  return {
    quota_id: q.id,
    partner_id: q.ownerId,
    quota_type: q.type,
    quota_value: toYuanNumber(q.value),
    balance: toYuanNumber(q.balance),
    quota_status: quotaStatus(q, now),
    effective_time: utcSeconds(q.effectiveAt),
    expire_time: utcSeconds(q.expiresAt),
    ...(q.parentId !== undefined ? { parent_quota_id: q.parentId } : {}),
  };
}

/** GrantCouponQuota (control): what Huawei operations staff do when they set up a partner's quota. */
export function grantQuota(world: QuotasWorld, input: C['GrantCouponQuotaRequest']): Result<Quota> {
  const partner = world.partners.get(input.partner_id);
  if (!partner) return fail('CBC.0100', `Partner ${input.partner_id} does not exist.`);
  const value = parseAmount(input.quota_value);
  if (value === undefined || value <= 0)
    return fail('CBC.0100', `quota_value ${input.quota_value} is not a positive 2-decimal amount.`);
  const now = world.clock.now();
  const effectiveAt = input.effective_time ? Date.parse(input.effective_time) : Math.floor(now / 1000) * 1000;
  const expiresAt = input.expire_time ? Date.parse(input.expire_time) : effectiveAt + YEAR;
  if (!(expiresAt > effectiveAt)) return fail('CBC.0100', 'expire_time must be after effective_time.');
  for (const id of input.designated_customer_ids ?? []) {
    if (!world.customers.has(id)) return fail('CBC.0100', `Designated customer ${id} does not exist.`);
  }
  const quota: Quota = {
    id: newQuotaId(world),
    ownerId: partner.id,
    type: input.quota_type ?? 0,
    value,
    balance: value,
    status: input.quota_status ?? 0,
    createdAt: now,
    updatedAt: now,
    effectiveAt,
    expiresAt,
    limits: (input.limit_infos ?? []).map((l) => ({ key: l.limit_key, values: l.limit_values.map((v) => ({ ...v })) })),
    ...(input.designated_customer_ids?.length ? { designatedCustomerIds: [...input.designated_customer_ids] } : {}),
    seq: ++world.seq,
  };
  world.benefits.quotas.set(quota.id, quota);
  return ok(quota);
}

/** SetCouponQuotaStatus (control): invalidate, adjust, freeze or restore a quota. */
export function setQuotaStatus(world: QuotasWorld, input: C['SetCouponQuotaStatusRequest']): Result<Quota> {
  const quota = world.benefits.quotas.get(input.quota_id);
  if (!quota) return fail('CBC.0100', `Quota ${input.quota_id} does not exist.`);
  if (quota.status === 6) return fail('CBC.0100', `Quota ${quota.id} was reclaimed; its status cannot change.`);
  if (input.quota_status !== 3 && world.clock.now() >= quota.expiresAt) {
    return fail('CBC.0100', `Quota ${quota.id} expired at ${utcSeconds(quota.expiresAt)}; it can only be invalid (3).`);
  }
  quota.status = input.quota_status;
  quota.updatedAt = world.clock.now();
  return ok(quota);
}
