/**
 * ListSubCustomers (reference §2.A): the acting partner's customers, filtered, newest first, one page, in one pass
 * over the partner's own customers. views.ts gives the listing entries.
 */
import type { CnComponents, IntlComponents } from '@partner-center/sdk';
import { actingPartner, type Customer, customersOf, notYourReseller, type Partner } from '../../kernel/parties.js';
import { ok, type Result } from '../../kernel/result.js';
import { type CustomersWorld, lower } from './state.js';
import { listedInfo } from './views.js';

type S = CnComponents['schemas'];
type SI = IntlComponents['schemas'];

/** ListSubCustomers filters; `""` and null mean "no filter". */
type ListQuery = S['ListSubCustomersRequest'] | SI['ListSubCustomersRequestIntl'];

/**
 * ListSubCustomers: the acting partner's customers, filtered, newest first, one page. A customer appears once its
 * asynchronous association has completed (CBC.99000050 tells callers to confirm the association this way).
 */
export function listCustomers(
  world: CustomersWorld,
  caller: Partner,
  q: ListQuery,
): Result<S['ListSubCustomersResponse']> {
  const owner = actingPartner(world, caller, q.indirect_partner_id);
  if (!owner) return notYourReseller(q.indirect_partner_id);
  const now = world.clock.now();
  const begin = q.associated_on_begin ? Date.parse(q.associated_on_begin) : undefined;
  const end = q.associated_on_end ? Date.parse(q.associated_on_end) : undefined;

  const filter: ListFilter = {
    now,
    customerId: q.customer_id || undefined,
    name: q.account_name ? lower(q.account_name) : undefined,
    realName: q.customer ? lower(q.customer) : undefined,
    label: q.label || undefined,
    associationType: q.association_type || undefined,
    begin,
    end,
  };
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 10;

  // One pass over the partner's own customers from the last created: newest first is then the list's reverse order,
  // and only the page is kept. Creation times only run backwards when a test sets the clock back; then the matches
  // are sorted.
  const own = customersOf(world, owner.id);
  const page: Customer[] = [];
  let count = 0;
  let newer: Customer | undefined;
  for (let i = own.length - 1; i >= 0; i--) {
    const c = own[i]!;
    if (!matches(filter, c)) continue;
    if (newer !== undefined && c.createdAt > newer.createdAt)
      return ok(
        sortedPage(
          own.filter((x) => matches(filter, x)),
          offset,
          limit,
        ),
      );
    newer = c;
    if (count >= offset && count < offset + limit) page.push(c);
    count++;
  }
  return ok({ count, customer_infos: page.map(listedInfo) });
}

/** ListSubCustomers filters, normalised (`""` and null: no filter; names lower-cased). */
interface ListFilter {
  now: number;
  customerId: string | undefined;
  name: string | undefined;
  realName: string | undefined;
  label: string | undefined;
  associationType: string | undefined;
  begin: number | undefined;
  end: number | undefined;
}

function matches(f: ListFilter, c: Customer): boolean {
  if (c.associatedAt > f.now) return false;
  if (f.customerId !== undefined && c.id !== f.customerId) return false;
  if (f.name !== undefined && !lower(c.accountName).includes(f.name)) return false;
  if (f.realName !== undefined && !(c.realName !== undefined && lower(c.realName).includes(f.realName))) return false;
  if (f.label !== undefined && !c.label?.includes(f.label)) return false;
  if (f.associationType !== undefined && c.associationType !== f.associationType) return false;
  if (f.begin !== undefined || f.end !== undefined) {
    // The service compares at second precision, as it formats the times.
    const at = Math.floor(c.associatedAt / 1000) * 1000;
    if ((f.begin !== undefined && at < f.begin) || (f.end !== undefined && at > f.end)) return false;
  }
  return true;
}

/** One page of customers newest first (creation time, then creation order) when creation times are out of order. */
function sortedPage(matches: Customer[], offset: number, limit: number): S['ListSubCustomersResponse'] {
  matches.sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
  return { count: matches.length, customer_infos: matches.slice(offset, offset + limit).map(listedInfo) };
}
