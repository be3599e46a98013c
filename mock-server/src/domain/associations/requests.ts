/**
 * Requests on an association (console): a partner asks to switch a customer's type (the customer consents or refuses)
 * or applies to disassociate it (the customer accepts or refuses); a customer asks to end its association (the partner
 * approves or rejects); a partner invites an unassociated account (it accepts or refuses). A customer has at most one
 * pending request; the preconditions (arrears, unpaid orders) are checked here and again when the change takes effect.
 * Partner requests on an existing customer pass the partner's verification-code gate.
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { utcSeconds } from '../../kernel/clock.js';
import type { Customer, Partner } from '../../kernel/parties.js';
import { inRange, page } from '../../kernel/paging.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { checkGate, passGate } from '../codes/index.js';
import { consoleActors } from '../partners/index.js';
import { preconditions } from './standing.js';
import {
  allRecords,
  type AssociationEvent,
  type AssociationOperation,
  type AssociationStatus,
  type AssociationsWorld,
  DEFAULT_TYPE,
  pendingOf,
  pushRequest,
  SITE_TYPES,
  TYPE_NAME,
} from './state.js';
import { recordView } from './views.js';

type C = ControlComponents['schemas'];

type ListQuery = {
  partner_id: string;
  indirect_partner_id?: string;
  customer_id?: string;
  operation_type?: AssociationOperation;
  initiator?: 'partner' | 'customer';
  status?: AssociationStatus;
  created_begin?: string;
  created_end?: string;
  offset?: number;
  limit?: number;
};

/** ListAssociationRecords: the acting partner's records, filtered, newest first, one page. */
export function listRecords(world: AssociationsWorld, q: ListQuery): Result<C['AssociationRecords']> {
  const actors = consoleActors(world, q.partner_id, q.indirect_partner_id);
  if (!actors.ok) return actors;
  const { owner } = actors.value;
  const matches = allRecords(world)
    .filter((e) => e.partnerId === owner.id)
    .filter((e) => q.customer_id === undefined || e.customerId === q.customer_id)
    .filter((e) => q.operation_type === undefined || e.operation === q.operation_type)
    .filter((e) => q.initiator === undefined || e.initiator === q.initiator)
    .filter((e) => q.status === undefined || e.status === q.status)
    .filter((e) => inRange(e.createdAt, q.created_begin, q.created_end))
    .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq || (a.id < b.id ? -1 : 1));
  return ok({ total_count: matches.length, records: page(matches, q.offset, q.limit).map(recordView) });
}

/** The checks every request on an existing association shares. */
function changeable(world: AssociationsWorld, c: Customer): Result<void> {
  if (c.associatedAt > world.clock.now())
    return fail(
      'CONSOLE.ASSOCIATION_INCOMPLETE',
      `The association of customer ${c.id} completes at ${utcSeconds(c.associatedAt)}.`,
    );
  const pending = pendingOf(world, c.id);
  if (pending)
    return fail(
      'CONSOLE.REQUEST_PENDING',
      `Customer ${c.id} already has a pending ${pending.operation} request (${pending.id}).`,
    );
  return preconditions(world, c);
}

/** The partner's own sub-customer, with the console partner and the acting partner. */
function partnerSide(
  world: AssociationsWorld,
  input: { partner_id: string; indirect_partner_id?: string; customer_id: string },
): Result<{ caller: Partner; owner: Partner; customer: Customer }> {
  const actors = consoleActors(world, input.partner_id, input.indirect_partner_id);
  if (!actors.ok) return actors;
  const { owner } = actors.value;
  const c = world.customers.get(input.customer_id);
  if (!c || c.partnerId !== owner.id)
    return fail('CBC.99000035', `Customer ${input.customer_id} is not a sub-customer of partner ${owner.id}.`);
  return ok({ ...actors.value, customer: c });
}

type PartnerRequest = { partner_id: string; indirect_partner_id?: string; customer_id: string };

/**
 * A partner's request on one of its customers: the shared checks, then `check` (the request's own), then the gate;
 * then `record` is written down as a pending request.
 */
function partnerRequest(
  world: AssociationsWorld,
  input: PartnerRequest & { verification_code?: string },
  check: (c: Customer) => Result<void>,
  record: (c: Customer) => Pick<AssociationEvent, 'operation' | 'targetType' | 'reason'>,
): Result<C['AssociationRecord']> {
  const side = partnerSide(world, input);
  if (!side.ok) return side;
  const { caller, owner, customer: c } = side.value;
  const own = check(c);
  if (!own.ok) return own;
  const ready = changeable(world, c);
  if (!ready.ok) return ready;
  const pass = checkGate(world, caller, input.verification_code);
  if (!pass.ok) return pass;

  passGate(pass.value);
  const { operation, ...rest } = record(c);
  const e = pushRequest(
    world,
    { partnerId: owner.id, customerId: c.id, operation, initiator: 'partner', type: c.associationType, ...rest },
    c,
  );
  return ok(recordView(e));
}

/** RequestAssociationTypeSwitch: a pending switch the customer must consent to. */
export function requestSwitch(
  world: AssociationsWorld,
  input: C['SwitchAssociationTypeRequest'],
): Result<C['AssociationRecord']> {
  const to = input.association_type;
  return partnerRequest(
    world,
    input,
    (c) => {
      if (!SITE_TYPES[c.site].includes(to)) {
        return fail(
          'CONSOLE.TYPE_NOT_ON_SITE',
          `Association type ${to} does not exist on the ${c.site === 'cn' ? 'China' : 'international'} site (types ${SITE_TYPES[c.site].join(', ')}).`,
        );
      }
      if (to === c.associationType)
        return fail('CONSOLE.SAME_TYPE', `Customer ${c.id} is already a ${TYPE_NAME[c.associationType]} customer.`);
      return ok(undefined);
    },
    () => ({
      operation: 'switch_type',
      targetType: to,
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
    }),
  );
}

/** RequestDisassociation: the partner applies; the customer accepts or refuses. */
export function requestDisassociation(
  world: AssociationsWorld,
  input: C['PartnerDisassociationRequest'],
): Result<C['AssociationRecord']> {
  return partnerRequest(
    world,
    input,
    () => ok(undefined),
    () => ({ operation: 'disassociate', reason: input.reason }),
  );
}

/** RequestDisassociationAsCustomer: the customer asks; its partner approves or rejects. */
export function requestDisassociationAsCustomer(
  world: AssociationsWorld,
  input: C['CustomerDisassociationRequest'],
): Result<C['AssociationRecord']> {
  const c = world.customers.get(input.customer_id);
  if (!c) return fail('CBC.5002', `Customer ${input.customer_id} does not exist.`);
  if (c.partnerId === '') return fail('CONSOLE.NOT_ASSOCIATED', `Account ${c.id} is not associated with any partner.`);
  const ready = changeable(world, c);
  if (!ready.ok) return ready;
  const e = pushRequest(
    world,
    {
      partnerId: c.partnerId,
      customerId: c.id,
      operation: 'disassociate',
      initiator: 'customer',
      type: c.associationType,
      reason: input.reason,
    },
    c,
  );
  return ok(recordView(e));
}

/** InviteAssociation: a partner invites an account no partner is associated with. */
export function inviteAssociation(
  world: AssociationsWorld,
  input: C['InviteAssociationRequest'],
): Result<C['AssociationRecord']> {
  const actors = consoleActors(world, input.partner_id, input.indirect_partner_id);
  if (!actors.ok) return actors;
  const { owner } = actors.value;
  const c = world.customers.get(input.customer_id);
  if (!c) return fail('CBC.5002', `Customer ${input.customer_id} does not exist.`);
  if (c.partnerId !== '')
    return fail(
      'CONSOLE.ALREADY_ASSOCIATED',
      `Account ${c.id} is already associated with ${c.partnerId === owner.id ? 'you' : 'another partner'}.`,
    );
  if (c.site !== owner.site)
    return fail(
      'CONSOLE.SITE_NOT_SUPPORTED',
      `Account ${c.id} is on the ${c.site} site; partner ${owner.id} is on the ${owner.site} site.`,
    );
  const type = input.association_type ?? DEFAULT_TYPE[c.site];
  if (!SITE_TYPES[c.site].includes(type))
    return fail('CONSOLE.TYPE_NOT_ON_SITE', `Association type ${type} does not exist on the customer's site.`);
  const pending = pendingOf(world, c.id);
  if (pending)
    return fail(
      'CONSOLE.REQUEST_PENDING',
      `Account ${c.id} already has a pending ${pending.operation} request (${pending.id}).`,
    );
  const e = pushRequest(
    world,
    {
      partnerId: owner.id,
      customerId: c.id,
      operation: 'associate',
      initiator: 'partner',
      type,
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
    },
    c,
  );
  return ok(recordView(e));
}
