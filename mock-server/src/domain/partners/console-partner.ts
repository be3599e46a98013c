/**
 * Who a console action is for: the partner logged in to the console and the partner it acts as (itself, or for a
 * distributor one of its tier-2 resellers). Every console command starts here.
 */
import { fail, ok, type Result } from '../../kernel/result.js';
import { actingPartner, type Parties, type Partner } from '../../kernel/parties.js';

/** The partner logged in to the console. */
export function consolePartner(world: Parties, partnerId: string): Result<Partner> {
  const p = world.partners.get(partnerId);
  return p ? ok(p) : fail('CBC.0100', `Invalid parameter: unknown partner ${partnerId}.`);
}

/** The partner the console acts for: the caller, or (distributors) one of its tier-2 resellers. */
export function consoleOwner(world: Parties, caller: Partner, indirectPartnerId: string | undefined): Result<Partner> {
  const owner = actingPartner(world, caller, indirectPartnerId);
  return owner
    ? ok(owner)
    : fail('CBC.99000037', `You have no permission to operate on tier-2 reseller ${indirectPartnerId}.`);
}

/** The console partner and the partner it acts for, in one step (most console commands need both). */
export function consoleActors(
  world: Parties,
  partnerId: string,
  indirectPartnerId: string | undefined,
): Result<{ caller: Partner; owner: Partner }> {
  const caller = consolePartner(world, partnerId);
  if (!caller.ok) return caller;
  const owner = consoleOwner(world, caller.value, indirectPartnerId);
  return owner.ok ? ok({ caller: caller.value, owner: owner.value }) : owner;
}
