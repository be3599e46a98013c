/**
 * The full-withdrawal rule (console): when a customer withdraws its whole balance, the remaining balance of its
 * available cash coupons and pickup coupons goes back to the issuable quotas they came from. Vouchers are not
 * affected.
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { addCents, parseAmount, toYuanNumber } from '../../kernel/money.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { type PickupSlice, returnCustomerPickupCoupons } from './pickup-state.js';
import { reclaimCoupon } from './commands.js';
import { expire as settleCoupons } from './lifecycle.js';
import type { CouponsWorld } from './state.js';

type C = ControlComponents['schemas'];

/** CustomerFullWithdrawal: cash coupons (by issue order), then pickup coupons, back to their quotas. */
export function fullWithdrawal(
  world: CouponsWorld & PickupSlice,
  input: C['FullWithdrawalRequest'],
): Result<C['FullWithdrawal']> {
  const c = world.customers.get(input.customer_id);
  if (!c) return fail('CBC.5002', `Customer ${input.customer_id} does not exist.`);

  settleCoupons(world);
  const returned: C['FullWithdrawal']['returned'] = [];
  const cash = [...world.benefits.coupons.values()]
    .filter((k) => k.customerId === c.id && k.type === 4 && k.status === 2)
    .sort((a, b) => a.seq - b.seq);
  for (const k of cash) {
    const issuer = world.partners.get(k.issuerId);
    const amount = k.balance;
    if (!issuer || !reclaimCoupon(world, issuer, { coupon_id: k.id }).ok) continue;
    returned.push({ coupon_id: k.id, kind: 'cash_coupon', quota_id: k.quotaId, amount: toYuanNumber(amount) });
  }
  for (const r of returnCustomerPickupCoupons(world, c.id, 'full_withdrawal')) {
    returned.push({
      coupon_id: r.coupon_id,
      kind: 'pickup_coupon',
      quota_id: r.quota_id,
      amount: toYuanNumber(r.amount),
    });
  }
  const total = returned.reduce((sum, r) => addCents(sum, parseAmount(r.amount)!), 0);
  return ok({ customer_id: c.id, returned, total_returned: toYuanNumber(total) });
}
