/**
 * What happens to coupons outside the partner API, driven through the control surface: an order spending part of a
 * coupon (ConsumeCoupon), and Huawei giving a customer a stored-value card (CreateStoredValueCard).
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { utcSeconds, validityWindow } from '../../kernel/clock.js';
import { addCents, formatYuan, parseAmount, positiveAmount } from '../../kernel/money.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { expire, writeLedger } from './lifecycle.js';
import type { CouponsWorld, StoredValueCard } from './state.js';
import { consumedCouponView, mockCardView } from './views.js';

type C = ControlComponents['schemas'];

/** ConsumeCoupon (control): spend part of an available coupon, as an order would. */
export function consumeCoupon(world: CouponsWorld, input: C['ConsumeCouponRequest']): Result<C['ConsumedCoupon']> {
  expire(world);
  const coupon = world.benefits.coupons.get(input.coupon_id);
  if (!coupon) return fail('CBC.0100', `Coupon ${input.coupon_id} does not exist.`);
  if (coupon.status !== 2)
    return fail(
      'CBC.0100',
      `Coupon ${coupon.id} is in status ${coupon.status}; only available coupons (2) can be used.`,
    );
  const spent = positiveAmount(input.amount);
  if (!spent.ok) return spent;
  const amount = spent.value;
  if (amount > coupon.balance)
    return fail(
      'CBC.0100',
      `Coupon ${coupon.id} holds ${formatYuan(coupon.balance)}, less than ${formatYuan(amount)}.`,
    );
  const now = world.clock.now();
  const orderId =
    input.order_id ?? `CS${utcSeconds(now).replace(/\D/g, '').slice(2)}${world.random.hex(6).toUpperCase()}`;
  coupon.balance = addCents(coupon.balance, -amount);
  coupon.lastUsedAt = now;
  coupon.orderId = orderId;
  if (coupon.balance === 0) {
    coupon.status = 3;
    coupon.closedAt = now;
  }
  writeLedger(world, coupon, 'DEDEUCT', amount, now, orderId);
  return ok(consumedCouponView(coupon, orderId));
}

/** CreateStoredValueCard (control): Huawei gives a customer a stored-value card. */
export function createStoredValueCard(
  world: CouponsWorld,
  input: C['CreateStoredValueCardRequest'],
): Result<C['MockStoredValueCard']> {
  const customer = world.customers.get(input.customer_id);
  if (!customer) return fail('CBC.0100', `Customer ${input.customer_id} does not exist.`);
  const face = parseAmount(input.face_value);
  const balance = input.balance === undefined ? face : parseAmount(input.balance);
  if (face === undefined || balance === undefined || balance > face)
    return fail('CBC.0100', 'balance must be a 2-decimal amount no larger than face_value.');
  const now = world.clock.now();
  const valid = validityWindow(now, input.effective_time, input.expire_time);
  if (!(valid.to > valid.from)) return fail('CBC.0100', 'expire_time must be after effective_time.');
  const card: StoredValueCard = {
    id: `SVC${world.random.digits(16)}`,
    customerId: customer.id,
    name: input.card_name ?? 'Stored-value card',
    faceValue: face,
    balance,
    effectiveAt: valid.from,
    expiresAt: valid.to,
    createdAt: now,
    seq: ++world.seq,
  };
  world.benefits.cards.set(card.id, card);
  return ok(mockCardView(card));
}
