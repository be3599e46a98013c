/**
 * BatchAllocate (console): each allocation as UpdateCustomerAccountAmount would, each on its own; per-customer
 * refusals are reported, not fatal. China site only; behind the partner's verification-code gate.
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { parseAmount, toYuanNumber } from '../../kernel/money.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { checkGate, type GateWorld, passGate } from '../codes/index.js';
import { consoleOwner, consolePartner } from '../partners/index.js';
import { allocateToCustomer } from './customer-transfers.js';
import type { FundsWorld } from './state.js';

type C = ControlComponents['schemas'];

/** BatchAllocate: each allocation as UpdateCustomerAccountAmount would, each on its own. */
export function batchAllocate(
  world: FundsWorld & GateWorld,
  input: C['BatchAllocateRequest'],
): Result<C['BatchAllocateResult']> {
  const p = consolePartner(world, input.partner_id);
  if (!p.ok) return p;
  const caller = p.value;
  if (caller.site !== 'cn') return fail('CONSOLE.SITE_NOT_SUPPORTED', 'Allocation exists on the China site only.');
  const owner = consoleOwner(world, caller, input.indirect_partner_id);
  if (!owner.ok) return owner;
  const pass = checkGate(world, caller, input.verification_code);
  if (!pass.ok) return pass;

  passGate(pass.value);
  const results = input.allocations.map((a): C['BatchAllocateResult']['results'][number] => {
    const amount = toYuanNumber(parseAmount(a.amount)!);
    const r = allocateToCustomer(world, caller, {
      customer_id: a.customer_id,
      amount: a.amount,
      ...(input.indirect_partner_id !== undefined ? { indirect_partner_id: input.indirect_partner_id } : {}),
    });
    return r.ok
      ? { customer_id: a.customer_id, amount, transfer_id: r.value.transfer_id }
      : { customer_id: a.customer_id, amount, error_code: r.error.code, error_msg: r.error.message };
  });
  const failures = results.filter((r) => r.error_code !== undefined).length;
  return ok({ success_count: results.length - failures, failure_count: failures, results });
}
