/**
 * Freezing and unfreezing customers (reference §2.A A6/A7, international site). Only resale-model (转售) customers of
 * the acting partner can be frozen. Per-customer refusals are reported in `error_details` next to the customers that
 * were processed (HTTP 200); only a refusal of the whole request (a reseller the caller may not act for) is an
 * error. The freeze is visible as `is_frozen` in ListSubCustomers: 1 account, 2 account and resources.
 */
import type { IntlComponents } from '@partner-center/sdk';
import { fail, ok, type Result } from '../../kernel/result.js';
import { actingPartner, type Partner, isSubCustomerOf, type Parties } from '../../kernel/parties.js';

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface FreezeSlice {
  /** Freezes of customers; `Customer.isFrozen` mirrors them. */
  freezes: FreezeState;
}

/** The part of a tenant's World this aggregate reads and writes. */
export type FreezeWorld = Parties & FreezeSlice;

type SI = IntlComponents['schemas'];
export type FreezeType = 'ACCOUNT' | 'ACCOUNT_AND_RESOURCE';

/** Why and how a customer is frozen. */
export interface Freeze {
  type: FreezeType;
  reason: string;
  since: number;
  /** `partner`: FreezeSubCustomers; `budget`: the automatic freeze on a used-up budget. */
  source: 'partner' | 'budget';
}

export type FreezeState = Map<string, Freeze>;
export const createFreezeState = (): FreezeState => new Map();

const LEVEL: Record<FreezeType, 1 | 2> = { ACCOUNT: 1, ACCOUNT_AND_RESOURCE: 2 };

/** Freezes a customer (the one place that sets `is_frozen`, with unfreezeCustomer). */
export function freezeCustomer(
  world: FreezeWorld,
  customerId: string,
  type: FreezeType,
  reason: string,
  source: Freeze['source'],
): void {
  const c = world.customers.get(customerId);
  if (!c) return;
  world.freezes.set(customerId, { type, reason, since: world.clock.now(), source });
  c.isFrozen = LEVEL[type];
}

/** Lifts any freeze of a customer; a customer that is not frozen is left as it is. */
export function unfreezeCustomer(world: FreezeWorld, customerId: string): void {
  const c = world.customers.get(customerId);
  world.freezes.delete(customerId);
  if (c) c.isFrozen = 0;
}

type FreezeInput = SI['FreezeSubCustomersRequest'];
type UnfreezeInput = SI['UnfreezeSubCustomersRequest'];

/** The per-customer verdict: undefined when the customer can be (un)frozen by this partner. */
function refusal(world: FreezeWorld, owner: Partner, id: string): SI['CustomerErrorDetail'] | undefined {
  const c = world.customers.get(id);
  if (!isSubCustomerOf(world, c, owner))
    return { error_code: 'CBC.99000035', error_msg: `Customer ${id} is not a sub-customer of this partner.`, id };
  if (c.associationType !== '3') {
    return {
      error_code: 'CBC.99005024',
      error_msg: `Customer ${id} is not a resale-model (转售) customer; only those can be frozen or unfrozen by the partner.`,
      id,
    };
  }
  return undefined;
}

function process(
  world: FreezeWorld,
  caller: Partner,
  input: FreezeInput | UnfreezeInput,
  apply: (id: string) => void,
): Result<SI['FreezeResult']> {
  const owner = actingPartner(world, caller, input.indirect_partner_id);
  if (!owner)
    return fail('CBC.99000037', `You have no permission to operate on tier-2 reseller ${input.indirect_partner_id}.`);
  const ids = [...new Set(input.customer_ids)];
  const errors = ids
    .map((id) => refusal(world, owner, id))
    .filter((e): e is SI['CustomerErrorDetail'] => e !== undefined);
  const refused = new Set(errors.map((e) => e.id));
  // Every customer refused: a top-level error (reference A6, model FreezeSubCustomersResponse); error_details is for a
  // partial failure only. The code is the first customer's (the others' are in the message).
  if (errors.length === ids.length && errors.length > 0) {
    const first = errors[0]!;
    return fail(
      first.error_code as never,
      errors.length === 1 ? first.error_msg! : `No customer was processed: ${errors.map((e) => e.error_msg).join(' ')}`,
    );
  }
  for (const id of ids) if (!refused.has(id)) apply(id);
  return ok(errors.length ? { error_details: errors } : {});
}

/** FreezeSubCustomers. */
export function freezeCustomers(world: FreezeWorld, caller: Partner, input: FreezeInput): Result<SI['FreezeResult']> {
  const type: FreezeType = input.freeze_type ?? 'ACCOUNT';
  return process(world, caller, input, (id) => freezeCustomer(world, id, type, input.reason, 'partner'));
}

/** UnfreezeSubCustomers: either unfreeze type lifts the whole freeze (`is_frozen` has no "resources only" value). */
export function unfreezeCustomers(
  world: FreezeWorld,
  caller: Partner,
  input: UnfreezeInput,
): Result<SI['FreezeResult']> {
  return process(world, caller, input, (id) => unfreezeCustomer(world, id));
}

/** Invariants: `is_frozen` is exactly the level of the customer's freeze, and freezes name existing customers. */
export function freezeInvariants(world: FreezeWorld): string[] {
  const out: string[] = [];
  for (const [id, f] of world.freezes) {
    const c = world.customers.get(id);
    if (!c) out.push(`freeze of unknown customer ${id}`);
    else if (c.isFrozen !== LEVEL[f.type])
      out.push(`customer ${id} is frozen ${f.type} but shows is_frozen ${c.isFrozen}`);
  }
  for (const c of world.customers.values()) {
    if (c.isFrozen !== 0 && !world.freezes.has(c.id))
      out.push(`customer ${c.id} shows is_frozen ${c.isFrozen} without a freeze`);
  }
  return out;
}
