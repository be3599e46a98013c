/**
 * SMB new-customer tags (reference §2.A A5, China site). Huawei decides a customer's tag from its history; the
 * control surface sets it. What ListSubCustomerNewTag shows is derived on read:
 *  - no tag while the customer is not real-name verified;
 *  - `UNDETERMINED` for a verified customer Huawei has not decided about;
 *  - the tag set, except that a `Y` tag whose expiry month is past reads `N`.
 */
import type { CnComponents } from '@partner-center/sdk';
import { fail, ok, type Result } from '../../kernel/result.js';
import { actingPartner, type Customer, type Partner, isSubCustomerOf, type Parties } from '../../kernel/parties.js';

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface TagsSlice {
  /** SMB new-customer tags Huawei set. */
  newCustomerTags: TagState;
}

/** The part of a tenant's World this aggregate reads and writes. */
export type TagsWorld = Parties & TagsSlice;

type S = CnComponents['schemas'];
export type NewCustomerTagValue = 'Y' | 'N' | 'UNDETERMINED';

export interface NewCustomerTag {
  tag: NewCustomerTagValue;
  /** `YYYY-MM`. */
  effectiveMonth?: string;
  expireMonth?: string;
}

export type TagState = Map<string, NewCustomerTag>;
export const createTagState = (): TagState => new Map();

/** `YYYY-MM` of an instant (UTC). */
export const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/** The item ListSubCustomerNewTag shows for a customer at `now`. */
export function tagItem(world: TagsWorld, c: Customer, now: number): S['NewCustomerTagItem'] {
  const item: S['NewCustomerTagItem'] = { customer_id: c.id, customer_tag_type: 'SMB' };
  if (c.verifiedStatus !== '2') return item;
  const t = world.newCustomerTags.get(c.id);
  if (!t) return { ...item, new_customer_tag: 'UNDETERMINED' };
  const expired = t.tag === 'Y' && t.expireMonth !== undefined && monthOf(now) > t.expireMonth;
  return {
    ...item,
    new_customer_tag: expired ? 'N' : t.tag,
    ...(t.effectiveMonth ? { effective_time: t.effectiveMonth } : {}),
    ...(t.expireMonth ? { expire_time: t.expireMonth } : {}),
  };
}

/** ListSubCustomerNewTag: one page of the acting partner's customers' tags (others' ids are dropped silently). */
export function listNewCustomerTags(
  world: TagsWorld,
  caller: Partner,
  q: S['ListSubCustomerNewTagRequest'],
): Result<S['ListSubCustomerNewTagResponse']> {
  const owner = actingPartner(world, caller, q.indirect_partner_id);
  if (!owner)
    return fail('CBC.99000037', `You have no permission to operate on tier-2 reseller ${q.indirect_partner_id}.`);
  const own = (c: Customer | undefined): c is Customer => isSubCustomerOf(world, c, owner);
  const customers = q.customer_ids?.length
    ? [...new Set(q.customer_ids)].map((id) => world.customers.get(id)).filter(own)
    : [...world.customers.values()].filter(own).sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
  const now = world.clock.now();
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 10;
  return ok({ new_customer_tags: customers.slice(offset, offset + limit).map((c) => tagItem(world, c, now)) });
}

/** Control surface: set a customer's tag. `Y` needs both months, and the expiry month may not precede the effective one. */
export function setNewCustomerTag(
  world: TagsWorld,
  input: { customer_id: string; new_customer_tag: NewCustomerTagValue; effective_time?: string; expire_time?: string },
): Result<NewCustomerTag> {
  if (!world.customers.has(input.customer_id)) return fail('CBC.0100', `Customer ${input.customer_id} does not exist.`);
  if (input.new_customer_tag === 'Y' && (!input.effective_time || !input.expire_time)) {
    return fail('CBC.0100', 'A Y tag needs effective_time and expire_time.');
  }
  if (input.effective_time && input.expire_time && input.expire_time < input.effective_time) {
    return fail('CBC.0100', `expire_time ${input.expire_time} is before effective_time ${input.effective_time}.`);
  }
  const tag: NewCustomerTag = {
    tag: input.new_customer_tag,
    ...(input.effective_time ? { effectiveMonth: input.effective_time } : {}),
    ...(input.expire_time ? { expireMonth: input.expire_time } : {}),
  };
  world.newCustomerTags.set(input.customer_id, tag);
  return ok(tag);
}

/** Invariants: tags name existing customers; a `Y` tag has an ordered month range. */
export function tagInvariants(world: TagsWorld): string[] {
  const out: string[] = [];
  for (const [id, t] of world.newCustomerTags) {
    if (!world.customers.has(id)) out.push(`new-customer tag of unknown customer ${id}`);
    if (t.tag === 'Y' && (!t.effectiveMonth || !t.expireMonth)) out.push(`Y tag of ${id} lacks its months`);
    if (t.effectiveMonth && t.expireMonth && t.expireMonth < t.effectiveMonth)
      out.push(`tag of ${id} expires before it takes effect`);
  }
  return out;
}
