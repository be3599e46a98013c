/**
 * Voucher and cash-coupon quotas (reference §2.E): the pots of coupon value Huawei grants a partner, the child quotas
 * a distributor carves out of its own for its tier-2 resellers, and the issue/reclaim records of those child quotas.
 * Money is integer cents. Quota expiry is derived from the virtual clock (`quotaStatus`): a quota past its expiry
 * reads as invalid (status 3) from its expiry instant on, without any stored change, so no timer is needed, a test
 * can jump months ahead, and a read never mutates the state. This file holds the slice's state; the commands,
 * queries, views and control changes live beside it (the invariants with the coupons, whose records they read).
 *
 * Every command checks everything first and mutates last. Batch commands (UpdateCouponQuotas, ReclaimCouponQuotas)
 * plan each item against a running copy of the balances, then apply the plan.
 */
import { utcSeconds } from '../../kernel/clock.js';
import type { Cents } from '../../kernel/money.js';
import type { Parties } from '../../kernel/parties.js';
import { fail, ok, type Result } from '../../kernel/result.js';

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface QuotasSlice {
  /** Coupon quotas and their records (the rest of `benefits` belongs to domain/coupons). */
  benefits: { quotas: Map<string, Quota>; quotaRecords: QuotaRecord[] };
}

/** The part of a tenant's World this aggregate reads and writes. */
export type QuotasWorld = Parties & QuotasSlice;

/** `0` normal, `3` invalid (expired or invalidated), `4` adjusting, `5` frozen, `6` reclaimed (child quotas only). */
export type QuotaStatus = 0 | 3 | 4 | 5 | 6;
/** `0` voucher quota, `1` cash-coupon quota. */
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

/** Whether the quota has passed its expiry (and so reads as invalid, unless it was reclaimed). */
const lapsed = (q: Quota, now: number) => q.status !== 3 && q.status !== 6 && now >= q.expiresAt;

/** A quota's status at `now`: the stored one, or `3` (invalid) from its expiry instant on. Reclaimed stays reclaimed. */
export function quotaStatus(q: Quota, now: number): QuotaStatus {
  return lapsed(q, now) ? 3 : q.status;
}

/** A quota's last update at `now`: its expiry counts as an update once passed. */
export function quotaUpdatedAt(q: Quota, now: number): number {
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
export function newQuotaId(world: QuotasWorld): string {
  const stamp = utcSeconds(world.clock.now()).replace(/\D/g, '');
  for (let i = 0; i < 200; i++) {
    const id = i < 100 ? stamp + world.random.digits(2) : world.random.digits(16);
    if (!world.benefits.quotas.has(id)) return id;
  }
  throw new Error('no free quota id');
}

/** A new 32-hex id of a quota record. */
export const recordId = (world: QuotasWorld) => world.random.hex(32);
