/**
 * Association invariants: records name existing customers; a customer has at most one pending request; a customer
 * without a partner was disassociated by an approved record and holds nothing of a partner any more (settle.ts:
 * {@link holdingsLeft}); a customer's type exists on its site; the explicit set matches the written `associate`
 * records.
 */
import { holdingsLeft } from './settle.js';
import { type AssociationsWorld, SITE_TYPES } from './state.js';

function recordInvariants(world: AssociationsWorld): string[] {
  const out: string[] = [];
  const a = world.associations;
  const pending = new Map<string, number>();
  const ids = new Set<string>();
  for (const e of a.events) {
    if (ids.has(e.id)) out.push(`associations: duplicate record id ${e.id}`);
    ids.add(e.id);
    if (!world.customers.has(e.customerId))
      out.push(`associations: record ${e.id} of unknown customer ${e.customerId}`);
    if (e.status === 'pending') pending.set(e.customerId, (pending.get(e.customerId) ?? 0) + 1);
    if ((e.status === 'pending') !== (e.decidedAt === undefined))
      out.push(`associations: record ${e.id} is ${e.status} with decidedAt ${e.decidedAt}`);
    if (e.effects && (e.status !== 'approved' || e.operation === 'associate'))
      out.push(`associations: record ${e.id} (${e.operation}, ${e.status}) has effects`);
    if (e.operation === 'switch_type' && e.targetType === undefined)
      out.push(`associations: switch ${e.id} has no target type`);
  }
  for (const [id, n] of pending) if (n > 1) out.push(`associations: customer ${id} has ${n} pending requests`);
  for (const id of a.standing.keys())
    if (!world.customers.has(id)) out.push(`associations: standing of unknown customer ${id}`);
  return out;
}

function customerInvariants(world: AssociationsWorld): string[] {
  const out: string[] = [];
  const a = world.associations;
  for (const c of world.customers.values()) {
    if (!SITE_TYPES[c.site].includes(c.associationType))
      out.push(`associations: customer ${c.id} on the ${c.site} site has type ${c.associationType}`);
    if (c.partnerId !== '') continue;
    if (a.explicit.has(c.id)) out.push(`associations: unassociated customer ${c.id} is marked explicit`);
    const last = a.events
      .filter((e) => e.customerId === c.id && e.status === 'approved' && e.operation !== 'switch_type')
      .sort((x, y) => x.seq - y.seq)
      .at(-1);
    if (last?.operation !== 'disassociate')
      out.push(`associations: customer ${c.id} has no partner but no approved disassociation`);
    out.push(...holdingsLeft(world, c));
  }
  for (const id of a.explicit) {
    const c = world.customers.get(id);
    if (!c) out.push(`associations: explicit unknown customer ${id}`);
    else if (
      !a.events.some(
        (e) =>
          e.customerId === id && e.operation === 'associate' && e.status === 'approved' && e.partnerId === c.partnerId,
      )
    ) {
      out.push(
        `associations: customer ${id} is explicit without an approved associate record for partner ${c.partnerId}`,
      );
    }
  }
  return out;
}

/** Every violated association invariant, one sentence each. */
export function associationInvariants(world: AssociationsWorld): string[] {
  return [...recordInvariants(world), ...customerInvariants(world)];
}
