/** Wire views of pickup-coupon quotas and coupons (control schema), as of a given instant. */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { utcSeconds } from '../../kernel/clock.js';
import { toYuanNumber } from '../../kernel/money.js';
import { type PickupCoupon, type PickupQuota, pickupStatus } from './pickup-state.js';

type C = ControlComponents['schemas'];

/** A quota as of `now`: 3 (expired) past its expiry, else 0. */
export function pickupQuotaView(q: PickupQuota, now: number): C['PickupQuota'] {
  return {
    quota_id: q.id,
    partner_id: q.partnerId,
    quota_value: toYuanNumber(q.value),
    balance: toYuanNumber(q.balance),
    status: now >= q.expiresAt ? 3 : 0,
    effective_time: utcSeconds(q.effectiveAt),
    expire_time: utcSeconds(q.expiresAt),
  };
}

/** A coupon as of `now`: one past its expiry shows as expired, closed at its expiry, before any command writes it. */
export function pickupView(c: PickupCoupon, now: number): C['PickupCoupon'] {
  const status = pickupStatus(c, now);
  const expiredNow = status === 4 && c.status === 2;
  return {
    coupon_id: c.id,
    partner_id: c.partnerId,
    customer_id: c.customerId,
    quota_id: c.quotaId,
    face_value: toYuanNumber(c.face),
    balance: toYuanNumber(c.balance),
    status,
    effective_time: utcSeconds(c.effectiveAt),
    expire_time: utcSeconds(c.expiresAt),
    created_at: utcSeconds(c.createdAt),
    ...(expiredNow ? { closed_at: utcSeconds(c.expiresAt), close_reason: 'expired' as const } : {}),
    ...(!expiredNow && c.closedAt !== undefined ? { closed_at: utcSeconds(c.closedAt) } : {}),
    ...(!expiredNow && c.closeReason !== undefined ? { close_reason: c.closeReason } : {}),
  };
}
