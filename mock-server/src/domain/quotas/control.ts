/**
 * What Huawei's operations staff do to quotas, driven through the control surface: grant a partner a quota
 * (GrantCouponQuota) and change a quota's status (SetCouponQuotaStatus).
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { utcSeconds, validityWindow } from '../../kernel/clock.js';
import { positiveAmount } from '../../kernel/money.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { newQuotaId, type Quota, type QuotasWorld } from './state.js';

type C = ControlComponents['schemas'];

/** GrantCouponQuota (control): what Huawei operations staff do when they set up a partner's quota. */
export function grantQuota(world: QuotasWorld, input: C['GrantCouponQuotaRequest']): Result<Quota> {
  const partner = world.partners.get(input.partner_id);
  if (!partner) return fail('CBC.0100', `Partner ${input.partner_id} does not exist.`);
  const value = positiveAmount(input.quota_value, 'quota_value');
  if (!value.ok) return value;
  const now = world.clock.now();
  const valid = validityWindow(now, input.effective_time, input.expire_time);
  if (!(valid.to > valid.from)) return fail('CBC.0100', 'expire_time must be after effective_time.');
  for (const id of input.designated_customer_ids ?? []) {
    if (!world.customers.has(id)) return fail('CBC.0100', `Designated customer ${id} does not exist.`);
  }
  const quota: Quota = {
    id: newQuotaId(world),
    ownerId: partner.id,
    type: input.quota_type ?? 0,
    value: value.value,
    balance: value.value,
    status: input.quota_status ?? 0,
    createdAt: now,
    updatedAt: now,
    effectiveAt: valid.from,
    expiresAt: valid.to,
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
