/**
 * BatchReclaimCoupons (console): each coupon as ReclaimPartnerCoupons would (whole balance, record type 2), each on its
 * own; per-coupon refusals are reported, not fatal. Behind the partner's verification-code gate.
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { toYuanNumber } from '../../kernel/money.js';
import { ok, type Result } from '../../kernel/result.js';
import { checkGate, type GateWorld, passGate } from '../codes/index.js';
import { consoleActors } from '../partners/index.js';
import { reclaimCoupon } from './commands.js';
import type { CouponsWorld } from './state.js';

type C = ControlComponents['schemas'];

/** BatchReclaimCoupons: each coupon as ReclaimPartnerCoupons would (whole balance, record type 2), each on its own. */
export function batchReclaimCoupons(
  world: CouponsWorld & GateWorld,
  input: C['BatchReclaimCouponsRequest'],
): Result<C['CouponReclaimResult']> {
  const actors = consoleActors(world, input.partner_id, input.indirect_partner_id);
  if (!actors.ok) return actors;
  const { caller } = actors.value;
  const pass = checkGate(world, caller, input.verification_code);
  if (!pass.ok) return pass;

  passGate(pass.value);
  const results = input.coupon_ids.map((id): C['CouponReclaimResult']['results'][number] => {
    const r = reclaimCoupon(world, caller, {
      coupon_id: id,
      ...(input.indirect_partner_id !== undefined ? { indirect_partner_id: input.indirect_partner_id } : {}),
    });
    if (!r.ok) return { coupon_id: id, error_code: r.error.code, error_msg: r.error.message };
    const rec = world.benefits.couponRecords.findLast((x) => x.couponId === id);
    return { coupon_id: id, reclaimed_amount: toYuanNumber(rec?.amount ?? 0) };
  });
  const failures = results.filter((r) => r.error_code !== undefined).length;
  return ok({ success_count: results.length - failures, failure_count: failures, results });
}
