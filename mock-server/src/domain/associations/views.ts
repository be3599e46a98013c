/** The association record as the console shows it (control schema `AssociationRecord`). */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { utcSeconds } from '../../kernel/clock.js';
import { toYuanNumber } from '../../kernel/money.js';
import type { AssociationEffects } from './settle.js';
import type { AssociationEvent } from './state.js';

type C = ControlComponents['schemas'];

function effectsView(f: AssociationEffects): NonNullable<C['AssociationRecord']['effects']> {
  return {
    ...(f.unbindTransId !== undefined ? { unbind_trans_id: f.unbindTransId } : {}),
    reclaimed_amount: toYuanNumber(f.reclaimed),
    reclaimed_coupons: f.coupons.map((k) => ({ coupon_id: k.couponId, kind: k.kind, amount: toYuanNumber(k.amount) })),
    budget_deleted: f.budgetDeleted,
    unfrozen: f.unfrozen,
  };
}

/** One association operation record, with what an approved switch or disassociation did. */
export function recordView(e: AssociationEvent): C['AssociationRecord'] {
  return {
    record_id: e.id,
    partner_id: e.partnerId,
    customer_id: e.customerId,
    account_name: e.accountName,
    operation_type: e.operation,
    initiator: e.initiator,
    status: e.status,
    association_type: e.type,
    ...(e.targetType !== undefined ? { target_association_type: e.targetType } : {}),
    ...(e.reason !== undefined ? { reason: e.reason } : {}),
    ...(e.decisionReason !== undefined ? { decision_reason: e.decisionReason } : {}),
    created_at: utcSeconds(e.createdAt),
    ...(e.decidedAt !== undefined ? { decided_at: utcSeconds(e.decidedAt) } : {}),
    ...(e.effects ? { effects: effectsView(e.effects) } : {}),
  };
}
