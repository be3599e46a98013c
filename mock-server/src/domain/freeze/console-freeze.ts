/**
 * Freeze / unfreeze in the China-site console (FreezeCustomersInConsole / UnfreezeCustomersInConsole), mirroring the
 * international FreezeSubCustomers shape: reseller-model customers only, per-customer refusals.
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { isSubCustomerOf } from '../../kernel/parties.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { consoleOwner, consolePartner } from '../partners/index.js';
import { type FreezeType, type FreezeWorld, freezeCustomer, unfreezeCustomer } from './freeze.js';

type C = ControlComponents['schemas'];

/** FreezeCustomersInConsole / UnfreezeCustomersInConsole: reseller-model customers only, per-customer refusals. */
export function consoleFreeze(
  world: FreezeWorld,
  input: C['ConsoleFreezeRequest'] | C['ConsoleUnfreezeRequest'],
  action: 'freeze' | 'unfreeze',
): Result<C['ConsoleFreezeResult']> {
  const caller = consolePartner(world, input.partner_id);
  if (!caller.ok) return caller;
  if (caller.value.site !== 'cn')
    return fail(
      'CONSOLE.SITE_NOT_SUPPORTED',
      'International partners freeze customers with FreezeSubCustomers / UnfreezeSubCustomers.',
    );
  const owner = consoleOwner(world, caller.value, input.indirect_partner_id);
  if (!owner.ok) return owner;
  const ids = [...new Set(input.customer_ids)];
  const errors: C['ConsoleError'][] = [];
  for (const id of ids) {
    const c = world.customers.get(id);
    if (!isSubCustomerOf(world, c, owner.value))
      errors.push({
        id,
        error_code: 'CBC.99000035',
        error_msg: `Customer ${id} is not a sub-customer of this partner.`,
      });
    else if (c.associationType !== '2')
      errors.push({
        id,
        error_code: 'CBC.99005024',
        error_msg: `Customer ${id} is not a reseller-model (代售) customer; only those can be frozen or unfrozen by the partner.`,
      });
  }
  const refused = new Set(errors.map((e) => e.id));
  const type: FreezeType = ('freeze_type' in input ? input.freeze_type : undefined) ?? 'ACCOUNT';
  for (const id of ids) {
    if (refused.has(id)) continue;
    if (action === 'freeze') freezeCustomer(world, id, type, input.reason, 'partner');
    else unfreezeCustomer(world, id);
  }
  return ok(errors.length ? { error_details: errors } : {});
}
