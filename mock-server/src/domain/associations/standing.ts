/**
 * A customer's standing with Huawei billing (arrears, unpaid orders), set through the control surface, and the
 * console-help preconditions it decides: no arrears and no unpaid orders, checked when a switch or disassociation is
 * requested and again when it takes effect.
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { formatYuan, parseAmount, toYuanNumber } from '../../kernel/money.js';
import type { Customer, Parties } from '../../kernel/parties.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import type { FundsSlice } from '../funds/index.js';
import type { AssociationsSlice, CustomerStanding } from './state.js';

type C = ControlComponents['schemas'];

/** A customer's standing; none set means nothing owed. */
export function standingOf(world: AssociationsSlice, customerId: string): CustomerStanding {
  return world.associations.standing.get(customerId) ?? { arrears: 0, unpaidOrders: 0 };
}

/** The console-help preconditions of a disassociation or switch: no arrears, no unpaid orders. */
export function preconditions(world: AssociationsSlice & FundsSlice, c: Customer): Result<void> {
  const s = standingOf(world, c.id);
  // Arrears Huawei billing reports, and any debt on the customer's partner-allocation account.
  const arrears = Math.max(s.arrears, world.funds.allocations.get(c.id)?.debt ?? 0);
  if (arrears > 0)
    return fail(
      'CONSOLE.ARREARS',
      `Customer ${c.id} has arrears of ${formatYuan(arrears)}; they must be repaid before the association can change.`,
    );
  if (s.unpaidOrders > 0) {
    return fail(
      'CONSOLE.UNPAID_ORDERS',
      `Customer ${c.id} has ${s.unpaidOrders} unpaid order(s); they must be paid or cancelled before the association can change.`,
    );
  }
  return ok(undefined);
}

/** SetCustomerStanding: fields left out keep their value. */
export function setStanding(
  world: Parties & AssociationsSlice,
  input: C['SetCustomerStandingRequest'],
): Result<C['CustomerStanding']> {
  const c = world.customers.get(input.customer_id);
  if (!c) return fail('CBC.5002', `Customer ${input.customer_id} does not exist.`);
  const current = standingOf(world, c.id);
  let arrears = current.arrears;
  if (input.arrears_amount !== undefined) {
    const cents = parseAmount(input.arrears_amount);
    if (cents === undefined)
      return fail(
        'CBC.0100',
        `Invalid parameter: arrears_amount ${JSON.stringify(input.arrears_amount)} is not an amount.`,
      );
    arrears = cents;
  }
  const next = { arrears, unpaidOrders: input.unpaid_orders ?? current.unpaidOrders };
  world.associations.standing.set(c.id, next);
  return ok({ customer_id: c.id, arrears_amount: toYuanNumber(next.arrears), unpaid_orders: next.unpaidOrders });
}
