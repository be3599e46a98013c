/**
 * The wire forms of the quotas slice, typed by the generated schemas: a quota as its owner lists it, a child quota as
 * its distributor lists it, a quota record, and a quota as the control surface shows it. Statuses and update times
 * are read at `now`, so an expired quota shows as invalid without any stored change.
 */
import type { CnComponents } from '@partner-center/sdk';
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { utcSeconds } from '../../kernel/clock.js';
import { toYuanNumber } from '../../kernel/money.js';
import type { Partner } from '../../kernel/parties.js';
import { type Quota, type QuotaRecord, type QuotaStatus, quotaStatus, quotaUpdatedAt } from './state.js';

type S = CnComponents['schemas'];
type C = ControlComponents['schemas'];

/** The response form of a quota (CouponQuotaV2) at `now`. */
export function quotaView(
  q: Quota,
  now: number,
): Omit<S['CouponQuota'], 'quota_status'> & { quota_status: QuotaStatus } {
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

/** A child quota as the distributor that issued it lists it (ListIssuedCouponQuotas), with its reseller. */
export function issuedQuotaView(q: Quota, reseller: Partner, now: number): S['IssuedCouponQuota'] {
  return {
    ...quotaView(q, now),
    quota_type: 0 as const, // child quotas are carved from voucher quotas only
    indirect_partner_id: reseller.id,
    indirect_partner_account_name: reseller.iamDomain,
    indirect_partner_name: reseller.name,
    parent_quota_id: q.parentId!,
  };
}

/** A child quota's issue or reclaim record (ListCouponQuotasRecords), with its reseller. */
export function quotaRecordView(r: QuotaRecord, reseller: Partner): S['QuotaRecord'] {
  return {
    id: r.id,
    operator: r.operator,
    operation_type: r.type,
    quota_id: r.quotaId,
    parent_quota_id: r.parentQuotaId,
    amount: toYuanNumber(r.amount),
    operation_time: utcSeconds(r.at),
    result: '0',
    indirect_partner_account_name: reseller.iamDomain,
    indirect_partner_id: reseller.id,
    indirect_partner_name: reseller.name,
    ...(r.remark !== undefined ? { remark: r.remark } : {}),
  };
}

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
